"""Where the web app may listen (loopback freely, anything else only with a token), and the web
app's own secrets kept in the database: the calendar feed key and the sessions logged out."""

from __future__ import annotations

import secrets
import socket
from collections.abc import Mapping
from typing import TYPE_CHECKING

from innercircle.core.accounts import is_loopback
from innercircle.core.errors import UserInputError
from innercircle.store import settings
from innercircle.store.db import shown_url

if TYPE_CHECKING:
    from innercircle.services.runtime.workspace import Workspace

FEED_KEY = "web.feed_key"
REVOKED_KEY = "web.revoked_sessions"
# the database address without its password (banners, messages), and the one loopback rule
__all__ = ["is_loopback", "shown_url"]

MIN_TOKEN = 12  # a token guards the whole network of contacts: not a PIN


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token."""
    if not is_loopback(host) and not token:
        raise UserInputError(
            f"refusing to serve on {host} without a token: anyone who can reach it could read your "
            "network; set INNERCIRCLE_TOKEN or give --token-file FILE, or serve on 127.0.0.1"
        )
    if token is not None and len(token) < MIN_TOKEN:
        raise UserInputError(f"the token is too short: use at least {MIN_TOKEN} characters")


def check_port(host: str, port: int) -> None:
    """Fail with one line when the address is taken, before the server starts."""
    if not 0 < port < 65536:
        raise UserInputError(f"--port must be between 1 and 65535, not {port}")
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), port))
        except OSError as exc:
            raise UserInputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def feed_key(ws: Workspace) -> str:
    """The calendar feed's key: random, made once per database and kept in it, unrelated to the token
    (a feed address that leaks from a calendar app gives nothing to guess the token from)."""
    with ws.read() as tx:
        key = settings.get_setting(tx.conn, FEED_KEY)
    if key:
        return str(key)
    with ws.begin() as tx:
        key = settings.get_setting(tx.conn, FEED_KEY)  # another process may have made it meanwhile
        if not key:
            key = secrets.token_urlsafe(32)
            settings.set_setting(tx.conn, FEED_KEY, key)
    return str(key)


def revoked_sessions(ws: Workspace) -> dict[str, float]:
    """Web sessions logged out: session id -> when its cookie would have expired (epoch seconds)."""
    with ws.read() as tx:
        stored = settings.get_setting(tx.conn, REVOKED_KEY) or {}
    return {str(k): float(v) for k, v in stored.items()}


def save_revoked_sessions(ws: Workspace, revoked: Mapping[str, float]) -> None:
    """Keep the logged-out sessions, so a restart does not bring them back."""
    with ws.begin() as tx:
        settings.set_setting(tx.conn, REVOKED_KEY, dict(revoked))
