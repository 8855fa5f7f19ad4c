"""Who may use the web app: loopback or a token, signed session cookies, CSRF tokens, origin checks,
the browser's security headers and a brake on guessing the token."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Form, Header, Request
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer
from starlette.responses import JSONResponse, RedirectResponse, Response

from innercircle.results import Result
from innercircle.services.runtime.serving import is_loopback

COOKIE = "innercircle_session"
CSRF_HEADER = "X-CSRF-Token"
SESSION_DAYS = 30
# paths anyone may fetch: the login page, the static files it needs, and what installs the app on a
# phone's home screen (the manifest and service worker, which hold nothing of the user's)
PUBLIC_PREFIXES = ("/static/", "/login", "/favicon.ico", "/manifest.webmanifest", "/sw.js")
# Every response tells the browser: run only this app's own scripts, never inside another site's
# frame, never guess a content type, never send this app's addresses to another site. The referrer
# policy is same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" on form
# posts, which the cross-site check must refuse. Inline style attributes stay allowed (the strength
# meters set a CSS variable); inline scripts do not.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Wrong tokens allowed per client in a window before it must wait: a person mistyping gets many
# tries, a script guessing gets a handful per quarter hour.
MAX_FAILURES = 10
FAILURE_WINDOW = 15 * 60
MAX_CLIENTS = 10_000  # tracked clients, so a flood of addresses cannot grow the table without bound


class CsrfError(Exception):
    """A form was posted without the token of the session that rendered it."""


@dataclass(slots=True)
class Session:
    """One browser's session: a random id, and whether it logged in with the token."""

    sid: str
    auth: bool = False
    fresh: bool = False  # not yet sent to the browser


class Throttle:
    """Failed token attempts per client: after ``limit`` failures within ``window`` seconds the client
    waits until the oldest of them leaves the window. A success clears its count."""

    def __init__(
        self,
        limit: int = MAX_FAILURES,
        window: float = FAILURE_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """Seconds this client must wait before its next try (0 when it may try now)."""
        with self._lock:
            recent = self._recent(client)
            if len(recent) < self.limit:
                return 0.0
            return max(0.0, recent[0] + self.window - self.clock())

    def failed(self, client: str) -> None:
        """Count one wrong token from this client."""
        with self._lock:
            self._failures[client] = [*self._recent(client), self.clock()]
            self._failures.move_to_end(client)
            while len(self._failures) > MAX_CLIENTS:
                self._failures.popitem(last=False)

    def succeeded(self, client: str) -> None:
        """Forget this client's failures."""
        with self._lock:
            self._failures.pop(client, None)

    def _recent(self, client: str) -> list[float]:
        since = self.clock() - self.window
        return [t for t in self._failures.get(client, []) if t > since]


class Guard:
    """The token, the session cookie and the CSRF tokens of one running app.

    ``feed_key``: the calendar feed's key, random and stored apart from the token, so a leaked feed
    address (calendar apps sync it to other servers) tells nothing about the token.
    ``revoked``: session ids logged out, with the time (epoch seconds) after which their cookie would
    have expired anyway.
    """

    def __init__(
        self, token: str | None, feed_key: str | None = None, revoked: Mapping[str, float] | None = None
    ) -> None:
        self.token = token or None
        self._feed_key = feed_key
        self.revoked: dict[str, float] = dict(revoked or {})
        self.throttle = Throttle()
        # With a token, the signing key follows from it: sessions survive a restart and die with
        # a new token. Without one, a fresh key per process is enough (sessions only carry CSRF).
        key = (
            hashlib.sha256(b"innercircle-web:" + token.encode()).digest()
            if token
            else secrets.token_bytes(32)
        )
        self._sessions = URLSafeTimedSerializer(key, salt="session")
        self._csrf = URLSafeSerializer(key, salt="csrf")

    def read_session(self, cookie: str | None) -> Session:
        """The session a cookie carries, or a new one when it is missing, forged or expired."""
        if cookie:
            try:
                data = self._sessions.loads(cookie, max_age=SESSION_DAYS * 86400)
                if str(data["sid"]) not in self.revoked:
                    return Session(sid=str(data["sid"]), auth=bool(data.get("auth")))
            except (BadSignature, KeyError, TypeError):
                pass
        return Session(sid=secrets.token_urlsafe(16), fresh=True)

    def revoke(self, session: Session, now: float | None = None) -> dict[str, float]:
        """Make this session's cookie worthless from now on (a copy of it too); returns the revoked
        sessions still worth remembering (those whose cookie has not expired by itself)."""
        at = time.time() if now is None else now
        self.revoked = {sid: until for sid, until in self.revoked.items() if until > at}
        self.revoked[session.sid] = at + SESSION_DAYS * 86400
        return dict(self.revoked)

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

    def feed_key(self) -> str | None:
        """The key a calendar app puts in the feed URL (not the token, nor made from it)."""
        return self._feed_key

    def feed_key_ok(self, key: str | None) -> bool:
        """True when ``key`` is this app's calendar feed key."""
        return bool(key and self._feed_key) and hmac.compare_digest(str(key), str(self._feed_key))


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


def client_of(request: Request) -> str:
    """The address the request came from (what the login brake counts by)."""
    return request.client.host if request.client else "unknown"


def too_many(request: Request, wait: float) -> Response:
    """429 for a client that guessed wrong too often, with the seconds to wait."""
    seconds = max(1, int(wait + 0.999))
    response = _refuse(request, 429, f"too many wrong tokens: try again in {seconds} seconds")
    response.headers["Retry-After"] = str(seconds)
    return response


def _allowed(guard: Guard, request: Request, session: Session) -> bool:
    """Whether this request may go on, when a token is configured (a wrong bearer token counts as a
    failed try)."""
    path = request.url.path
    header = request.headers.get("authorization")
    bearer = guard.bearer_ok(header)
    if header and not bearer:
        guard.throttle.failed(client_of(request))
    elif bearer:
        guard.throttle.succeeded(client_of(request))
    if path == "/api/csrf":  # how a logged-in session learns its token: another site cannot read it
        return bearer or session.auth
    if path.startswith(
        "/api/"
    ):  # a session opens the API only with its CSRF token: a header no other site sends
        return bearer or (session.auth and guard.csrf_ok(session, request.headers.get(CSRF_HEADER)))
    if path == "/calendar.ics":
        return bearer or session.auth or guard.feed_key_ok(request.query_params.get("key"))
    return bearer or session.auth


def make_middleware(
    guard: Guard,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """The HTTP middleware: host and origin checks, the session cookie, the token gate."""

    async def middleware(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await _checked(request, call_next)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)  # a page with its own policy (/docs) keeps it
        return response

    async def _checked(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        # Without a token only a loopback Host is served: a page on another site cannot reach the
        # app through DNS rebinding.
        if guard.token is None and not is_loopback(_host_of(request)):
            return _refuse(request, 400, "this server answers only to 127.0.0.1 / localhost")
        if request.method not in ("GET", "HEAD", "OPTIONS") and _cross_site(request):
            return _refuse(request, 403, "cross-site request refused")
        session = guard.read_session(request.cookies.get(COOKIE))
        request.state.session = session
        path = request.url.path
        if guard.token and request.headers.get("authorization"):
            wait = guard.throttle.wait(client_of(request))
            if wait:
                return too_many(request, wait)
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


class CsrfToken(Result):
    """The CSRF token of this session, for the API's writes sent with its cookie."""

    csrf_token: str
    """Send it in the header named by ``header`` with each write."""
    header: str = CSRF_HEADER
    """The header's name."""


def csrf_for(request: Request) -> CsrfToken:
    """This request's session's CSRF token."""
    guard: Guard = request.app.state.guard
    return CsrfToken(csrf_token=guard.csrf_token(request.state.session))


async def require_api_write(
    request: Request,
    x_csrf_token: Annotated[
        str | None,
        Header(
            description="Without the bearer token: this session's CSRF token (GET /api/csrf, or the page's).",
        ),
    ] = None,
) -> None:
    """Dependency of every write of the API: the bearer token (no browser sends it by itself), or the
    session's CSRF token in its header, as the forms send it."""
    guard: Guard = request.app.state.guard
    if guard.bearer_ok(request.headers.get("authorization")):
        return
    if not guard.csrf_ok(request.state.session, x_csrf_token):
        raise CsrfError(
            f"a write needs the token (Authorization: Bearer TOKEN) or this session's {CSRF_HEADER} header"
        )
