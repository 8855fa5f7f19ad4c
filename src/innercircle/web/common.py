"""What every route shares: the workspace, the clock, rendering, redirects, upload limits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Annotated, Any

from fastapi import Path as FastPath
from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from innercircle.core.dates import as_of_moment
from innercircle.services import Workspace, people
from innercircle.services.runtime.workspace import Tx

HERE = Path(__file__).parent
# ids are the schema's Integer, 32 bits on PostgreSQL: a larger one is refused, not overflowed
MAX_ID = people.MAX_ID
PathId = Annotated[int, FastPath(ge=1, le=MAX_ID)]


def ws(request: Request) -> Workspace:
    """The app's workspace."""
    return request.app.state.ws  # type: ignore[no-any-return]


def now(request: Request) -> datetime:
    """The clock, read once per request."""
    return request.app.state.clock()  # type: ignore[no-any-return]


def as_of_time(value: str | None, current: datetime, zone: tzinfo = UTC) -> datetime | None:
    """``as_of=DATE`` from a query: the start of that day in the owner's ``zone`` (None when absent)."""
    return None if not value else as_of_moment(value, current, zone)


def owner_zone(request: Request) -> tzinfo:
    """The owner's time zone (the setting ``budget set --timezone``, else the machine's)."""
    from sqlalchemy.exc import SQLAlchemyError

    from innercircle.services.runtime.localzone import get_zone

    try:
        with ws(request).read() as tx:
            return get_zone(tx)
    except SQLAlchemyError:  # an error page still renders when the database cannot be read
        return UTC


@contextmanager
def writing(request: Request) -> Iterator[Tx]:
    """A write transaction; the workspace's analyses are dropped after it commits (the next page waits
    for the fresh ones instead of being served the stale ones)."""
    with ws(request).begin() as tx:
        yield tx
    ws(request).cache.drop_analyses()


# the form fields that answer to a command-line flag a service's message names, where the words differ
_FIELDS = {"by": "who reached out", "at": "when", "on": "date"}
_FLAG = re.compile(r"(?<![\w-])--([a-z][a-z-]*)")
_COMMAND = re.compile(r"('innercircle [^']*'|innercircle [^;()]*)")


def comma_list(text: str) -> list[str]:
    """A form field of comma-separated entries ("founder, investor") → the entries, blanks left out."""
    return [t.strip() for t in text.split(",") if t.strip()]


def for_the_web(message: str) -> str:
    """A service's error as a web page or API user reads it: a command-line flag it names (``--minutes``)
    becomes the field's name ("the minutes field"); a whole command it quotes ('innercircle init …', for
    what only the command line does) is left as it is."""

    def fields(text: str) -> str:
        return _FLAG.sub(lambda m: f"the “{_FIELDS.get(m[1], m[1].replace('-', ' '))}” field", text)

    return "".join(p if _COMMAND.fullmatch(p) else fields(p) for p in _COMMAND.split(message))


def form_error(message: str, status: int, link: tuple[str, str] | None = None) -> Response:
    """The fragment a rejected htmx form shows in place (static/app.js puts it in the form's slot): the
    message, escaped, and with ``link`` (address, words) the way out of it."""
    from markupsafe import escape

    more = "" if link is None else f' <a href="{escape(link[0])}">{escape(link[1])}</a>'
    body = f'<p class="flash bad" role="alert">{escape(message)}{more}</p>'
    return HTMLResponse(body, status_code=status, headers={"HX-Reswap": "innerHTML"})


def is_htmx(request: Request) -> bool:
    """True when htmx sent the request (answer with a fragment, not a page)."""
    return request.headers.get("hx-request") == "true"


def render(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    """A page or fragment from a template, with the CSRF token and the navigation."""
    guard = request.app.state.guard
    session = getattr(request.state, "session", None)
    ctx |= {
        "csrf": "" if session is None else guard.csrf_token(session),
        "with_token": guard.token is not None,
        "logged_in": session is not None and session.auth,
        "path": request.url.path,
    }
    if "zone" not in ctx:  # every time on a page is on the owner's clock (the filters ``when``, ``day``)
        ctx["zone"] = owner_zone(request)
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, name, ctx, status_code=status_code
    )
    return response


BY_ID = re.compile(r"\(id (\d+)\)\s*$")  # a picked name that others share: "Grace Hopper (id 12)"


def go(request: Request, target: str, message: str | None = None) -> Response:
    """After a form that changes what a page shows: to ``target`` with the message. htmx is told where
    to go (HX-Redirect), a plain form gets a 303 (a reload does not repost)."""
    if message:
        target, hash_, anchor = target.partition("#")
        target += ("&" if "?" in target else "?") + "flash=" + _quote(message) + hash_ + anchor
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def back(request: Request, fallback: str, message: str | None = None) -> Response:
    """After a form POST: back to the page it came from (303, so a reload does not repost)."""
    target = fallback
    referer = request.headers.get("referer", "")
    base = str(request.base_url)
    if referer.startswith(base):
        target = "/" + referer[len(base) :]
    if message:
        target += ("&" if "?" in target else "?") + "flash=" + _quote(message)
    return RedirectResponse(target, status_code=303)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


class BodyLimit:
    """Refuse request bodies over the upload limit before reading them (411 without a length)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count what arrives."""
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is None and headers.get(b"transfer-encoding"):
            await _too_large(scope, receive, send, 411, "send the upload with a Content-Length")
            return
        if length is not None and (
            not (length.isascii() and length.isdigit()) or int(length) > self.max_bytes
        ):
            mb = self.max_bytes / 1_000_000
            await _too_large(scope, receive, send, 413, f"the upload is larger than the limit ({mb:g} MB)")
            return
        await self.app(scope, receive, send)


async def _too_large(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    path = scope.get("path", "")
    accept = dict(scope.get("headers") or []).get(b"accept", b"").decode("latin-1")
    response: Response
    if path.startswith("/api/") or "text/html" not in accept:
        response = JSONResponse({"detail": message}, status_code=status)
    else:
        page = (
            "<!doctype html><meta charset=utf-8><title>Upload refused</title>"
            '<link rel="stylesheet" href="/static/style.css"><main class="error">'
            f"<h1>Upload refused</h1><p>{message}.</p><p><a href='/import'>Back to import</a></p></main>"
        )
        response = HTMLResponse(page, status_code=status)
    await response(scope, receive, send)
