"""The Dovecot test server (INNERCIRCLE_TEST_IMAP_*, see .ci/dovecot.sh) and a client to change it."""

from __future__ import annotations

import os
import ssl
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from imapclient import IMAPClient


@dataclass(frozen=True)
class ImapServer:
    """Where the test server listens and who may log in."""

    url: str
    plain_url: str
    user: str
    password: str

    def client(self) -> IMAPClient:
        """A logged-in client over TLS (the certificate is the test server's self-signed one)."""
        parts = urlsplit(self.url)
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        c = IMAPClient(parts.hostname, port=parts.port, ssl=True, ssl_context=context, timeout=30)
        c.login(self.user, self.password)
        return c

    def new_folder(self) -> str:
        """A folder of this test's own (other tests never see it)."""
        name = f"t-{uuid.uuid4().hex[:12]}"
        with self.client() as c:
            c.create_folder(name)
        return name

    def append(self, folder: str, messages: list[bytes]) -> None:
        """Add messages to a folder (IMAP APPEND)."""
        with self.client() as c:
            for m in messages:
                c.append(folder, m)

    def count(self, *folders: str) -> int:
        """How many messages the folders hold."""
        with self.client() as c:
            return sum(int(c.folder_status(f, ["MESSAGES"])[b"MESSAGES"]) for f in folders)

    def uidvalidity(self, folder: str) -> int:
        """The folder's UIDVALIDITY."""
        with self.client() as c:
            return int(c.folder_status(folder, ["UIDVALIDITY"])[b"UIDVALIDITY"])


def imap_server() -> ImapServer:
    """The test server, or a visible skip (a failure where INNERCIRCLE_REQUIRE_IMAP is set, as in CI)."""
    env = {
        k: os.environ.get(f"INNERCIRCLE_TEST_IMAP_{k}", "") for k in ("URL", "PLAIN_URL", "USER", "PASSWORD")
    }
    if not all(env.values()):
        reason = "INNERCIRCLE_TEST_IMAP_URL etc. not set (start one: source .ci/dovecot.sh && dovecot_start)"
        if os.environ.get("INNERCIRCLE_REQUIRE_IMAP"):
            pytest.fail(reason)
        pytest.skip(reason)
    return ImapServer(env["URL"], env["PLAIN_URL"], env["USER"], env["PASSWORD"])
