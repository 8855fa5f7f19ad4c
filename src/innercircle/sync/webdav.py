"""WebDAV collections (CardDAV address books, CalDAV calendars): what changed since the last sync.

RFC 6578 sync-collection by sync-token where the collection has one, else its ctag and the etag of each
item; only the changed items fetched, BATCH at a time by a multiget REPORT. PROPFINDs and REPORTs over
httpcore (its connection pool, with our own redirect handling: see ``Dav``), the XML read with defusedxml. A ``Flavor`` says which kind of collection, which home set and which
multiget; the caller turns each item's text into records. State per collection:
``{url: {"token", "ctag", "etags": {href: etag}}}``.
"""

from __future__ import annotations

import base64
import contextlib
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.etree.ElementTree import Element, TreeBuilder

import httpcore
import httpx
from defusedxml.ElementTree import DefusedXMLParser

from innercircle.core.accounts import is_loopback
from innercircle.sync.base import Account, Item, Progress, Pull, SyncError
from innercircle.sync.guard import Guard, origin, show_origin

DAV, CS = "DAV:", "http://calendarserver.org/ns/"
BATCH = 100  # items per multiget REPORT
MAX_REDIRECTS = 5  # within the account's origin
_PATH_SAFE = "/%:@!$&'()*+,;=~"  # kept as they are in a request path (existing %-escapes too)


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
                dav.guard.item = href
                result.items.extend(read(href, text))
            result.state[url] = coll.state()
    return result


class _Watched(httpcore.NetworkBackend):
    """httpcore's own sockets, each handed to the pull's guard as soon as it is connected."""

    def __init__(self, guard: Guard) -> None:
        self.guard, self.inner = guard, httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self.inner.connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            self.guard.connected(stream.get_extra_info("socket"))
        except BaseException:
            stream.close()
            raise
        return stream

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise SyncError(self.guard.account, "a DAV server is reached over TCP only")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


_TRANSPORT_ERRORS = (
    httpcore.TimeoutException,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    OSError,
)


class Dav:
    """An HTTP client for one account: PROPFIND and REPORT, errors as SyncErrors naming the account.

    The password goes only to the origin of the account's URL: every request (a home set, a collection a
    server named, a redirect's target) is checked against it first. Redirects are followed only within
    that origin. Each answer is read under the account's limits (size, XML elements, the deadline).
    """

    def __init__(self, account: Account, password: str, flavor: Flavor) -> None:
        self.account, self.flavor = account, flavor
        self.origin = origin(account.url)
        scheme, host, _port = self.origin
        plain = scheme == "http"
        if scheme not in ("http", "https") or (plain and not is_loopback(host)):
            raise SyncError(
                account.name, "a DAV URL is https://… (http:// only on this machine's loopback); "
                "remove the account and add it again with an https:// URL",
            )  # fmt: skip
        self.guard = Guard(account.name, account.bounds(), loopback_only=plain)
        token = base64.b64encode(f"{account.user}:{password}".encode()).decode("ascii")
        self._auth = f"Basic {token}".encode("ascii")
        context = httpx.create_ssl_context(verify=not account.insecure)
        self.http = httpcore.ConnectionPool(
            ssl_context=context, max_connections=1, network_backend=_Watched(self.guard)
        )

    def __enter__(self) -> Dav:
        self.guard.__enter__()
        return self

    def __exit__(self, *_exc: object) -> None:
        with contextlib.suppress(Exception):
            self.http.close()
        self.guard.__exit__(None, None, None)

    def _allowed(self, url: str, why: str) -> None:
        """Refuse a URL outside the account's origin before anything (the password) is sent there."""
        there = origin(url)
        if there == self.origin:
            return
        here = show_origin(self.origin)
        if there[0] == "http" and self.origin[0] == "https":
            where = "over plain http://, unencrypted"
        else:
            where = f"to {show_origin(there)}"
        raise SyncError(
            self.account.name,
            f"{why} {url}; your password goes only to the server you configured ({here}), so it was not "
            f"sent {where}. If you trust that server, add an account with its URL",
            item=self.guard.item,
        )

    def request(self, method: str, url: str, body: str, depth: str = "0") -> Element:
        """The multistatus answer to a WebDAV request."""
        self.guard.item = url
        self._allowed(url, "the server named")
        status, content = self._send(method, url, body, depth)
        if status in (401, 403) and method == "PROPFIND":
            raise SyncError(self.account.name, f"the server refused the user or password (HTTP {status})")
        if status != 207:
            raise DavStatus(status, f"{method} {urlsplit(url).path}: HTTP {status}")
        return self._xml(content, url)

    def _send(self, method: str, url: str, body: str, depth: str) -> tuple[int, bytearray]:
        """(status, body) of a request, redirects followed within the origin, the body read within limits."""
        headers = [
            (b"Authorization", self._auth),
            (b"Depth", depth.encode("ascii")),
            (b"Content-Type", b"application/xml; charset=utf-8"),
            (b"Accept-Encoding", b"identity"),
        ]
        target = url
        for _hop in range(MAX_REDIRECTS + 1):
            wait = self.guard.timeout()
            timeouts = {"connect": wait, "read": wait, "write": wait, "pool": wait}
            try:
                with self.http.stream(
                    method, self._url(target), headers=headers, content=body.encode(),
                    extensions={"timeout": timeouts},
                ) as r:  # fmt: skip
                    location = _header(r.headers, b"location")
                    if r.status in (301, 302, 303, 307, 308) and location is not None:
                        target = urljoin(target, location)
                        self._allowed(target, f"{method} {urlsplit(url).path} was redirected to")
                        continue
                    return r.status, self._body(r, method, target)
            except SyncError:
                raise
            except _TRANSPORT_ERRORS as exc:
                if self.guard.expired:
                    raise self.guard.late() from None
                raise self._unreachable(exc) from None
        raise SyncError(
            self.account.name, f"{method} {urlsplit(url).path}: more than {MAX_REDIRECTS} redirects"
        )

    def _url(self, url: str) -> httpcore.URL:
        """The request URL built from the checked origin (scheme, host, port) and the URL's path: the
        connection goes where ``_allowed`` looked, whatever another parser would make of the URL."""
        scheme, host, port = self.origin
        parts = urlsplit(url)
        target = quote(parts.path or "/", safe=_PATH_SAFE) + (
            f"?{quote(parts.query, safe=_PATH_SAFE)}" if parts.query else ""
        )
        try:
            name = host.encode("idna") if not host.isascii() else host.encode("ascii")
        except UnicodeError:
            raise SyncError(self.account.name, f"cannot use the host name {host!r}") from None
        return httpcore.URL(scheme=scheme.encode(), host=name, port=port, target=target.encode("ascii"))

    def _body(self, r: httpcore.Response, method: str, url: str) -> bytearray:
        limit = self.guard.limits.dav_answer_bytes
        what = f"the answer to {method} {urlsplit(url).path}"
        declared = _header(r.headers, b"content-length")
        if declared is not None and declared.isascii() and declared.isdigit() and int(declared) > limit:
            raise self.guard.too_large(what, limit)  # refused before a byte of it is read
        got = bytearray()
        for chunk in r.iter_stream():
            got += chunk
            if len(got) > limit:
                raise self.guard.too_large(what, limit)
            self.guard.check()
        return got  # not copied: the parser reads it as it is

    def _xml(self, content: bytearray, url: str) -> Element:
        limit = self.guard.limits.xml_elements
        builder = _CountingBuilder(limit)
        parser = DefusedXMLParser(target=builder)
        try:
            parser.feed(content)
            root = parser.close()
        except _TooManyElements:
            raise self.guard.too_large(
                f"the answer from {urlsplit(url).path} (XML elements)", limit
            ) from None
        except Exception as exc:  # defusedxml and expat raise several kinds
            raise SyncError(self.account.name, f"the server's answer is not XML ({exc})", item=url) from None
        return root  # type: ignore[no-any-return]

    def _unreachable(self, exc: Exception) -> SyncError:
        why = str(exc) or type(exc).__name__
        if "CERTIFICATE" in why.upper() or "SSL" in why.upper():
            return SyncError(
                self.account.name,
                f"TLS failed ({why}); --insecure accepts a self-signed certificate of your own server",
            )
        return SyncError(self.account.name, f"cannot reach the server ({why})")

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


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


class _TooManyElements(Exception):
    pass


class _CountingBuilder(TreeBuilder):
    """An ElementTree builder that stops once a document holds more elements than the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit, self.count = limit, 0

    def start(self, tag: Any, attrs: Any) -> Element:
        self.count += 1
        if self.count > self.limit:
            raise _TooManyElements
        return super().start(tag, attrs)
