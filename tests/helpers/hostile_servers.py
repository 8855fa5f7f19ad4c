"""Hostile DAV and IMAP servers on loopback for the sync tests: real sockets, one thread per connection.

``HttpServer`` records every request it gets (method, path, Authorization header, body) and answers with
the function it was given: a small honest address book (``book``), or one of the hostile answers below.
A second ``HttpServer`` on 127.0.0.2 stands for another host: the tests check it never sees the password.
``ImapServer`` speaks just enough IMAP4rev1 for a header sync of one message in INBOX, with its FETCH
answer replaced by a hostile one where a test says so.
"""

from __future__ import annotations

import base64
import contextlib
import re
import socket
import socketserver
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from innercircle.sync.base import SyncError

CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:h1\r\nFN:Harriet Honest\r\nEMAIL:harriet@example.org\r\nEND:VCARD\r\n"
)
MS = '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav" xmlns:cs="http://calendarserver.org/ns/">{}</d:multistatus>'


@dataclass(frozen=True)
class Seen:
    """One request a server received."""

    method: str
    path: str
    authorization: str | None
    body: bytes


def basic(user: str, password: str) -> str:
    """The Authorization header a client sends for these credentials."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class _Handler(BaseHTTPRequestHandler):
    server: HttpServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        with contextlib.suppress(OSError, ssl.SSLError):  # the client hung up: the test goes on
            super().handle()

    def _any(self) -> None:
        size = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(size) if size else b""
        self.server.seen.append(Seen(self.command, self.path, self.headers.get("Authorization"), body))
        try:
            self.server.answer(self)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            self.close_connection = True

    do_PROPFIND = do_REPORT = do_GET = do_PUT = do_OPTIONS = _any

    def send(self, status: int, body: str | bytes, headers: dict[str, str] | None = None) -> None:
        """A whole answer."""
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        for k, v in {"Content-Type": "application/xml; charset=utf-8", **(headers or {})}.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def running(self) -> bool:
        """False once the test is over (endless answers stop)."""
        return not self.server.stop.is_set()


class HttpServer(ThreadingHTTPServer):
    """A loopback HTTP(S) listener that records what it receives and answers with ``answer``."""

    daemon_threads = True

    def __init__(
        self, answer: Callable[[_Handler], None], host: str = "127.0.0.1", tls: ssl.SSLContext | None = None
    ) -> None:
        super().__init__((host, 0), _Handler)
        self.answer = answer
        self.seen: list[Seen] = []
        self.stop = threading.Event()
        self.tls = tls
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Where it listens: scheme://host:port (no trailing slash)."""
        host, port = self.server_address[:2]
        return f"{'https' if self.tls else 'http'}://{host!s}:{port}"

    def received(self, secret: str) -> bool:
        """True when any request it got carried ``secret`` (in the header, as Basic, or in a body)."""
        for s in self.seen:
            auth = s.authorization or ""
            decoded = ""
            if auth.startswith("Basic "):
                with contextlib.suppress(ValueError):
                    decoded = base64.b64decode(auth[6:]).decode("utf-8", "replace")
            if secret in auth or secret in decoded or secret.encode() in s.body:
                return True
        return False


@contextlib.contextmanager
def serving(
    answer: Callable[[_Handler], None], host: str = "127.0.0.1", tls: ssl.SSLContext | None = None
) -> Iterator[HttpServer]:
    """An ``HttpServer`` running for the duration of the block."""
    server = HttpServer(answer, host, tls)
    server.thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()


def tls_context(folder: Path) -> ssl.SSLContext:
    """A server TLS context with a self-signed certificate for 127.0.0.1 (made with openssl, as .ci does)."""
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


# --- answers ----------------------------------------------------------------------------------------


def _response(href: str, props: str, status: str = "HTTP/1.1 200 OK") -> str:
    return f"<d:response><d:href>{href}</d:href><d:propstat><d:prop>{props}</d:prop><d:status>{status}</d:status></d:propstat></d:response>"


def book(h: _Handler) -> None:
    """An honest address book at /book/ holding one card (no sync-token: the ctag and etags path)."""
    book_props = (
        '<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype><cs:getctag>"1"</cs:getctag>'
    )
    if h.command == "PROPFIND" and h.headers.get("Depth") == "0":
        h.send(207, MS.format(_response(urlpath(h), book_props)))
    elif h.command == "PROPFIND":
        items = _response("/book/", book_props) + _response(
            "/book/h1.vcf", '<d:getetag>"e1"</d:getetag><d:resourcetype/>'
        )
        h.send(207, MS.format(items))
    elif h.command == "REPORT":
        h.send(
            207,
            MS.format(
                _response(
                    "/book/h1.vcf", f'<d:getetag>"e1"</d:getetag><c:address-data>{CARD}</c:address-data>'
                )
            ),
        )
    else:
        h.send(405, "")


def urlpath(h: _Handler) -> str:
    """The path the request asked for."""
    return h.path.split("?", 1)[0]


def principal_at(url: str) -> Callable[[_Handler], None]:
    """An account URL that is no address book but names its principal at ``url`` (absolute)."""

    def answer(h: _Handler) -> None:
        props = f"<d:resourcetype><d:collection/></d:resourcetype><d:current-user-principal><d:href>{url}</d:href></d:current-user-principal>"
        h.send(207, MS.format(_response(urlpath(h), props)))

    return answer


def collection_at(url: str) -> Callable[[_Handler], None]:
    """A home set on this server that lists one address book at ``url`` (absolute, elsewhere)."""

    def answer(h: _Handler) -> None:
        if h.headers.get("Depth") == "0":
            props = "<d:resourcetype><d:collection/></d:resourcetype><c:addressbook-home-set><d:href>/home/</d:href></c:addressbook-home-set>"
            h.send(207, MS.format(_response(urlpath(h), props)))
        else:
            book_props = (
                '<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype><cs:getctag>"1"</cs:getctag>'
            )
            h.send(
                207,
                MS.format(
                    _response("/home/", "<d:resourcetype><d:collection/></d:resourcetype>")
                    + _response(url, book_props)
                ),
            )

    return answer


def redirect_to(url: str, then: Callable[[_Handler], None] | None = None) -> Callable[[_Handler], None]:
    """Every request to a path outside ``url``'s path redirected there (307, method kept); ``then``
    answers the requests that arrive at the target."""
    target = re.sub(r"^[a-z]+://[^/]+", "", url)

    def answer(h: _Handler) -> None:
        if then is not None and urlpath(h).startswith(target):
            then(h)
        else:
            h.send(307, "", {"Location": url})

    return answer


def endless(h: _Handler) -> None:
    """A multistatus that never ends (chunked, as fast as the client reads)."""
    h.send_response(207)
    h.send_header("Content-Type", "application/xml")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    head = MS.split("{}")[0].encode()
    h.wfile.write(f"{len(head):x}\r\n".encode() + head + b"\r\n")
    piece = b"<d:response><d:href>/x</d:href></d:response>" * 1400
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    while h.running():
        h.wfile.write(chunk)


def declares(size: int) -> Callable[[_Handler], None]:
    """An answer whose Content-Length says ``size`` bytes, then sends them slowly."""

    def answer(h: _Handler) -> None:
        h.send_response(207)
        h.send_header("Content-Length", str(size))
        h.end_headers()
        while h.running():
            h.wfile.write(b" " * 65536)
            time.sleep(0.05)

    return answer


def drip(h: _Handler) -> None:
    """A multistatus sent one byte every 0.1 s, never finished."""
    h.send_response(207)
    h.send_header("Content-Type", "application/xml")
    h.send_header("Content-Length", "10000000")
    h.end_headers()
    h.wfile.flush()
    while h.running():
        h.wfile.write(b" ")
        h.wfile.flush()
        time.sleep(0.1)


def drip_headers(h: _Handler) -> None:
    """The status line and headers sent one byte every 0.1 s, never finished."""
    for byte in b"HTTP/1.1 207 Multi-Status\r\nX-Slow: " + b"a" * 100000:
        if not h.running():
            break
        h.wfile.write(bytes([byte]))
        h.wfile.flush()
        time.sleep(0.1)


# --- IMAP --------------------------------------------------------------------------------------------

Fetch = Callable[["_ImapHandler", str, str], None]  # (handler, tag, the fields asked for)


class _ImapHandler(socketserver.StreamRequestHandler):
    server: ImapServer

    def line(self, text: str | bytes) -> None:
        self.wfile.write((text.encode() if isinstance(text, str) else text) + b"\r\n")

    def running(self) -> bool:
        return not self.server.stop.is_set()

    def handle(self) -> None:
        with contextlib.suppress(OSError, ssl.SSLError):
            self.server.greeting(self)
            while self.running():
                raw = self.rfile.readline(65536)
                if not raw:
                    return
                self.server.lines.append(raw)
                tag, _, rest = raw.decode("utf-8", "replace").strip().partition(" ")
                command = rest.upper()
                if command.startswith("CAPABILITY"):
                    self.line("* CAPABILITY IMAP4rev1")
                elif command.startswith("LOGIN"):
                    pass
                elif command.startswith("LIST"):
                    self.line('* LIST () "/" INBOX')
                elif command.startswith("STATUS"):
                    self.line("* STATUS INBOX (MESSAGES 1 UIDNEXT 2 UIDVALIDITY 7)")
                elif command.startswith(("EXAMINE", "SELECT")):
                    self.line("* 1 EXISTS")
                    self.line("* OK [UIDVALIDITY 7] ok")
                elif command.startswith("UID SEARCH"):
                    self.line("* SEARCH 1")
                elif command.startswith("UID FETCH"):
                    fields = re.search(r"BODY\.PEEK\[(HEADER\.FIELDS \([^)]*\))\]", rest)
                    self.server.fetch(self, tag, fields.group(1) if fields else "")
                    continue
                elif command.startswith("LOGOUT"):
                    self.line("* BYE")
                    self.line(f"{tag} OK bye")
                    return
                self.line(f"{tag} OK done")


def greet(h: _ImapHandler) -> None:
    """The usual greeting."""
    h.line("* OK [CAPABILITY IMAP4rev1] hostile test server ready")


def drip_greeting(h: _ImapHandler) -> None:
    """A greeting sent one byte every 0.1 s, never finished."""
    for byte in b"* OK " + b"a" * 100000:
        if not h.running():
            return
        h.wfile.write(bytes([byte]))
        h.wfile.flush()
        time.sleep(0.1)


HEADERS = (
    "From: Mallory Mailer <mallory@example.org>\r\nTo: ada@example.test\r\nSubject: hello\r\n"
    "Date: Tue, 17 Nov 2009 21:28:37 +0000\r\nMessage-ID: <m1@example.org>\r\n\r\n"
)


def honest(h: _ImapHandler, tag: str, fields: str) -> None:
    """One message's header fields."""
    data = HEADERS.encode()
    h.line(f'* 1 FETCH (UID 1 INTERNALDATE "17-Nov-2009 21:28:37 +0000" BODY[{fields}] {{{len(data)}}}')
    h.wfile.write(data)
    h.line(")")
    h.line(f"{tag} OK done")


def huge_literal(size: int) -> Fetch:
    """A literal announced as ``size`` bytes, then sent as fast as the client reads."""

    def fetch(h: _ImapHandler, tag: str, fields: str) -> None:
        h.line(f"* 1 FETCH (UID 1 BODY[{fields}] {{{size}}}")
        block = b"X-Filler: " + b"a" * 65000 + b"\r\n"
        while h.running():
            h.wfile.write(block)

    return fetch


def endless_fetch(h: _ImapHandler, tag: str, fields: str) -> None:
    """FETCH replies that never end: the same message again and again, the tagged OK never sent."""
    data = HEADERS.encode()
    reply = f"* 1 FETCH (UID 1 BODY[{fields}] {{{len(data)}}}\r\n".encode() + data + b")\r\n"
    while h.running():
        h.wfile.write(reply * 100)


def drip_fetch(h: _ImapHandler, tag: str, fields: str) -> None:
    """A FETCH reply sent one byte every 0.1 s, never finished."""
    h.line(f"* 1 FETCH (UID 1 BODY[{fields}] {{100000}}")
    h.wfile.flush()
    while h.running():
        h.wfile.write(b"a")
        h.wfile.flush()
        time.sleep(0.1)


class ImapServer(socketserver.ThreadingTCPServer):
    """A plain IMAP listener on 127.0.0.1 (plain IMAP is allowed on loopback) with chosen answers."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, fetch: Fetch = honest, greeting: Callable[[_ImapHandler], None] = greet) -> None:
        super().__init__(("127.0.0.1", 0), _ImapHandler)
        self.fetch, self.greeting = fetch, greeting
        self.lines: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """imap://127.0.0.1:PORT"""
        return f"imap://127.0.0.1:{self.server_address[1]}"


@contextlib.contextmanager
def imap_serving(
    fetch: Fetch = honest, greeting: Callable[[_ImapHandler], None] = greet
) -> Iterator[ImapServer]:
    """An ``ImapServer`` running for the duration of the block."""
    server = ImapServer(fetch, greeting)
    server.thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def peer_socket() -> Iterator[socket.socket]:
    """A socket connected to this machine over its non-loopback address (OSError when it has none)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: the kernel only picks the outgoing address
        address = probe.getsockname()[0]
    finally:
        probe.close()
    with socket.create_server((address, 0)) as listener:
        client = socket.create_connection(listener.getsockname(), timeout=5)
        accepted, _ = listener.accept()
        with client, accepted:
            yield client


def fails_within(call: Callable[[], object], password: str, bound_s: float) -> tuple[str, float]:
    """Run a sync that must fail: it ends within ``bound_s`` seconds with a SyncError that names the
    account and does not quote the password; returns the message and the seconds it took."""
    started = time.monotonic()
    with pytest.raises(SyncError) as caught:
        call()
    took = time.monotonic() - started
    assert took < bound_s, f"took {took:.1f} s"
    message = str(caught.value)
    assert message.startswith("account hostile") and password not in message
    return message, took
