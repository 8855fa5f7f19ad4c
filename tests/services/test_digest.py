"""The digest by mail, delivered to a real SMTP server on loopback (aiosmtpd in the test's process):
the text and HTML parts, replies owed first, names escaped; STARTTLS with a self-signed certificate and
a login; plain SMTP refused off loopback; no address, no server → a clear error and nothing sent;
``serve --digest``'s thread sends once per period, restarts included."""

from __future__ import annotations

import datetime as dt
import email
import http.server
import ipaddress
import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from filekeyring import file_keyring
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

aiosmtpd_controller = pytest.importorskip(
    "aiosmtpd.controller", reason="aiosmtpd (the dev extra) not installed"
)
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

from innercircle.core.errors import UserInputError  # noqa: E402
from innercircle.reports.digest import html_part, text_part  # noqa: E402
from innercircle.services import Workspace  # noqa: E402
from innercircle.services import digest as digests  # noqa: E402
from innercircle.services.runtime.background import DigestSender, MailSettings  # noqa: E402
from innercircle.sync import push  # noqa: E402
from innercircle.sync.smtp import MailError, parse_url  # noqa: E402

HOSTILE = '<img src=x onerror=alert(1)> "Bob" & Co'
USER, PASSWORD = "ada", "s3cret-pw"


@dataclass
class Inbox:
    """What the server received: each message with its envelope, and the logins it saw."""

    messages: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    connections: int = 0

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.original_content, policy=default_policy)
        assert isinstance(msg, EmailMessage)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), msg))
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if isinstance(data, LoginPassword):
            user, pw = data.login.decode(), data.password.decode()
            self.logins.append((user, pw))
            # handled=False: aiosmtpd answers a refusal itself (535) instead of leaving the client waiting
            return AuthResult(success=user == USER and pw == PASSWORD, handled=False)
        return AuthResult(success=False, handled=False)


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[Any]:
    """Start an aiosmtpd server on a loopback port; ``start(**options)`` → (inbox, port)."""
    started: list[Any] = []

    def start(host: str = "127.0.0.1", **options: Any) -> tuple[Inbox, int]:
        inbox = Inbox()
        port = _free_port(host)
        ctl = aiosmtpd_controller.Controller(
            inbox, hostname=host, port=port, authenticator=inbox.authenticate, **options
        )
        ctl.start()
        started.append(ctl)
        return inbox, port

    yield start
    for ctl in started:
        ctl.stop()


def _at(days: float) -> str:
    """A moment ``days`` from now (negative: ago), as ``log --at`` takes it: the CLI runs on the real clock."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _network(cli, email_too: bool = True) -> None:  # type: ignore[no-untyped-def]
    """An owner, someone who wrote and waits for a reply (with a hostile name), a close tie gone quiet,
    and a meeting with that tie in two days, with a detail remembered."""
    me = ["--me", "ada@example.com"] if email_too else []
    for args in (
        ("init", "--name", "Ada Lovelace", *me),
        ("add", HOSTILE, "--id", "bob@evil.example"),
        ("add", "Grace Hopper", "--id", "grace@navy.example", "--org", "US Navy"),
        ("log", "email", HOSTILE, "--at", _at(-18), "--by", "them", "--note", "Can we talk?"),
        *[
            ("log", "meeting", "Grace Hopper", "--at", _at(-40 - 30 * m), "--note", "catch-up")
            for m in range(9)
        ],
        ("remember", "Grace Hopper", "daughter starts university"),
        ("log", "meeting", "Grace Hopper", "--at", _at(2), "--future", "--note", "Quarterly sync"),
    ):
        r = cli(*args)
        assert r.exit_code == 0, (args, r.output)


def _parts(msg: EmailMessage) -> tuple[str, str]:
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None and html is not None
    return str(text.get_content()), str(html.get_content())


def test_digest_is_delivered_with_text_and_html_replies_owed_first(cli, monkeypatch, smtp_server) -> None:  # type: ignore[no-untyped-def]
    _network(cli)
    inbox, port = smtp_server(auth_require_tls=False)
    monkeypatch.setenv("INNERCIRCLE_SMTP_URL", f"smtp://{USER}@127.0.0.1:{port}")
    monkeypatch.setenv("IC_TEST_SMTP_PW", PASSWORD)
    r = cli("digest", "send", "--to", "ada@example.com", "--password-env", "IC_TEST_SMTP_PW", "--json")
    assert r.exit_code == 0, r.output
    sent = json.loads(r.stdout)
    assert sent["to"] == "ada@example.com" and sent["transport"] == "plain"
    assert PASSWORD not in r.stdout and USER + "@" not in sent["server"]
    assert inbox.logins == [(USER, PASSWORD)]
    [(_, rcpts, msg)] = inbox.messages
    assert rcpts == ["ada@example.com"]
    assert msg["Subject"] == sent["subject"] and "1 reply owed" in sent["subject"]
    assert msg["Message-ID"] == sent["message_id"]
    text, html = _parts(msg)
    # the reply owed comes first, with its draft; the quiet tie after it
    assert text.index(HOSTILE) < text.index("Grace Hopper")
    assert "1. " + HOSTILE + " (reply owed" in text
    assert "Draft: " in text and "Health: " in text
    # the HTML escapes the name: no tag of it survives; no image, no script, no external link
    assert "<img" not in html and "onerror=alert(1)&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt; &quot;Bob&quot; &amp; Co" in html
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert html.index("&lt;img") < html.index("Grace Hopper")
    # the coming meeting is briefed: the known attendee's last contact and the detail remembered
    assert sent["meetings"] == 1 and "1 meeting briefed" in sent["subject"]
    meetings = text[text.index("Meetings, ") :]
    assert "Grace Hopper" in meetings and "daughter starts university" in meetings
    assert "last contact: " in meetings and "(meeting, out)" in meetings
    assert "daughter starts university" in html[html.index("Meetings, ") :]
    assert "style=" in html  # inline styles: a mail client drops a stylesheet


def test_digest_show_prints_without_sending(cli, smtp_server) -> None:  # type: ignore[no-untyped-def]
    _network(cli)
    r = cli("digest", "show")
    assert r.exit_code == 0, r.output
    assert "Follow-ups due: " in r.stdout and HOSTILE in r.stdout
    r = cli("digest", "show", "--html")
    assert r.exit_code == 0 and "&lt;img" in r.stdout and "<img" not in r.stdout
    data = json.loads(cli("digest", "show", "--json").stdout)
    assert data["replies_owed"] == 1 and data["followups"][0]["kind"] == "reply"
    assert data["period"] == "weekly" and data["health"]["verdict"]
    [meeting] = data["brief"]["meetings"]
    assert [c["name"] for c in meeting["cards"]] == ["Grace Hopper"]
    assert meeting["cards"][0]["last_contact"]["channel"] == "meeting"


def test_no_address_is_a_clear_error_and_nothing_is_sent(cli, monkeypatch, smtp_server) -> None:  # type: ignore[no-untyped-def]
    _network(cli, email_too=False)
    inbox, port = smtp_server()
    monkeypatch.setenv("INNERCIRCLE_SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.delenv("INNERCIRCLE_DIGEST_TO", raising=False)
    r = cli("digest", "send")
    assert r.exit_code != 0
    assert "no address to send the digest to" in r.output and "--to" in r.output
    assert inbox.messages == [] and inbox.connections == 0


def test_no_server_is_a_clear_error(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _network(cli)
    monkeypatch.delenv("INNERCIRCLE_SMTP_URL", raising=False)
    r = cli("digest", "send")
    assert r.exit_code != 0 and "INNERCIRCLE_SMTP_URL" in r.output


def test_the_owners_address_is_used_without_to(cli, db_url, monkeypatch, smtp_server) -> None:  # type: ignore[no-untyped-def]
    _network(cli)
    inbox, port = smtp_server()
    monkeypatch.setenv("INNERCIRCLE_SMTP_URL", f"smtp://localhost:{port}")
    monkeypatch.delenv("INNERCIRCLE_DIGEST_TO", raising=False)
    r = cli("digest", "send", "--period", "daily")
    assert r.exit_code == 0, r.output
    assert "ada@example.com" in r.stdout
    assert [m[1] for m in inbox.messages] == [["ada@example.com"]]


def _non_loopback_ipv4() -> str | None:
    """An address of this machine that is not loopback (None in a sandbox without one)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            ip = str(s.getsockname()[0])
    except OSError:
        return None
    return None if ipaddress.ip_address(ip).is_loopback else ip


def test_plain_smtp_off_loopback_is_refused_before_anything_is_sent(cli, monkeypatch, smtp_server) -> None:  # type: ignore[no-untyped-def]
    ip = _non_loopback_ipv4()
    if ip is None:
        pytest.skip("this machine has no non-loopback IPv4 address to serve plain SMTP on")
    _network(cli)
    inbox, port = smtp_server(host=ip, auth_require_tls=False)
    monkeypatch.setenv("INNERCIRCLE_SMTP_URL", f"smtp://{USER}@{ip}:{port}")
    monkeypatch.setenv("IC_TEST_SMTP_PW", PASSWORD)
    r = cli("digest", "send", "--to", "ada@example.com", "--password-env", "IC_TEST_SMTP_PW")
    assert r.exit_code != 0
    assert "offers no STARTTLS" in r.output and "loopback" in r.output
    assert inbox.messages == [] and inbox.logins == []  # neither the digest nor the password went out


def test_urls_and_addresses() -> None:
    s = parse_url("smtps://me%40x.example@mail.example.com")
    assert (s.scheme, s.host, s.port, s.user) == ("smtps", "mail.example.com", 465, "me@x.example")
    assert parse_url("smtp://mail.example.com").port == 587
    for bad in ("http://mail.example.com", "smtp://", "smtp://u:pw@mail.example.com", "smtp://h:99999"):
        with pytest.raises(UserInputError):
            parse_url(bad)
    for bad in (
        "nobody",
        "a@b",
        "a@b.example\r\nBcc: x@y.example",
        "a@b.example, c@d.example",
        "<a@b.example>",
    ):
        with pytest.raises(UserInputError):
            digests.check_address(bad)
    assert digests.check_address(" ada@example.com ") == "ada@example.com"


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def test_starttls_with_a_login_against_a_self_signed_server(  # type: ignore[no-untyped-def]
    cli, db_url, tmp_path, monkeypatch, smtp_server
) -> None:
    pytest.importorskip("cryptography", reason="cryptography makes the test's certificate")
    _network(cli)
    cert, key = _self_signed(tmp_path)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    inbox, port = smtp_server(tls_context=server_ctx, require_starttls=True)  # AUTH only after STARTTLS
    url = f"smtp://{USER}@127.0.0.1:{port}"
    ws = Workspace(db_url)
    try:
        # the system's trust does not know the certificate: refused, nothing sent, the password kept
        with pytest.raises(MailError, match="not trusted"):
            digests.send_digest(ws, ws.now(), smtp_url=url, to="ada@example.com", password=PASSWORD)
        assert inbox.messages == [] and inbox.logins == []
        trusted = ssl.create_default_context(cafile=str(cert))
        with pytest.raises(MailError, match="refused the login") as refused:
            digests.send_digest(
                ws, ws.now(), smtp_url=url, to="ada@example.com", password="wrong-pw", context=trusted
            )
        assert "wrong-pw" not in str(refused.value) and inbox.messages == []
        sent = digests.send_digest(
            ws, ws.now(), smtp_url=url, to="ada@example.com", password=PASSWORD, context=trusted
        )
    finally:
        ws.close()
    assert sent.transport == "starttls"
    # the wrong password was tried once per mechanism the server offers; then the right one
    assert inbox.logins[-1] == (USER, PASSWORD) and set(inbox.logins[:-1]) == {(USER, "wrong-pw")}
    [(_, rcpts, msg)] = inbox.messages
    assert rcpts == ["ada@example.com"] and "Follow-ups due" in _parts(msg)[0]
    # the same through the CLI, the certificate trusted by INNERCIRCLE_SMTP_CAFILE
    monkeypatch.setenv("INNERCIRCLE_SMTP_URL", url)
    monkeypatch.setenv("INNERCIRCLE_SMTP_CAFILE", str(cert))
    monkeypatch.setenv("IC_TEST_SMTP_PW", PASSWORD)
    r = cli("digest", "send", "--to", "ada@example.com", "--password-env", "IC_TEST_SMTP_PW", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["transport"] == "starttls" and len(inbox.messages) == 2


def test_the_schedule_is_once_per_period() -> None:
    zone = ZoneInfo("Europe/Berlin")
    mon_6 = dt.datetime(2026, 12, 7, 5, 0, tzinfo=dt.UTC)  # 06:00 in Berlin, before the morning send
    mon_8 = dt.datetime(2026, 12, 7, 7, 0, tzinfo=dt.UTC)  # 08:00 in Berlin
    assert digests.is_due(None, mon_6, zone, "weekly")
    assert digests.is_due(mon_6, mon_8, zone, "weekly")  # sent last week's period; a new one began at 7
    assert not digests.is_due(mon_8, mon_8 + dt.timedelta(days=6), zone, "weekly")
    assert digests.is_due(mon_8, mon_8 + dt.timedelta(days=7), zone, "weekly")
    assert not digests.is_due(mon_8, mon_8 + dt.timedelta(hours=20), zone, "daily")
    assert digests.is_due(mon_8, mon_8 + dt.timedelta(hours=24), zone, "daily")
    with pytest.raises(UserInputError):
        digests.is_due(None, mon_8, zone, "hourly")


def test_the_scheduled_digest_is_sent_once_restarts_included(cli, db_url, smtp_server) -> None:  # type: ignore[no-untyped-def]
    _network(cli)
    inbox, port = smtp_server()
    mail = MailSettings(smtp_url=f"smtp://127.0.0.1:{port}", to="ada@example.com")
    for _ in range(2):  # the second sender is the app started again: the database says it was sent
        sender = DigestSender(db_url, "weekly", mail, check_s=3600).start()
        try:
            deadline = time.monotonic() + 60
            while sender.rounds == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            sender.stop(5)
        assert sender.error is None
    assert len(inbox.messages) == 1
    ws = Workspace(db_url)
    try:
        with ws.read() as tx:
            assert digests.last_sent(tx, "weekly") is not None
            assert not digests.digest_due(tx, ws.now(), "weekly")
            assert digests.digest_due(tx, ws.now(), "daily")  # each schedule keeps its own last send
    finally:
        ws.close()


def test_implicit_tls(cli, db_url, tmp_path, smtp_server) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("cryptography", reason="cryptography makes the test's certificate")
    _network(cli)
    cert, key = _self_signed(tmp_path)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    inbox, port = smtp_server(ssl_context=server_ctx)  # smtps: TLS from the first byte
    trusted = ssl.create_default_context(cafile=str(cert))
    ws = Workspace(db_url)
    try:
        sent = digests.send_digest(
            ws, ws.now(), smtp_url=f"smtps://localhost:{port}", to="ada@example.com", context=trusted
        )
    finally:
        ws.close()
    assert sent.transport == "tls" and len(inbox.messages) == 1


def test_the_password_comes_from_the_keyring(tmp_path) -> None:  # type: ignore[no-untyped-def]
    server = parse_url(f"smtps://{USER}@mail.example.com")
    with file_keyring(tmp_path / "ring.json"):
        assert digests.smtp_password(server, None) is None
        digests.keep_password(server, PASSWORD)
        assert digests.smtp_password(server, None) == PASSWORD
    assert digests.smtp_password(parse_url("smtps://mail.example.com"), None) is None  # no login, no password
    with pytest.raises(UserInputError, match="IC_TEST_UNSET"):
        digests.smtp_password(server, "IC_TEST_UNSET")


def test_serve_digest_says_what_is_missing_before_it_starts(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _network(cli, email_too=False)
    port = str(_free_port("127.0.0.1"))
    monkeypatch.delenv("INNERCIRCLE_SMTP_URL", raising=False)
    r = cli("serve", "--digest", "weekly", "--port", port)
    assert r.exit_code == 1 and "INNERCIRCLE_SMTP_URL" in r.output
    monkeypatch.setenv("INNERCIRCLE_SMTP_URL", "smtp://127.0.0.1:1")
    r = cli("serve", "--digest", "hourly", "--port", port)
    assert r.exit_code == 1 and "weekly or daily" in r.output
    r = cli("serve", "--digest", "daily", "--port", port)  # the owner has no e-mail recorded
    assert r.exit_code == 1 and "no address to send the digest to" in r.output
    monkeypatch.setenv("INNERCIRCLE_SMTP_URL", f"smtp://{USER}@127.0.0.1:1")
    r = cli("serve", "--digest", "daily", "--port", port)  # a login, and no password anywhere
    assert r.exit_code == 1 and "--password-env" in r.output


_OUTSIDE = st.text(
    st.characters(codec="utf-8") | st.sampled_from("<>&\"'\r\n\x1b\u202e"),
    min_size=1,
    max_size=40,
)


@pytest.fixture
def made(db_path):  # type: ignore[no-untyped-def]
    """One digest made on a real database: its follow-ups' names and reasons are what the property varies."""
    from typer.testing import CliRunner

    from innercircle.cli.main import app

    runner = CliRunner()

    def cli(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--db", str(db_path), *args], catch_exceptions=False)

    _network(cli)
    ws = Workspace(str(db_path))
    try:
        with ws.read() as tx:
            return digests.build_digest(tx, ws.now())
    finally:
        ws.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_OUTSIDE, reason=_OUTSIDE)
def test_no_outside_text_becomes_markup_or_a_control(made, name: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    first = made.followups[0]
    first = first.model_copy(update={"name": name, "reason": reason, "draft": first.draft + name})
    d = made.model_copy(update={"followups": [first, *made.followups[1:]], "owner": name})
    html = html_part(d, dt.UTC)
    for text in (name, reason):
        # shown escaped (the raw text may still occur: "&" is in every "&amp;", '"' in the layout's own)
        assert escape(text) in html
    assert html.count("<") == html_part(made, dt.UTC).count("<")  # no tag more than the layout's own
    text = text_part(d, dt.UTC)
    assert "\x1b" not in text and "\u202e" not in text and "\r" not in text
    numbered = [line for line in text.splitlines() if line[:3] in ("1. ", "2. ")]
    assert len(numbered) == len(d.followups[:2])  # a newline in a name cannot fake an item


@pytest.fixture
def topic() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A real HTTP server on loopback standing in for an ntfy topic: (its URL, the requests it got)."""
    got: list[dict[str, Any]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            got.append({"path": self.path, "headers": dict(self.headers), "body": body.decode("utf-8")})
            self.send_response(200 if self.path != "/down" else 503)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", got
    server.shutdown()
    server.server_close()


def test_push_posts_todays_followups_replies_first(cli, monkeypatch, topic) -> None:  # type: ignore[no-untyped-def]
    _network(cli)
    url, got = topic
    monkeypatch.setenv("INNERCIRCLE_PUSH_URL", f"{url}/innercircle")
    monkeypatch.setenv("IC_TEST_PUSH_TOKEN", "tk_secret")
    r = cli("digest", "push", "--token-env", "IC_TEST_PUSH_TOKEN", "--json")
    assert r.exit_code == 0, r.output
    sent = json.loads(r.stdout)
    assert sent["status"] == 200 and "tk_secret" not in r.stdout
    [req] = got
    assert req["path"] == "/innercircle" and req["headers"]["Authorization"] == "Bearer tk_secret"
    assert req["headers"]["Title"] == sent["title"] and "1 reply owed" in sent["title"]
    lines = req["body"].splitlines()
    assert lines[0].startswith(HOSTILE + ": reply") and any("Grace Hopper" in line for line in lines[1:])
    r = cli("digest", "push", "--url", f"{url}/down")
    assert r.exit_code == 1 and "HTTP 503" in r.output


def test_push_urls() -> None:
    assert push.parse_url("https://ntfy.sh/my-topic").where == "https://ntfy.sh"
    for bad in ("http://ntfy.sh/t", "ftp://x.example/t", "https://u:p@ntfy.sh/t", "ntfy.sh/t"):
        with pytest.raises(UserInputError):
            push.parse_url(bad)
