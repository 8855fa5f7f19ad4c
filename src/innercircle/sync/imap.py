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
import re
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
TIMEOUT_S = 60.0
_STATUS = ["MESSAGES", "UIDNEXT", "UIDVALIDITY"]


def pull(
    account: Account,
    password: str,
    state: Mapping[str, Any],
    options: Options,
    progress: Progress | None = None,
) -> Pull:
    """What changed in the account's folders since ``state`` (see the module docstring)."""
    client = _connect(account)
    try:
        try:
            client.login(account.user, password)
        except LoginError:
            raise SyncError(
                account.name, f"the server refused the login of {account.user!r} (wrong password?)"
            ) from None
        return _read(client, account, dict(state.get("folders") or {}), progress)
    except IMAPClientError as exc:
        raise SyncError(account.name, f"the IMAP server answered: {_first_line(exc)}") from None
    except TimeoutError:
        raise SyncError(
            account.name, f"the server stopped answering (no reply in {TIMEOUT_S:.0f} s)"
        ) from None
    finally:
        with contextlib.suppress(IMAPClientError, OSError):
            client.logout()


def _connect(account: Account) -> IMAPClient:
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
    try:
        client = IMAPClient(host, port=port, ssl=tls, ssl_context=context, timeout=TIMEOUT_S)
        if account.tls == "starttls":
            client.starttls(context)
    except ssl.SSLCertVerificationError as exc:
        raise SyncError(
            account.name,
            f"the certificate of {host} is not trusted ({exc.verify_message}); "
            "for your own server with a self-signed certificate add the account with --insecure",
        ) from None
    except ssl.SSLError as exc:
        raise SyncError(account.name, f"TLS with {host}:{port} failed ({exc.reason or exc})") from None
    except TimeoutError:
        raise SyncError(
            account.name, f"cannot connect to {host}:{port} (no answer in {TIMEOUT_S:.0f} s)"
        ) from None
    except OSError as exc:
        raise SyncError(account.name, f"cannot connect to {host}:{port} ({exc.strerror or exc})") from None
    except IMAPClientError as exc:
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


def _read(client: IMAPClient, account: Account, before: dict[str, Any], progress: Progress | None) -> Pull:
    condstore = client.has_capability("CONDSTORE")
    status_items = [*_STATUS, "HIGHESTMODSEQ"] if condstore else _STATUS
    plans: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
    for folder in _folders(client, account):
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
        new = _new_uids(client, folder, old)
        for uid, headers, received in _fetch(client, account, folder, new):
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
    client: IMAPClient, account: Account, folder: str, uids: list[int]
) -> Iterator[tuple[int, bytes, datetime | None]]:
    for i in range(0, len(uids), BATCH):
        chunk = uids[i : i + BATCH]
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
