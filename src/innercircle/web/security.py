"""Who may use the web app: loopback or a token, signed session cookies, CSRF tokens, origin checks."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Form, Header, Request
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer
from starlette.responses import JSONResponse, RedirectResponse, Response

from innercircle.services.serving import is_loopback

COOKIE = "innercircle_session"
SESSION_DAYS = 30
# paths anyone may fetch: the login page and the static files it needs
PUBLIC_PREFIXES = ("/static/", "/login", "/favicon.ico")


class CsrfError(Exception):
    """A form was posted without the token of the session that rendered it."""


@dataclass(slots=True)
class Session:
    """One browser's session: a random id, and whether it logged in with the token."""

    sid: str
    auth: bool = False
    fresh: bool = False  # not yet sent to the browser


class Guard:
    """The token, the session cookie and the CSRF tokens of one running app."""

    def __init__(self, token: str | None) -> None:
        self.token = token or None
        # With a token, the signing key follows from it: sessions survive a restart and die with
        # a new token. Without one, a fresh key per process is enough (sessions only carry CSRF).
        key = (
            hashlib.sha256(b"innercircle-web:" + token.encode()).digest()
            if token
            else secrets.token_bytes(32)
        )
        self._sessions = URLSafeTimedSerializer(key, salt="session")
        self._csrf = URLSafeSerializer(key, salt="csrf")
        self._feed = URLSafeSerializer(key, salt="calendar-feed")

    def read_session(self, cookie: str | None) -> Session:
        """The session a cookie carries, or a new one when it is missing, forged or expired."""
        if cookie:
            try:
                data = self._sessions.loads(cookie, max_age=SESSION_DAYS * 86400)
                return Session(sid=str(data["sid"]), auth=bool(data.get("auth")))
            except (BadSignature, KeyError, TypeError):
                pass
        return Session(sid=secrets.token_urlsafe(16), fresh=True)

    def cookie_value(self, session: Session) -> str:
        """The signed cookie for a session."""
        return self._sessions.dumps({"sid": session.sid, "auth": session.auth})

    def csrf_token(self, session: Session) -> str:
        """The token every form of this session carries."""
        return str(self._csrf.dumps(session.sid))

    def csrf_ok(self, session: Session, token: str | None) -> bool:
        """True when ``token`` was made for this session."""
        if not token:
            return False
        try:
            return hmac.compare_digest(str(self._csrf.loads(token)), session.sid)
        except BadSignature:
            return False

    def token_ok(self, given: str | None) -> bool:
        """True when ``given`` is the configured token (constant time)."""
        return bool(self.token and given and hmac.compare_digest(given.encode(), self.token.encode()))

    def bearer_ok(self, header: str | None) -> bool:
        """True when an ``Authorization: Bearer`` header carries the token."""
        if not header:
            return False
        scheme, _, value = header.partition(" ")
        return scheme.lower() == "bearer" and self.token_ok(value.strip())

    def feed_key(self) -> str:
        """The key a calendar app puts in the feed URL (not the token itself)."""
        return str(self._feed.dumps("calendar"))

    def feed_key_ok(self, key: str | None) -> bool:
        """True when ``key`` is this app's calendar feed key."""
        return bool(key) and hmac.compare_digest(str(key), self.feed_key())


def _host_of(request: Request) -> str:
    host = request.headers.get("host", "")
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0]


def _cross_site(request: Request) -> bool:
    """A state-changing request sent by another site's page (checked before any CSRF token)."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        return True
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin == "null"
    return origin.rstrip("/") != f"{request.url.scheme}://{request.headers.get('host', '')}"


def _refuse(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    return Response(message, status_code=status, media_type="text/plain")


def _allowed(guard: Guard, request: Request, session: Session) -> bool:
    """Whether this request may go on, when a token is configured."""
    path = request.url.path
    bearer = guard.bearer_ok(request.headers.get("authorization"))
    if path.startswith("/api/"):
        return bearer
    if path == "/calendar.ics":
        return bearer or session.auth or guard.feed_key_ok(request.query_params.get("key"))
    return bearer or session.auth


def make_middleware(
    guard: Guard,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """The HTTP middleware: host and origin checks, the session cookie, the token gate."""

    async def middleware(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        # Without a token only a loopback Host is served: a page on another site cannot reach the
        # app through DNS rebinding.
        if guard.token is None and not is_loopback(_host_of(request)):
            return _refuse(request, 400, "this server answers only to 127.0.0.1 / localhost")
        if request.method not in ("GET", "HEAD", "OPTIONS") and _cross_site(request):
            return _refuse(request, 403, "cross-site request refused")
        session = guard.read_session(request.cookies.get(COOKIE))
        request.state.session = session
        path = request.url.path
        if guard.token and not path.startswith(PUBLIC_PREFIXES) and not _allowed(guard, request, session):
            if request.method == "GET" and not path.startswith("/api/") and path != "/calendar.ics":
                target = path + (f"?{request.url.query}" if request.url.query else "")
                return RedirectResponse(f"/login?next={_quote(target)}", status_code=303)
            return _refuse(request, 401, "authentication required: Authorization: Bearer TOKEN")
        response = await call_next(request)
        session = request.state.session
        if session.fresh:
            response.set_cookie(
                COOKIE,
                guard.cookie_value(session),
                max_age=SESSION_DAYS * 86400,
                httponly=True,
                samesite="lax",
                secure=request.url.scheme == "https",
                path="/",
            )
        return response

    return middleware


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="/")


def safe_next(target: str | None) -> str:
    """A local path to go to after login (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


async def require_csrf(
    request: Request,
    csrf_token: Annotated[str | None, Form(include_in_schema=False)] = None,
    x_csrf_token: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> None:
    """Dependency of every form POST: the session's CSRF token, as a field or an htmx header."""
    guard: Guard = request.app.state.guard
    if not guard.csrf_ok(request.state.session, csrf_token or x_csrf_token):
        raise CsrfError("this form has expired or did not come from this app; reload the page and retry")
