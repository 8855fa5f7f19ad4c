"""The console every command prints on: text from outside prints as itself, never as markup or as
terminal control."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from rich.console import Console, HighlighterType, JustifyMethod, OverflowMethod
from rich.errors import StyleError, StyleSyntaxError
from rich.markup import Tag, _parse
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text

from innercircle.core.plain import visible

# literal() hands outside brackets and backslashes to the markup reader as two private-use characters,
# turned back after parsing: no tag can start in outside text, and a trailing backslash in it cannot
# escape the tag that follows (rich's own escape() gets that case wrong: "Back\\" + "." prints two).
_BRACKET, _BACKSLASH = "\ue000", "\ue001"
_HIDE = {ord(_BRACKET): "\ufffd", ord(_BACKSLASH): "\ufffd"}
_TO_SENTINELS = {ord("["): _BRACKET, ord("\\"): _BACKSLASH}
_FROM_SENTINELS = {ord(_BRACKET): "[", ord(_BACKSLASH): "\\"}


def literal(value: object, lines: bool = False) -> str:
    """``value`` as literal text inside our markup (for :class:`PlainConsole`): no tag can start in it,
    control characters visible (newlines and tabs too, unless ``lines``: a name cannot fake a line)."""
    text = visible(str(value), keep="\n\t" if lines else "").translate(_HIDE)
    return text.translate(_TO_SENTINELS)


class PlainConsole(Console):
    """A console on which nothing from outside can do more than print itself.

    - A string given to :meth:`print` (or :meth:`rule`) is our markup with outside text put into it;
      call sites escape that text with :func:`literal`. The markup is read leniently all the same, so a
      call site that forgot cannot be crashed or hijacked: a tag is a style only when it names one
      (``[bold]``, ``[red]``) and a closing tag only when something is open to close; anything else
      (``[/]`` with nothing open, ``[link=…]``, ``[@click]``) prints as the literal text it is, never
      raises, never makes a link.
    - A string inside a table or any other renderable is data: never read as markup (cells that are
      ours to style are given as :meth:`markup` text).
    - No emoji codes; every control character (ESC, BEL, CR…) is shown visibly before layout, and
      again as the output is written (for Text built elsewhere), so the only escape sequences written
      are the console's own styles, and none at all when the output is not a terminal."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("emoji", False)
        kwargs.setdefault("markup", False)
        super().__init__(**kwargs)

    def print(self, *objects: Any, markup: bool | None = None, **kwargs: Any) -> None:
        """As :meth:`Console.print`; strings given here are markup unless ``markup=False`` (the strings
        inside a table given here stay data: the option is not passed on to what it renders)."""
        highlight = kwargs.get("highlight")
        super().print(
            *(
                self.render_str(o, markup=markup is not False, highlight=highlight)
                if isinstance(o, str)
                else o
                for o in objects
            ),
            **kwargs,
        )

    def rule(self, title: Any = "", **kwargs: Any) -> None:
        """As :meth:`Console.rule`; a string title is markup."""
        super().rule(self.markup(title) if isinstance(title, str) else title, **kwargs)

    def markup(self, text: str) -> Text:
        """Our markup as styled text, read as leniently as :meth:`print` reads it."""
        return self.render_str(text, markup=True, highlight=False)

    def render_str(
        self,
        text: str,
        *,
        style: str | Style = "",
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        emoji: bool | None = None,
        markup: bool | None = None,
        highlight: bool | None = None,
        highlighter: HighlighterType | None = None,
    ) -> Text:
        text = visible(text, keep="\n\t")
        if not (markup or (markup is None and self._markup)):
            return super().render_str(
                text.translate(_FROM_SENTINELS),
                style=style,
                justify=justify,
                overflow=overflow,
                emoji=False,
                markup=False,
                highlight=highlight,
                highlighter=highlighter,
            )
        rich_text = self._lenient_markup(text, style)
        rich_text.justify, rich_text.overflow = justify, overflow
        chosen = (
            (highlighter or self.highlighter)
            if highlight or (highlight is None and self._highlight)
            else None
        )
        if chosen is None:
            return rich_text
        lit = chosen(str(rich_text))
        lit.copy_styles(rich_text)
        return lit

    def _lenient_markup(self, markup: str, style: str | Style) -> Text:
        out = Text(style=style)
        opened: list[tuple[int, str, str]] = []  # (start, normalized name, style)
        for _, piece, tag in _parse(markup):
            if piece is not None:
                out.append(piece.replace("\\[", "[").translate(_FROM_SENTINELS))
            elif tag is not None:
                if tag.name.startswith("/"):
                    name = tag.name[1:].strip()
                    name = Style.normalize(name) if name else ""  # "[/]" closes whatever is open last
                    at = next((i for i in reversed(range(len(opened))) if name in ("", opened[i][1])), None)
                    if at is None:
                        out.append(tag.markup)
                    else:
                        start, _, tag_style = opened.pop(at)
                        out.spans.append(Span(start, len(out), tag_style))
                elif self._is_style(tag):
                    opened.append((len(out), Style.normalize(tag.name), tag.name))
                else:
                    out.append(tag.markup)
        for start, _, tag_style in reversed(opened):
            out.spans.append(Span(start, len(out), tag_style))
        return out

    def _is_style(self, tag: Tag) -> bool:
        """A plain style: no parameters (``link=``), no handler (``@``), no link in it."""
        if tag.parameters is not None or tag.name.startswith("@"):
            return False
        try:
            return self.get_style(tag.name).link is None
        except (StyleError, StyleSyntaxError):
            return False

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        # The last net: text segments (not the console's own control segments) written visibly.
        return super()._render_buffer(
            Segment(visible(seg.text, keep="\n\t"), seg.style, seg.control) if not seg.control else seg
            for seg in buffer
        )


def plain_logs() -> Callable[[], None]:
    """From now on every log record's message, string arguments, exception arguments and traceback are
    plain text (control characters visible) whatever handler writes it. Returns the function that puts
    the previous record factory back."""
    before = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = before(*args, **kwargs)
        if isinstance(record.msg, str):
            record.msg = visible(record.msg, keep="\n\t")
        if isinstance(record.args, tuple):
            record.args = tuple(_plain_arg(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _plain_arg(v) for k, v in record.args.items()}
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            record.exc_text = plain_traceback(*record.exc_info)
        return record

    logging.setLogRecordFactory(factory)
    return lambda: logging.setLogRecordFactory(before)


def plain_traceback(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """A traceback as plain text (an exception's message may quote a name or a server's answer): usable
    as ``sys.excepthook`` through :func:`print_plain_traceback`."""
    return visible("".join(traceback.format_exception(kind, exc, tb)).rstrip("\n"), keep="\n\t")


def print_plain_traceback(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook`` for the command: the traceback of an unexpected error, as plain text."""
    sys.stderr.write(plain_traceback(kind, exc, tb) + "\n")


def _plain_arg(value: object) -> object:
    # numbers keep their type (a %d still formats them); text and exceptions become visible text
    if isinstance(value, str | BaseException):
        return visible(str(value), keep="\n\t")
    return value
