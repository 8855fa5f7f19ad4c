"""Text that came from outside, made safe to show: no character in it can steer a terminal or a
spreadsheet.

A name, subject or note read from a file or a server is data. Printed raw, an ESC starts a terminal
escape sequence (colours, a window title, a disguised link), a BEL rings, a CR rewrites the line
already shown, and bidirectional overrides reorder what the reader sees. :func:`visible` replaces each
such character with a visible stand-in, so the text still shows that something was there. In a CSV
cell, a leading ``=``, ``+``, ``-``, ``@``, tab or CR makes a spreadsheet evaluate the cell as a
formula; :func:`formula_safe` prefixes such a cell with an apostrophe, the spreadsheets' own mark for
"this is text", and :func:`formula_unsafe` takes that mark off again when the file is read back.
"""

from __future__ import annotations

import functools

# C0 controls show as the Unicode "control pictures" (ESC as ␛, BEL as ␇, CR as ␍), DEL as ␡.
_PICTURES = {c: chr(0x2400 + c) for c in range(0x20)} | {0x7F: "\u2421"}
# C1 controls (0x9B is a one-byte CSI on some terminals) and the bidirectional embeddings, overrides
# and isolates, which reorder the text around them on screen: the replacement character.
_REPLACED = [*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@functools.cache
def _table(keep: str) -> dict[int, str]:
    table = _PICTURES | dict.fromkeys(_REPLACED, "\ufffd")
    for ch in keep:
        table.pop(ord(ch), None)
    return table


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control character (C0 but those in ``keep``, DEL, C1) and every bidirectional
    override shown as a visible stand-in; nothing in the result can start a terminal escape sequence.

    ``keep="\\n\\t"`` for text whose lines are ours to break; single-line fields (a name) keep nothing, so a
    newline in a name cannot fake a line of output."""
    return text.translate(_table(keep))


def formula_safe(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting a formula (after any apostrophes, so that
    :func:`formula_unsafe` gives back exactly ``cell``) gets one more leading apostrophe."""
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_START) else cell


def formula_unsafe(cell: str) -> str:
    """The value :func:`formula_safe` was given: the apostrophe before a formula start taken off."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START) else cell
