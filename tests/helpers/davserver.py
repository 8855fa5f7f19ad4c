"""The Radicale test server (INNERCIRCLE_TEST_DAV_*, see .ci/radicale.sh) and a client to change it."""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass

import httpx
import pytest

BOOK = (
    '<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>'
    "<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype></d:prop></d:set></d:mkcol>"
)


@dataclass(frozen=True)
class DavServer:
    """Where the test server listens and who may log in."""

    url: str
    user: str
    password: str

    def http(self) -> httpx.Client:
        """A client logged in as the test user."""
        return httpx.Client(auth=(self.user, self.password), timeout=30)

    def home(self) -> str:
        """The test user's collection (made on first use)."""
        home = f"{self.url.rstrip('/')}/{self.user}/"
        with self.http() as c:
            c.request("PROPFIND", home, headers={"Depth": "0"})  # Radicale makes it on first login
        return home

    def new_book(self) -> str:
        """An empty address book of this test's own (other tests never read it)."""
        url = f"{self.home()}book-{uuid.uuid4().hex[:12]}/"
        with self.http() as c:
            r = c.request("MKCOL", url, content=BOOK, headers={"Content-Type": "application/xml"})
        assert r.status_code == 201, r.text
        return url

    def new_calendar(self, ics: bytes) -> str:
        """A calendar of this test's own holding the objects of ``ics`` (Radicale splits it by UID)."""
        url = f"{self.home()}cal-{uuid.uuid4().hex[:12]}/"
        with self.http() as c:
            r = c.put(url, content=ics, headers={"Content-Type": "text/calendar"})
        assert r.status_code == 201, r.text
        return url

    def put(self, url: str, text: str, kind: str = "vcard") -> int:
        """Store one card or calendar object (as a CardDAV/CalDAV client does); the HTTP status."""
        with self.http() as c:
            return c.put(url, content=text.encode(), headers={"Content-Type": f"text/{kind}"}).status_code

    def get(self, url: str) -> str:
        """One item's text as the server holds it."""
        with self.http() as c:
            r = c.get(url)
        assert r.status_code == 200, url
        return r.text

    def delete(self, url: str) -> None:
        """Delete one item."""
        with self.http() as c:
            assert c.delete(url).status_code in (200, 204)

    def hrefs(self, collection: str) -> list[str]:
        """The items of a collection, as URLs."""
        with self.http() as c:
            r = c.request("PROPFIND", collection, headers={"Depth": "1"})
        found = re.findall(r"<(?:\w+:)?href>([^<]+)</(?:\w+:)?href>", r.text)
        base = self.url.rstrip("/")
        return sorted(base + h for h in found if not h.endswith("/"))


def cards(text: str) -> list[str]:
    """The cards of a .vcf file, each as its own text (an AGENT card stays inside its card)."""
    out: list[str] = []
    current: list[str] | None = None
    depth = 0
    for line in text.replace("\r\n", "\n").split("\n"):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if current is None:
                current = []
            else:
                depth += 1
        if current is not None:
            current.append(line)
        if upper == "END:VCARD" and current is not None:
            if depth:
                depth -= 1
            else:
                out.append("\r\n".join(current) + "\r\n")
                current = None
    return out


def with_uid(card: str, uid: str) -> str:
    """The card with a UID, as a CardDAV client adds one before uploading (Radicale wants it)."""
    if re.search(r"(?im)^UID[;:]", card):
        return card
    return re.sub(r"(?i)^BEGIN:VCARD\r\n", f"BEGIN:VCARD\r\nUID:{uid}\r\n", card, count=1)


def dav_server() -> DavServer:
    """The test server, or a visible skip (a failure where INNERCIRCLE_REQUIRE_DAV is set, as in CI)."""
    env = {k: os.environ.get(f"INNERCIRCLE_TEST_DAV_{k}", "") for k in ("URL", "USER", "PASSWORD")}
    if not all(env.values()):
        reason = "INNERCIRCLE_TEST_DAV_URL etc. not set (start one: source .ci/radicale.sh && dav_start)"
        if os.environ.get("INNERCIRCLE_REQUIRE_DAV"):
            pytest.fail(reason)
        pytest.skip(reason)
    return DavServer(env["URL"], env["USER"], env["PASSWORD"])
