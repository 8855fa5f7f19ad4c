"""Live sources (IMAP headers, CardDAV, CalDAV): the kinds of account and the module that pulls each.

Modules are imported when an account of their kind syncs, never at CLI startup.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# kind -> the module with its ``pull`` (see sync/base.py)
KINDS: dict[str, str] = {
    "imap": "innercircle.sync.imap",
    "carddav": "innercircle.sync.carddav",
    "caldav": "innercircle.sync.caldav",
}
# kind -> the source its records are stored under: the same as the file importers', so a message or
# contact already imported from a file is recognised, not stored twice
SOURCES: dict[str, str] = {"imap": "mail", "carddav": "vcard", "caldav": "ics"}


def puller(kind: str) -> ModuleType | None:
    """The module that pulls this kind of account (None when this installation has none)."""
    path = KINDS.get(kind)
    if path is None:
        return None
    try:
        return importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name == path:
            return None
        raise
