"""What every command shares: the open workspace, the clock, output helpers."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

import typer

from innercircle.core.errors import InnercircleError
from innercircle.reports.console import PlainConsole
from innercircle.reports.console import literal as literal  # re-exported: the commands use it

# Commands import the services they use inside their bodies: `innercircle --help` and every command
# load only what they need (SQLAlchemy, alembic, networkx, the importers… cost seconds to import).
if TYPE_CHECKING:
    from innercircle.config import Config
    from innercircle.services import Workspace

# Everything a command prints goes through these two: names, subjects and messages from files and
# servers print as the literal text they are (PlainConsole), whatever the call site put them into.
out = PlainConsole(soft_wrap=True)
err = PlainConsole(stderr=True, soft_wrap=True)


@dataclass
class State:
    """Options given before the command."""

    db: str | None = None
    verbose: bool = False


state = State()


def config() -> Config:
    """The process's configuration, with ``--db`` taking precedence over the environment."""
    from innercircle.config import Config

    s = Config()
    if state.db:
        s.db = state.db
    return s


def db_url() -> str:
    """The database in force: ``--db`` (or ``INNERCIRCLE_DB``), else the configured default; the same as
    ``config().db_url()`` without loading pydantic when nothing in the environment could change it."""
    if state.db:
        return state.db
    if not any(k.upper().startswith("INNERCIRCLE_") for k in os.environ):
        from innercircle.paths import default_db_path

        return str(default_db_path())
    return config().db_url()


def _region(given: str | None = None) -> str:
    """The phone region for numbers written without a country code: ``--region``, else the configured
    ``default_region`` (``INNERCIRCLE_DEFAULT_REGION``), else core's default."""
    if given:
        return given.upper()
    if not any(k.upper().startswith("INNERCIRCLE_") for k in os.environ):
        from innercircle.core.model import DEFAULT_REGION

        return DEFAULT_REGION
    return config().default_region.upper()


@contextmanager
def workspace(db: str | None = None, region: str | None = None) -> Iterator[Workspace]:
    """The workspace for this command (``region``: its ``--region``, when it has one)."""
    from innercircle.services.runtime.workspace import Workspace

    ws = None
    try:
        ws = Workspace(db or db_url(), region=_region(region))
        yield ws
    finally:
        if ws is not None:
            ws.close()


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line and return the exit to raise."""
    err.print(f"[bold red]error:[/] {literal(message, lines=True)}", highlight=False, markup=True)
    return typer.Exit(code)


def zone(ws: Workspace) -> tzinfo:
    """The owner's time zone: the calendar days of the dates a user types ("today", "2026-12-03") and the
    offsets of the moments a command prints."""
    from innercircle.services.runtime.localzone import get_zone

    with ws.read() as tx:
        return get_zone(tx)


def as_of_moment(text: str | None, ws: Workspace, current: datetime | None = None) -> datetime:
    """``--as-of DATE``: the start of that day in the owner's zone; without a date, ``current`` or this
    command's "now" (``Workspace.now``: the clock, or on a demo database its story day)."""
    from innercircle.core.dates import as_of_moment as at_start

    current = current or ws.now()
    return current if text is None else at_start(text, current, zone(ws))


def _default(o: Any) -> Any:
    if isinstance(o, datetime | date):
        return o.isoformat()
    if isinstance(o, set | tuple):
        return list(o)
    raise TypeError(f"not JSON: {type(o).__name__}")


def _is_result(data: Any) -> bool:
    """Whether ``data`` is a typed result (innercircle.results) or a list of them."""
    first = data[0] if isinstance(data, list) and data else data
    return hasattr(first, "model_dump")


def print_json(data: Any, zone: tzinfo | None) -> None:
    """Machine output: JSON on stdout and nothing else, of a result or a list of results (or plain data);
    moments with the offset of ``zone``, the owner's (``on_clock``), or with None as stored, in UTC (an
    export: the same as the file it would write).
    JSON escapes the C0 controls itself; DEL, the C1 controls (0x9B starts an escape sequence on some
    terminals) and the bidirectional overrides are escaped here too, so no character in it can steer a
    terminal the JSON is shown on."""
    from innercircle.core.dates import has_moments, on_clock

    if _is_result(data):
        from innercircle.results.moments import jsonable

        data = jsonable(data, zone)
    elif zone is not None and has_moments(data):
        data = on_clock(data, zone)
    text = json.dumps(data, default=_default, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def guard(fn: Any) -> Any:
    """Decorator: user errors print one line and exit non-zero, never a traceback."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InnercircleError as exc:
            raise fail(str(exc)) from None

    return wrapper


def ask(question: str) -> bool:
    """A yes/no question on stderr, the answer read from stdin (anything but y/yes is no); stdout is left
    to --json alone (click's own prompt writes a space there)."""
    err.print(f"{question} [y/N] ", end="", highlight=False, markup=False)
    return sys.stdin.readline().strip().lower() in ("y", "yes")
