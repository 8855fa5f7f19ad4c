"""What one sync may cost and where it may go: the overall deadline, the origin credentials go to, and the
check that a plain connection really reached this machine.

A ``Guard`` lives for one pull. It starts a timer at the account's deadline; every socket the pull opens
is handed to it, and when the deadline passes it shuts those sockets down, so a read blocked on a server
that sends one byte a minute ends at once instead of waiting for its own timeout. The pull then turns the
failed read into a ``SyncError`` naming the account and the item it was reading (``guard.item``).

Credentials go only to the origin (scheme, host, port) of the URL the user configured: a href, a
home-set or a redirect that names another host, another port or plain ``http://`` is refused before a
request goes there. A plain (unencrypted) connection is allowed only when the user chose it for a loopback
address, and the address the socket actually connected to is checked, not the name.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from types import TracebackType
from urllib.parse import urlsplit

from innercircle.sync.base import Limits, SyncError

_DEFAULT_PORTS = {"http": 80, "https": 443, "imap": 143, "imaps": 993}
READ_TIMEOUT_S = 60.0  # one read or connect; the deadline bounds the whole pull


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL, lower-cased, the port filled in: what must match to send a password."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, host, port or _DEFAULT_PORTS.get(scheme, 0)


def show_origin(o: tuple[str, str, int]) -> str:
    """An origin as a URL prefix, for messages."""
    scheme, host, port = o
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}" + ("" if _DEFAULT_PORTS.get(scheme) == port else f":{port}")


def is_loopback_address(address: str) -> bool:
    """True when an IP address (as a socket reports it) is this machine's loopback."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


class Guard:
    """The deadline of one pull and the sockets it watches (see the module docstring)."""

    def __init__(self, account: str, limits: Limits, loopback_only: bool = False) -> None:
        self.account, self.limits, self.loopback_only = account, limits, loopback_only
        self.item: str | None = None  # what the pull is reading now (named in errors)
        self.expired = False
        self._end = time.monotonic() + limits.deadline_s
        self._lock = threading.Lock()
        self._watched: list[socket.socket] = []
        self._timer = threading.Timer(limits.deadline_s, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Guard:
        self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._watched:
                with contextlib.suppress(OSError):
                    sock.close()
            self._watched.clear()

    def remaining(self) -> float:
        """Seconds left before the deadline (0 once it passed)."""
        return max(0.0, self._end - time.monotonic())

    def timeout(self) -> float:
        """The timeout for one connect or read: never past the deadline."""
        self.check()
        return max(0.01, min(READ_TIMEOUT_S, self.remaining()))

    def check(self) -> None:
        """Raise the deadline's SyncError once it has passed."""
        if self.expired or self.remaining() <= 0:
            raise self.late()

    def late(self) -> SyncError:
        """The error of a pull stopped by its deadline."""
        return SyncError(
            self.account,
            f"the server did not finish within {self.limits.deadline_s:g} s (the limit for one sync); "
            "nothing was stored",
            item=self.item,
        )

    def connected(self, sock: socket.socket) -> None:
        """A socket the pull opened: watched until the pull ends; for a plain connection, the address it
        reached must be this machine's loopback (a name that resolves elsewhere is refused)."""
        if self.loopback_only:
            peer = str(sock.getpeername()[0])
            if not is_loopback_address(peer):
                with contextlib.suppress(OSError):
                    sock.close()
                raise SyncError(
                    self.account,
                    f"the host resolved to {peer}, not this machine's loopback: an unencrypted "
                    "connection is allowed only on loopback, so the password was not sent",
                )
        twin = sock.dup()  # the same connection: shutting it down stops a read in another thread
        with self._lock:
            self._watched.append(twin)
            late = self.expired
        if late:
            self._shut(twin)
            raise self.late()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._watched:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def too_large(self, what: str, limit: int) -> SyncError:
        """The error of an answer over its size limit."""
        return SyncError(
            self.account,
            f"{what} is over the limit of {_size(limit)}; refused, nothing was stored",
            item=self.item,
        )


def _size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.0f} MiB"
    if n >= 1 << 10:
        return f"{n / (1 << 10):.0f} KiB"
    return f"{n} bytes"
