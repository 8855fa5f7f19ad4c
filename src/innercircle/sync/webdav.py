"""WebDAV collections (CardDAV address books, CalDAV calendars): what changed since the last sync.

RFC 6578 sync-collection by sync-token where the collection has one, else its ctag and the etag of each
item; only the changed items fetched, BATCH at a time by a multiget REPORT. PROPFINDs and REPORTs over
httpx, the XML read with defusedxml. A ``Flavor`` says which kind of collection, which home set and which
multiget; the caller turns each item's text into records. State per collection:
``{url: {"token", "ctag", "etags": {href: etag}}}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree.ElementTree import Element

import httpx
from defusedxml.ElementTree import fromstring

from innercircle.sync.base import Account, Item, Progress, Pull, SyncError

DAV, CS = "DAV:", "http://calendarserver.org/ns/"
BATCH = 100  # items per multiget REPORT


@dataclass(frozen=True, slots=True)
class Flavor:
    """One kind of DAV collection: its namespace and element names, what to call it in messages."""

    ns: str  # urn:ietf:params:xml:ns:carddav or …:caldav
    collection: str  # the resourcetype: addressbook, calendar
    home: str  # addressbook-home-set, calendar-home-set
    multiget: str  # addressbook-multiget, calendar-multiget
    data: str  # address-data, calendar-data
    noun: str  # "address book", "calendar" (messages)


def pull(
    flavor: Flavor,
    account: Account,
    password: str,
    state: Mapping[str, Any],
    read: Callable[[str, str], list[Item]],
    progress: Progress | None = None,
    use_sync_token: bool = True,
) -> Pull:
    """What changed in every collection of the account; ``read(href, text)`` gives an item's records."""
    with Dav(account, password, flavor) as dav:
        found = discover(dav, account)
        result = Pull(items=[], state={})
        for url, props in found.items():
            coll = _Collection(dav, url, state.get(url) or {}, props, use_sync_token)
            changed, gone = coll.changes()
            result.removed += len(gone)
            for href, text in dav.multiget(url, changed, result.fetched, progress):
                result.fetched += 1
                result.items.extend(read(href, text))
            result.state[url] = coll.state()
    return result


class Dav:
    """An HTTP client for one account: PROPFIND and REPORT, errors as SyncErrors naming the account."""

    def __init__(self, account: Account, password: str, flavor: Flavor) -> None:
        self.account, self.flavor = account, flavor
        self.http = httpx.Client(
            auth=(account.user, password), verify=not account.insecure, timeout=30, follow_redirects=True
        )

    def __enter__(self) -> Dav:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.http.close()

    def request(self, method: str, url: str, body: str, depth: str = "0") -> Element:
        """The multistatus answer to a WebDAV request."""
        headers = {"Depth": depth, "Content-Type": "application/xml; charset=utf-8"}
        try:
            r = self.http.request(method, url, content=body.encode(), headers=headers)
        except httpx.ConnectError as exc:
            why = str(exc) or type(exc).__name__
            if "CERTIFICATE" in why.upper() or "SSL" in why.upper():
                raise SyncError(
                    self.account.name,
                    f"TLS failed ({why}); --insecure accepts a self-signed certificate of your own server",
                ) from None
            raise SyncError(self.account.name, f"cannot reach the server ({why})") from None
        except httpx.HTTPError as exc:
            raise SyncError(
                self.account.name, f"cannot reach the server ({type(exc).__name__}: {exc})"
            ) from None
        if r.status_code in (401, 403) and method == "PROPFIND":
            raise SyncError(
                self.account.name, f"the server refused the user or password (HTTP {r.status_code})"
            )
        if r.status_code != 207:
            raise DavStatus(r.status_code, f"{method} {urlsplit(url).path}: HTTP {r.status_code}")
        try:
            return fromstring(r.content)  # type: ignore[no-any-return]
        except Exception as exc:  # defusedxml and expat raise several kinds
            raise SyncError(self.account.name, f"the server's answer is not XML ({exc})", item=url) from None

    def propfind(self, url: str, props: Iterable[str], depth: str = "0") -> dict[str, dict[str, Element]]:
        """href → {property tag: element} for the properties the server has (status 200)."""
        body = "".join(f'<x:{n} xmlns:x="{ns}"/>' for ns, n in (p[1:].split("}") for p in props))
        root = self.request(
            "PROPFIND", url, f'<d:propfind xmlns:d="DAV:"><d:prop>{body}</d:prop></d:propfind>', depth
        )
        return {href: found for href, found, _status in responses(root)}

    def multiget(
        self, url: str, hrefs: list[str], done: int, progress: Progress | None
    ) -> Iterator[tuple[str, str]]:
        """(href, text) of each item asked for, BATCH at a time."""
        total = done + len(hrefs)
        for start in range(0, len(hrefs), BATCH):
            chunk = hrefs[start : start + BATCH]
            links = "".join(f"<d:href>{_xml(h)}</d:href>" for h in chunk)
            f = self.flavor
            body = (
                f'<c:{f.multiget} xmlns:d="DAV:" xmlns:c="{f.ns}"><d:prop><d:getetag/>'
                f"<c:{f.data}/></d:prop>{links}</c:{f.multiget}>"
            )
            try:
                root = self.request("REPORT", url, body, "1")
            except DavStatus as exc:
                raise SyncError(self.account.name, f"cannot read the items ({exc})", item=url) from None
            tag = f"{{{f.ns}}}{f.data}"
            got = {urlsplit(h).path: p.get(tag) for h, p, _status in responses(root)}
            for href in chunk:  # in the order asked: cards of one person merge, and the first names them
                data = got.get(unquote(urlsplit(href).path))
                if data is not None:
                    done += 1
                    yield href, data.text or ""
            if progress is not None:
                progress(done, total)


class DavStatus(Exception):
    """A WebDAV request answered with something else than a multistatus."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _Collection:
    """One collection's changes since its last state."""

    def __init__(
        self, dav: Dav, url: str, known: Mapping[str, Any], props: dict[str, Element], use_token: bool
    ) -> None:
        self.dav, self.url = dav, url
        self.etags: dict[str, str] = dict(known.get("etags") or {})
        self.token: str | None = known.get("token")
        self.ctag = _text(props.get(f"{{{CS}}}getctag"))
        self.known_ctag: str | None = known.get("ctag")
        self.use_token = use_token and f"{{{DAV}}}sync-token" in props

    def changes(self) -> tuple[list[str], list[str]]:
        """(hrefs to fetch, hrefs gone); self.etags becomes what the server holds."""
        if self.use_token:
            try:
                return self._by_token()
            except DavStatus as exc:
                if exc.status not in (400, 403, 409, 412, 501):  # an expired or unsupported token: etags
                    raise SyncError(self.dav.account.name, str(exc), item=self.url) from None
        self.token = None
        return self._by_etags()

    def _by_token(self) -> tuple[list[str], list[str]]:
        changed: dict[str, str] = {}
        gone: list[str] = []
        token = self.token or ""
        for _page in range(1000):  # a truncated answer (507 on the collection) goes on from its token
            body = (
                f'<d:sync-collection xmlns:d="DAV:"><d:sync-token>{_xml(token)}</d:sync-token>'
                "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"
            )
            root = self.dav.request("REPORT", self.url, body, "0")
            truncated = False
            for href, found, status in responses(root):
                if _same(href, self.url):
                    truncated = truncated or "507" in status
                elif "404" in status:
                    if self.etags.pop(href, None) is not None:
                        gone.append(href)
                    changed.pop(href, None)
                else:
                    etag = _text(found.get(f"{{{DAV}}}getetag"))
                    if etag is None or self.etags.get(href) != etag:
                        changed[href] = etag or ""
            token = _text(root.find(f"{{{DAV}}}sync-token")) or token
            if not truncated:
                break
        self.token = token
        self.etags.update(changed)
        return sorted(changed), gone

    def _by_etags(self) -> tuple[list[str], list[str]]:
        if self.ctag is not None and self.ctag == self.known_ctag and self.etags:
            return [], []
        listing = self.dav.propfind(self.url, [f"{{{DAV}}}getetag", f"{{{DAV}}}resourcetype"], "1")
        now = {
            h: _text(p.get(f"{{{DAV}}}getetag")) or ""
            for h, p in listing.items()
            if not _same(h, self.url) and not _is_collection(p)
        }
        changed = sorted(h for h, e in now.items() if self.etags.get(h) != e or not e)
        gone = [h for h in self.etags if h not in now]
        self.etags = now
        return changed, gone

    def state(self) -> dict[str, Any]:
        """What the next sync starts from."""
        return {"token": self.token, "ctag": self.ctag, "etags": self.etags}


def discover(dav: Dav, account: Account) -> dict[str, dict[str, Element]]:
    """Collection URL → its properties: the URL itself when it is one, else those of the home set."""
    f = dav.flavor
    home_set = f"{{{f.ns}}}{f.home}"
    listed = [f"{{{DAV}}}resourcetype", f"{{{DAV}}}displayname", f"{{{CS}}}getctag", f"{{{DAV}}}sync-token"]
    try:
        here = dav.propfind(account.url, [*listed, f"{{{DAV}}}current-user-principal", home_set])
        found = next(iter(here.values()), {})
        if _is_kind(found, f):
            return {account.url: found}
        principal = _href(found.get(f"{{{DAV}}}current-user-principal"))
        home = _href(found.get(home_set))
        if home is None and principal is not None:
            at = dav.propfind(urljoin(account.url, principal), [home_set])
            home = _href(next(iter(at.values()), {}).get(home_set))
        base = urljoin(account.url, home or principal or account.url)
        every = {urljoin(base, h): p for h, p in dav.propfind(base, listed, "1").items() if _is_kind(p, f)}
    except DavStatus as exc:
        raise SyncError(account.name, f"no {f.noun} found ({exc})") from None
    if account.folders:
        chosen = {}
        for folder in account.folders:
            match = [
                u for u, p in every.items() if folder in (u, _name(u), _text(p.get(f"{{{DAV}}}displayname")))
            ]
            if not match:
                raise SyncError(account.name, f"no {f.noun} named {folder!r} (there are: {_names(every)})")
            chosen.update({u: every[u] for u in match})
        return chosen
    if not every:
        raise SyncError(account.name, f"no {f.noun} under {account.url}")
    return every


def responses(root: Element) -> Iterator[tuple[str, dict[str, Element], str]]:
    """(href, {tag: property found}, status line) of each response of a multistatus."""
    for resp in root.findall(f"{{{DAV}}}response"):
        href = unquote((resp.findtext(f"{{{DAV}}}href") or "").strip())
        found: dict[str, Element] = {}
        for ps in resp.findall(f"{{{DAV}}}propstat"):
            if "200" in (ps.findtext(f"{{{DAV}}}status") or ""):
                for prop in ps.find(f"{{{DAV}}}prop") or []:
                    found[prop.tag] = prop
        yield href, found, resp.findtext(f"{{{DAV}}}status") or ""


def _is_collection(p: dict[str, Element]) -> bool:
    rt = p.get(f"{{{DAV}}}resourcetype")
    return rt is not None and rt.find(f"{{{DAV}}}collection") is not None


def _is_kind(p: dict[str, Element], f: Flavor) -> bool:
    rt = p.get(f"{{{DAV}}}resourcetype")
    return rt is not None and rt.find(f"{{{f.ns}}}{f.collection}") is not None


def _href(el: Element | None) -> str | None:
    return None if el is None else (el.findtext(f"{{{DAV}}}href") or "").strip() or None


def _text(el: Element | None) -> str | None:
    return None if el is None or el.text is None else el.text.strip() or None


def _same(href: str, url: str) -> bool:
    return unquote(urlsplit(href).path).rstrip("/") == unquote(urlsplit(url).path).rstrip("/")


def _name(url: str) -> str:
    return unquote(urlsplit(url).path).rstrip("/").rpartition("/")[2]


def _names(found: Mapping[str, dict[str, Element]]) -> str:
    return ", ".join(sorted(_name(u) for u in found)) or "none"


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
