"""Sending one message through the user's mail server (the digest): SMTP over TLS or STARTTLS, plain
only to this machine's loopback.

The server is a URL: ``smtps://[user@]host[:port]`` speaks TLS from the first byte (port 465 unless
given), ``smtp://[user@]host[:port]`` upgrades with STARTTLS (port 587 unless given). A server that offers
no STARTTLS is refused, except on loopback (a local relay, a test server), and only when both the name
the user gave and the address the socket reached are loopback: the same rule as plain IMAP
(``core.accounts.is_loopback``, ``sync.guard.is_loopback_address``). So neither the password nor the
digest crosses a network in clear. The password is sent only after that check.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from innercircle.core.accounts import is_loopback
from innercircle.core.errors import InnercircleError, UserInputError
from innercircle.sync.guard import is_loopback_address

TIMEOUT_S = 30.0  # one connect or read: a stuck server ends the send, it does not hang the process
_PORTS = {"smtps": 465, "smtp": 587}


class MailError(InnercircleError):
    """A message that could not be sent; names the server, never the password."""


@dataclass(frozen=True, slots=True)
class SmtpServer:
    """Where to send: the scheme (``smtps`` or ``smtp``), host, port and login name (None: no login)."""

    scheme: str
    host: str
    port: int
    user: str | None = None

    @property
    def where(self) -> str:
        """host:port, for messages (no user, no password)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def key(self) -> str:
        """The keyring entry of this server's password."""
        return f"smtp:{self.user or ''}@{self.host}:{self.port}"


def parse_url(url: str) -> SmtpServer:
    """``smtp://[user@]host[:port]`` or ``smtps://…`` → the server; anything else is the user's error."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _PORTS:
        raise UserInputError(
            f"SMTP URL {url!r}: use smtps://[user@]host[:port] (TLS) or smtp://[user@]host[:port] (STARTTLS)"
        )
    if parts.password is not None:
        raise UserInputError(
            "the SMTP URL holds a password: leave it out (it would show in the process list); "
            "keep it in the keyring or give --password-env VAR"
        )
    try:
        port = parts.port
    except ValueError:
        raise UserInputError(f"SMTP URL {url!r}: the port is not a number from 1 to 65535") from None
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UserInputError(f"SMTP URL {url!r}: no host")
    user = unquote(parts.username) if parts.username else None
    return SmtpServer(scheme, host, port or _PORTS[scheme], user)


def send(
    server: SmtpServer,
    password: str | None,
    message: EmailMessage,
    context: ssl.SSLContext | None = None,
    timeout: float = TIMEOUT_S,
) -> str:
    """Send ``message`` (its From and To say who from and to); returns how it went over the wire
    (``tls``, ``starttls`` or ``plain``). ``context``: the TLS context (default: the system's trust)."""
    if server.user and not password:
        raise MailError(f"no password for {server.user} at {server.where}")
    context = context or ssl.create_default_context()
    client: smtplib.SMTP | None = None
    try:
        if server.scheme == "smtps":
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=context)
            how = "tls"
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=timeout)
            how = _upgrade(client, server, context)
        if server.user:
            assert password is not None
            client.login(server.user, password)
        client.send_message(message)
        with contextlib.suppress(smtplib.SMTPException, OSError):
            client.quit()
        return how
    except MailError:
        _drop(client)
        raise
    except ssl.SSLCertVerificationError as exc:
        _drop(client)
        raise MailError(
            f"the certificate of {server.where} is not trusted ({exc.verify_message}); nothing was sent"
        ) from None
    except ssl.SSLError as exc:
        _drop(client)
        raise MailError(f"TLS with {server.where} failed ({exc.reason or exc}); nothing was sent") from None
    except smtplib.SMTPAuthenticationError:
        _drop(client)
        raise MailError(
            f"{server.where} refused the login of {server.user!r} (wrong password?); nothing was sent"
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        _drop(client)
        refused = ", ".join(sorted(exc.recipients))
        raise MailError(f"{server.where} refused the address {refused}; nothing was sent") from None
    except smtplib.SMTPResponseException as exc:
        _drop(client)
        said = (
            exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        raise MailError(f"{server.where} answered {exc.smtp_code} {said.strip()}; nothing was sent") from None
    except smtplib.SMTPException as exc:
        _drop(client)
        raise MailError(f"{server.where}: {exc}; nothing was sent") from None
    except TimeoutError:
        _drop(client)
        raise MailError(f"{server.where} stopped answering (no reply in {timeout:.0f} s)") from None
    except OSError as exc:
        _drop(client)
        raise MailError(f"cannot connect to {server.where} ({exc.strerror or exc})") from None


def _upgrade(client: smtplib.SMTP, server: SmtpServer, context: ssl.SSLContext) -> str:
    """STARTTLS when the server offers it; else plain, only on loopback by name and by address."""
    client.ehlo()
    if client.has_extn("starttls"):
        client.starttls(context=context)
        client.ehlo()
        return "starttls"
    peer = _peer(client.sock)
    if not (is_loopback(server.host) and peer is not None and is_loopback_address(peer)):
        raise MailError(
            f"{server.where} offers no STARTTLS: plain SMTP is allowed only on this machine's loopback, "
            "so nothing was sent (use smtps:// or a server with STARTTLS)"
        )
    return "plain"


def _peer(sock: socket.socket | None) -> str | None:
    if sock is None:
        return None
    try:
        return str(sock.getpeername()[0])
    except OSError:
        return None


def _drop(client: smtplib.SMTP | None) -> None:
    """Close a connection that failed without waiting for the server."""
    if client is not None:
        with contextlib.suppress(Exception):
            client.close()
