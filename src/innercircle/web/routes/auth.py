"""The login page (only when the server runs with a token) and logout."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from innercircle.services.runtime.serving import save_revoked_sessions
from innercircle.web.common import render, ws
from innercircle.web.security import Session, client_of, require_csrf, safe_next, too_many

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    """The token form."""
    if request.app.state.guard.token is None or request.state.session.auth:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", next=safe_next(next), failed=False)


@router.post("/login", dependencies=[Depends(require_csrf)])
def login(
    request: Request, token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/"
) -> Response:
    """Check the token; on success a new signed session cookie (HttpOnly, SameSite=Lax). Too many wrong
    tokens from one address make it wait (429) before the next try is even checked."""
    guard = request.app.state.guard
    client = client_of(request)
    wait = guard.throttle.wait(client)
    if wait:
        return too_many(request, wait)
    if not guard.token_ok(token):
        guard.throttle.failed(client)
        return render(request, "login.html", status_code=401, next=safe_next(next), failed=True)
    guard.throttle.succeeded(client)
    # a new session id on login: a session fixed before it cannot be reused
    request.state.session = Session(sid=secrets.token_urlsafe(16), auth=True, fresh=True)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(require_csrf)])
def logout(request: Request) -> Response:
    """Forget this browser's login: its session is revoked on the server too, so a copy of the cookie
    (and the browser's own, should it keep it) no longer logs anyone in, also after a restart."""
    guard = request.app.state.guard
    if guard.token:
        save_revoked_sessions(ws(request), guard.revoke(request.state.session))
    request.state.session = Session(sid=secrets.token_urlsafe(16), auth=False, fresh=True)
    return RedirectResponse("/login" if request.app.state.guard.token else "/", status_code=303)
