"""CalDAV calendars with the ``caldav`` package: what changed since the last sync, by sync-token or etags.

Each calendar object goes through the iCalendar file importer's own code (``importers.ics.parse_bytes``),
so meetings and events from the server are the same records as from an .ics file (same source ids: a
calendar imported as a file and then synced is not stored twice). Where the server has no sync-token,
caldav lists every object and the etags kept here tell which changed. State per calendar: its sync-token
and the etag of every object (``{"calendars": {url: {"token", "etags": {href: etag}}}}``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from caldav.davclient import DAVClient
from caldav.lib import error

from innercircle.core.errors import ParseError
from innercircle.core.records import RecordWarning
from innercircle.importers import ics
from innercircle.sync.base import Account, Item, Options, Progress, Pull, SyncError

ETAG = "{DAV:}getetag"


def pull(
    account: Account,
    password: str,
    state: Mapping[str, Any],
    options: Options,
    progress: Progress | None = None,
) -> Pull:
    """Objects added or changed since ``state`` in every calendar of the account (see module doc)."""
    try:
        with DAVClient(
            url=account.url,
            username=account.user,
            password=password,
            ssl_verify_cert=not account.insecure,
            timeout=30,
        ) as client:
            return _pull(client, account, state, options, progress)
    except SyncError:
        raise
    except error.AuthorizationError as exc:
        raise SyncError(account.name, f"the server refused the user or password ({_short(exc)})") from None
    except error.DAVError as exc:
        raise SyncError(account.name, f"the server said no ({type(exc).__name__}: {_short(exc)})") from None
    except OSError as exc:  # niquests' connection and TLS errors are OSErrors
        why = _short(exc)
        if "CERTIFICATE" in why.upper() or "SSL" in why.upper():
            why += "; --insecure accepts a self-signed certificate of your own server"
            raise SyncError(account.name, f"TLS failed ({why})") from None
        raise SyncError(account.name, f"cannot reach the server ({why})") from None


def _pull(
    client: Any, account: Account, state: Mapping[str, Any], options: Options, progress: Progress | None
) -> Pull:
    known: Mapping[str, Any] = state.get("calendars") or {}
    result = Pull(items=[], state={"calendars": {}})
    for cal in calendars(client, account):
        url = str(cal.url)
        before = known.get(url) or {}
        etags: dict[str, str] = dict(before.get("etags") or {})
        found = cal.get_objects_by_sync_token(sync_token=before.get("token"), load_objects=False)
        deleted = {_path(u) for u in found.deleted_urls}
        gone = [h for h in deleted if etags.pop(h, None) is not None]
        fake = str(found.sync_token).startswith("fake-")
        if fake and found.sync_token != before.get("token"):  # no sync-token here: every object listed
            listed = {_path(o.url) for o in found}
            gone += [h for h in list(etags) if h not in listed and etags.pop(h, None) is not None]
        present = [o for o in found if _path(o.url) not in deleted]
        changed = [o for o in present if etags.get(_path(o.url)) != _etag(o) or not _etag(o)]
        unloaded = [o for o in changed if not o.is_loaded()]
        loaded = {_path(o.url): o for o in changed if o.is_loaded()}
        if unloaded:
            loaded.update({_path(o.url): o for o in cal.multiget([o.url for o in unloaded])})
        for href, obj in loaded.items():
            result.fetched += 1
            result.items.extend(objects(account.name, href, _data(obj), options))
            etags[href] = _etag(obj) or _etag(next(o for o in changed if _path(o.url) == href))
            if progress is not None:
                progress(result.fetched, None)
        result.removed += len(gone)
        result.state["calendars"][url] = {"token": found.sync_token, "etags": etags}
    return result


def objects(account: str, href: str, data: bytes, options: Options) -> Iterator[Item]:
    """One calendar object through the iCalendar importer; an unreadable one is an error."""
    try:
        items = list(ics.parse_bytes(data, href, options))
    except ParseError as exc:
        raise SyncError(account, f"malformed calendar object ({exc.reason})", item=href) from None
    for item in items:
        yield RecordWarning(f"{href} {item.where}", item.message) if isinstance(item, RecordWarning) else item


def calendars(client: Any, account: Account) -> list[Any]:
    """The account's calendars: the URL itself when it is one, else the principal's; --folder picks."""
    try:
        found = list(client.principal().calendars())
    except error.NotFoundError:
        found = []
    itself = [c for c in found if _path(c.url).rstrip("/") == _path(account.url).rstrip("/")]
    if itself:  # the URL is a calendar: that one only
        return itself
    if not found:
        found = [client.calendar(url=account.url)]
    if not account.folders:
        return found
    chosen = []
    for folder in account.folders:
        match = [c for c in found if folder in (str(c.url), _name(str(c.url)), c.get_display_name())]
        if not match:
            names = ", ".join(sorted(_name(str(c.url)) for c in found)) or "none"
            raise SyncError(account.name, f"no calendar named {folder!r} (there are: {names})")
        chosen += [c for c in match if c not in chosen]
    return chosen


def _etag(obj: Any) -> str:
    return str((getattr(obj, "props", None) or {}).get(ETAG) or "")


def _data(obj: Any) -> bytes:
    data = obj.data
    text = data if isinstance(data, str) else str(data or "")
    return text.encode("utf-8")


def _path(url: Any) -> str:
    return unquote(urlsplit(str(url)).path)


def _name(url: str) -> str:
    return unquote(urlsplit(url).path).rstrip("/").rpartition("/")[2]


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
