"""A push of a short text to the user's phone through an ntfy-style topic URL: one HTTP POST, the text as
the body, the title in a header.

The URL is the user's (``INNERCIRCLE_PUSH_URL``): ``https://`` anywhere, plain ``http://`` only to this
machine's loopback (by name, and every address the name resolves to), as for IMAP and SMTP. Redirects are
not followed: a token goes to the origin the user configured and nowhere else.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from innercircle.core.accounts import is_loopback
from innercircle.core.errors import InnercircleError, UserInputError
from innercircle.sync.guard import is_loopback_address, origin, show_origin

TIMEOUT_S = 30.0


class PushError(InnercircleError):
    """A push that could not be delivered; names the server, never the token."""


@dataclass(frozen=True, slots=True)
class PushTarget:
    """Where to push: the topic URL, and the origin shown in messages."""

    url: str
    where: str


def parse_url(url: str) -> PushTarget:
    """An ``https://`` topic URL, or ``http://`` on loopback; anything else is the user's error."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not parts.hostname:
        raise UserInputError(f"push URL {url!r}: an https:// topic URL, like https://ntfy.sh/my-topic")
    if parts.username or parts.password:
        raise UserInputError("the push URL holds a login: leave it out and give --token-env VAR")
    try:
        parts.port  # noqa: B018  (a port out of range raises here)
    except ValueError:
        raise UserInputError(f"push URL {url!r}: the port is not a number from 1 to 65535") from None
    if scheme == "http" and not is_loopback(parts.hostname):
        raise UserInputError(
            f"push URL {url!r}: plain http:// is allowed only on this machine's loopback; use https://"
        )
    return PushTarget(url.strip(), show_origin(origin(url.strip())))


def push(
    target: PushTarget, title: str, text: str, token: str | None = None, timeout: float = TIMEOUT_S
) -> int:
    """POST ``text`` to the topic with ``title``; returns the HTTP status (2xx, else ``PushError``)."""
    parts = urlsplit(target.url)
    if parts.scheme.lower() == "http":
        _check_loopback(target, parts.hostname or "", parts.port or 80)
    headers = {"Title": _header(title), "Content-Type": "text/plain; charset=utf-8"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        r = httpx.post(
            target.url, content=text.encode("utf-8"), headers=headers, timeout=timeout, follow_redirects=False
        )
    except httpx.TimeoutException:
        raise PushError(f"{target.where} stopped answering (no reply in {timeout:.0f} s)") from None
    except httpx.HTTPError as exc:
        raise PushError(f"cannot reach {target.where} ({type(exc).__name__})") from None
    if not 200 <= r.status_code < 300:
        raise PushError(f"{target.where} answered HTTP {r.status_code}; nothing was pushed")
    return r.status_code


def _check_loopback(target: PushTarget, host: str, port: int) -> None:
    """Plain HTTP: every address the name resolves to must be this machine's loopback."""
    try:
        found = {str(a[4][0]) for a in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)}
    except OSError as exc:
        raise PushError(f"cannot resolve {target.where} ({exc.strerror or exc})") from None
    if not found or not all(is_loopback_address(a) for a in found):
        raise PushError(
            f"{target.where} is not this machine's loopback: plain http:// refused, nothing pushed"
        )


def _header(value: str) -> str:
    """A header value: one line of printable text (ntfy reads UTF-8 titles)."""
    return " ".join("".join(c if c.isprintable() else " " for c in value).split())
