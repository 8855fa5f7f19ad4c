"""IMAP mail headers: INBOX, the Sent folder (SPECIAL-USE) and folders asked for, read incrementally.

Only header fields are fetched (``BODY.PEEK``: nothing is marked read), never a body. Each folder's state
is its UIDVALIDITY, UIDNEXT, message count and HIGHESTMODSEQ (CONDSTORE): a folder whose STATUS shows
all four unchanged is not even opened; new messages are those at or above the last UIDNEXT; a new
UIDVALIDITY means the server renumbered the folder, so it is read again in full (the stored source ids,
the Message-IDs, keep that from adding anything twice). Each header block becomes a record through the
mail importer's own ``from_headers``, so mail already imported from an mbox or Maildir is recognised.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import socket
import ssl
from collections.abc import Iterator, Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from innercircle.core.accounts import is_loopback
from innercircle.importers.base import Options
from innercircle.importers.mail import from_headers
from innercircle.sync.base import Account, Progress, Pull, SyncError
from innercircle.sync.guard import READ_TIMEOUT_S, Guard

FIELDS = (
    "FROM TO CC BCC DATE SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES "
    "LIST-ID LIST-UNSUBSCRIBE PRECEDENCE AUTO-SUBMITTED"
)
_FETCH = f"BODY.PEEK[HEADER.FIELDS ({FIELDS})]"
_KEY = f"BODY[HEADER.FIELDS ({FIELDS})]".encode()
# Received is long and needed only when Date is missing (the mail importer's fallback): fetched then only
_FETCH_RECEIVED = "BODY.PEEK[HEADER.FIELDS (RECEIVED)]"
_KEY_RECEIVED = b"BODY[HEADER.FIELDS (RECEIVED)]"
_DATE = re.compile(rb"(?im)^date:(.*)$")
BATCH = 500  # messages per UID FETCH round trip
_STATUS = ["MESSAGES", "UIDNEXT", "UIDVALIDITY"]


def pull(
    account: Account,
    password: str,
    state: Mapping[str, Any],
    options: Options,
    progress: Progress | None = None,
) -> Pull:
    """What changed in the account's folders since ``state`` (see the module docstring).

    The whole pull runs under the account's limits (``sync/guard.py``): one deadline, a size limit on each
    literal and on the replies to each command; past either it stops with a ``SyncError``.
    """
    with Guard(account.name, account.bounds(), loopback_only=account.tls == "plain") as guard:
        client = None
        try:
            client = _connect(account, guard)
            guard.item = None
            try:
                client.login(account.user, password)
            except LoginError:
                raise SyncError(
                    account.name, f"the server refused the login of {account.user!r} (wrong password?)"
                ) from None
            got = _read(client, account, dict(state.get("folders") or {}), progress, guard)
        except SyncError:
            _drop(client)
            raise
        except Exception as exc:
            _drop(client)
            if guard.expired:  # the deadline shut the socket under a read: that is what happened
                raise guard.late() from None
            if isinstance(exc, IMAPClientError):
                raise SyncError(
                    account.name, f"the IMAP server answered: {_first_line(exc)}", item=guard.item
                ) from None
            if isinstance(exc, TimeoutError):
                raise SyncError(
                    account.name, f"the server stopped answering (no reply in {READ_TIMEOUT_S:.0f} s)",
                    item=guard.item,
                ) from None  # fmt: skip
            raise
        with contextlib.suppress(IMAPClientError, OSError):
            client.logout()
        return got


def _drop(client: IMAPClient | None) -> None:
    """Close a connection that failed without waiting for the server (no LOGOUT exchange)."""
    if client is not None:
        with contextlib.suppress(Exception):
            client.shutdown()


class _Limited(imaplib.IMAP4):
    """imaplib with the pull's guard: every socket watched, every literal and reply counted."""

    guard: Guard
    received = 0  # bytes read since the current command was sent

    def _command(self, name: str, *args: Any) -> Any:
        self.received = 0
        return super()._command(name, *args)  # type: ignore[misc]

    def read(self, size: int) -> bytes:
        limits = self.guard.limits
        if size > limits.imap_literal_bytes:  # refused before a byte of it is read
            raise self.guard.too_large(f"a literal of {size} bytes", limits.imap_literal_bytes)
        return self._count(super().read(size))

    def readline(self) -> bytes:
        return self._count(super().readline())

    def _count(self, data: bytes) -> bytes:
        self.received += len(data)
        if self.received > self.guard.limits.imap_reply_bytes:
            raise self.guard.too_large("the server's reply", self.guard.limits.imap_reply_bytes)
        self.guard.check()
        return data

    def _open(self, timeout: float | None) -> socket.socket:
        sock = socket.create_connection((self.host, self.port), self.guard.timeout())
        self.guard.connected(sock)
        return sock


class _Plain(_Limited):
    def __init__(self, guard: Guard, host: str, port: int) -> None:
        self.guard = guard
        super().__init__(host, port, timeout=guard.timeout())

    def _create_socket(self, timeout: float | None = None) -> socket.socket:
        return self._open(timeout)


class _TLS(_Limited):
    def __init__(self, guard: Guard, host: str, port: int, context: ssl.SSLContext) -> None:
        self.guard, self.context = guard, context
        super().__init__(host, port, timeout=guard.timeout())

    def _create_socket(self, timeout: float | None = None) -> socket.socket:
        return self.context.wrap_socket(self._open(timeout), server_hostname=self.host)


class _Client(IMAPClient):  # type: ignore[misc]  # untyped library
    """IMAPClient on the guarded imaplib classes."""

    def __init__(self, guard: Guard, host: str, port: int, tls: bool, context: ssl.SSLContext) -> None:
        self.guard = guard
        super().__init__(host, port=port, ssl=tls, ssl_context=context, timeout=READ_TIMEOUT_S)

    def _create_IMAP4(self) -> imaplib.IMAP4:  # IMAPClient's hook for its imaplib object
        if self.ssl:
            return _TLS(self.guard, self.host, self.port, self.ssl_context)
        return _Plain(self.guard, self.host, self.port)


def _connect(account: Account, guard: Guard) -> IMAPClient:
    parts = urlsplit(account.url)
    host = parts.hostname or ""
    if account.tls == "plain" and not is_loopback(host):
        raise SyncError(account.name, "plain IMAP is allowed only on this machine's loopback")
    context = ssl.create_default_context()
    if account.insecure:  # the user said so: their own server with a self-signed certificate
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    tls = account.tls == "tls"
    port = parts.port or (993 if tls else 143)
    guard.item = f"{host}:{port}"
    try:
        client = _Client(guard, host, port, tls, context)
        if account.tls == "starttls":
            client.starttls(context)
    except SyncError:
        raise
    except ssl.SSLCertVerificationError as exc:
        raise SyncError(
            account.name,
            f"the certificate of {host} is not trusted ({exc.verify_message}); "
            "for your own server with a self-signed certificate add the account with --insecure",
        ) from None
    except ssl.SSLError as exc:
        if guard.expired:
            raise guard.late() from None
        raise SyncError(account.name, f"TLS with {host}:{port} failed ({exc.reason or exc})") from None
    except TimeoutError:
        guard.check()
        raise SyncError(
            account.name, f"cannot connect to {host}:{port} (no answer in {READ_TIMEOUT_S:.0f} s)"
        ) from None
    except OSError as exc:
        if guard.expired:
            raise guard.late() from None
        raise SyncError(account.name, f"cannot connect to {host}:{port} ({exc.strerror or exc})") from None
    except IMAPClientError as exc:
        if guard.expired:
            raise guard.late() from None
        raise SyncError(account.name, f"{host}:{port} refused STARTTLS ({_first_line(exc)})") from None
    client.normalise_times = False  # INTERNALDATE with its zone, not the machine's local time
    return client


def _folders(client: IMAPClient, account: Account) -> list[str]:
    """INBOX, the folders marked \\Sent, then the ones asked for (each once, each checked to exist)."""
    listed = client.list_folders()
    names = {name for _flags, _sep, name in listed}
    wanted = ["INBOX"]
    wanted += [name for flags, _sep, name in listed if b"\\Sent" in flags]
    for folder in account.folders:
        name = unquote(folder)
        if name not in names:
            raise SyncError(account.name, f"no folder {name!r} on the server", item=name)
        wanted.append(name)
    return list(dict.fromkeys(wanted))


def _read(
    client: IMAPClient, account: Account, before: dict[str, Any], progress: Progress | None, guard: Guard
) -> Pull:
    condstore = client.has_capability("CONDSTORE")
    status_items = [*_STATUS, "HIGHESTMODSEQ"] if condstore else _STATUS
    plans: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
    for folder in _folders(client, account):
        guard.item = folder
        st = client.folder_status(folder, status_items)
        now: dict[str, Any] = {
            "uidvalidity": int(st[b"UIDVALIDITY"]),
            "uidnext": int(st[b"UIDNEXT"]),
            "messages": int(st[b"MESSAGES"]),
            "highestmodseq": int(st[b"HIGHESTMODSEQ"]) if b"HIGHESTMODSEQ" in st else None,
        }
        old = before.get(folder)
        if not isinstance(old, dict) or old.get("uidvalidity") != now["uidvalidity"]:
            old = None  # never read, or renumbered by the server: read it all again
        plans.append((folder, now, old))
    total = sum(
        int(n["messages"]) if o is None else max(0, int(n["uidnext"]) - int(o["uidnext"]))
        for _f, n, o in plans
    )
    pulled = Pull(items=[], state={"folders": {}})
    for folder, now, old in plans:
        if old is not None and all(old.get(k) == now[k] for k in now):
            pulled.state["folders"][folder] = now  # nothing new, nothing gone: not even opened
            continue
        guard.item = folder
        new = _new_uids(client, folder, old)
        for uid, headers, received in _fetch(client, account, folder, new, guard):
            pulled.items.append(from_headers(headers.splitlines(), f"{folder} UID {uid}", received=received))
            pulled.fetched += 1
            if progress is not None and pulled.fetched % 100 == 0:
                progress(pulled.fetched, max(total, pulled.fetched))
        if old is not None:  # what the folder lost since the last sync; its records stay in the history
            pulled.removed += max(0, int(old["messages"]) + len(new) - int(now["messages"]))
        pulled.state["folders"][folder] = {
            **now,
            "uidnext": max(int(now["uidnext"]), max(new, default=0) + 1),
        }
    if progress is not None:
        progress(pulled.fetched, pulled.fetched)
    return pulled


def _new_uids(client: IMAPClient, folder: str, old: dict[str, Any] | None) -> list[int]:
    client.select_folder(folder, readonly=True)
    if old is None:
        return sorted(int(u) for u in client.search("ALL"))
    start = int(old["uidnext"])
    # "N:*" always includes the newest message even when its UID is below N: keep only the new ones
    return sorted(u for u in (int(u) for u in client.search(f"UID {start}:*")) if u >= start)


def _fetch(
    client: IMAPClient, account: Account, folder: str, uids: list[int], guard: Guard
) -> Iterator[tuple[int, bytes, datetime | None]]:
    for i in range(0, len(uids), BATCH):
        chunk = uids[i : i + BATCH]
        guard.item = f"{folder} UID {chunk[0]}" + (f":{chunk[-1]}" if len(chunk) > 1 else "")
        answer = client.fetch(chunk, [_FETCH, "INTERNALDATE"])
        undated = [u for u in chunk if not _dated(answer.get(u, {}).get(_KEY))]
        extra = client.fetch(undated, [_FETCH_RECEIVED]) if undated else {}
        for uid in chunk:
            data = answer.get(uid)
            if data is None:  # expunged between SEARCH and FETCH: gone, nothing to read
                continue
            headers = data.get(_KEY)
            if not isinstance(headers, bytes):
                raise SyncError(account.name, "the server sent no header fields", item=f"{folder} UID {uid}")
            more = extra.get(uid, {}).get(_KEY_RECEIVED)
            if isinstance(more, bytes):
                headers = headers.rstrip(b"\r\n") + b"\r\n" + more
            received = data.get(b"INTERNALDATE")
            yield uid, headers, received if isinstance(received, datetime) else None


def _dated(headers: object) -> bool:
    """True when a header block has a Date field that reads as a date (or is not a header block at all)."""
    if not isinstance(headers, bytes):
        return True
    found = _DATE.search(headers)
    if found is None:
        return False
    try:
        return parsedate_to_datetime(found.group(1).decode("latin-1").strip()) is not None
    except (TypeError, ValueError, IndexError, OverflowError):
        return False


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    if text.startswith(("b'", 'b"')):
        text = text[2:-1]
    return text.splitlines()[0] if text else type(exc).__name__
