"""Background work for ``serve``: every account synced on a timer (``--sync-every``) and the digest mailed
once per period (``--digest``), each in a thread of its own.

The thread opens its own Workspace (its own connections), so a page being served never waits for it;
each account's sync is its own transaction (services/syncing.py), so pages see an account's batch whole
or not at all. Errors are kept on the account (``account list`` and the web show them), never raised.
"""

from __future__ import annotations

import logging
import re
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass

from innercircle.core.errors import InnercircleError, UserInputError
from innercircle.core.model import DEFAULT_REGION
from innercircle.results.accounts import SyncSummary
from innercircle.results.digest import DigestSent
from innercircle.services.digest import digest_due, send_digest
from innercircle.services.runtime.workspace import Workspace
from innercircle.services.syncing import sync

_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$", re.IGNORECASE)
_UNIT = {"s": 1, "m": 60, "h": 3600}
MIN_SECONDS = 60.0
log = logging.getLogger(__name__)


def parse_every(text: str, minimum: float = MIN_SECONDS) -> float:
    """``15m``, ``1h``, ``90s`` or plain seconds → seconds (at least ``minimum``: servers are not hammered)."""
    m = _EVERY.match(text)
    if m is None:
        raise UserInputError(f"--sync-every {text!r}: a duration like 15m, 1h or 900s")
    seconds = float(m.group(1)) * _UNIT[(m.group(2) or "s").lower()]
    if seconds < minimum:
        raise UserInputError(f"--sync-every {text!r}: at least {minimum:g} seconds")
    return seconds


def sync_once(db: str, region: str = DEFAULT_REGION) -> SyncSummary | None:
    """Sync every account of ``db`` once (None when there are none); errors stay on the accounts."""
    ws = Workspace(db, region=region)
    try:
        return sync(ws)
    except UserInputError:  # no accounts yet: nothing to do
        return None
    finally:
        ws.close()


class Syncer:
    """A daemon thread syncing ``db`` every ``seconds``, the first time right away; ``stop()`` ends it."""

    def __init__(self, db: str, seconds: float, region: str = DEFAULT_REGION) -> None:
        self.db, self.seconds, self.region = db, seconds, region
        self.done = threading.Event()
        self.rounds = 0
        self.thread = threading.Thread(target=self._run, name="innercircle-sync", daemon=True)

    def start(self) -> Syncer:
        """Start the thread."""
        self.thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        """Ask the thread to end after the sync it is in, and wait for it."""
        self.done.set()
        self.thread.join(timeout)

    def _run(self) -> None:
        while not self.done.is_set():
            try:
                summary = sync_once(self.db, self.region)
            except InnercircleError as exc:  # a database that cannot be opened: say so, try again later
                log.warning("background sync: %s", exc)
                summary = None
            self.rounds += 1
            for r in summary.failed if summary else []:
                log.warning("background sync: %s", r.error)
            self.done.wait(self.seconds)


class SyncRunner:
    """One sync at a time in a thread of its own (the web's "Sync now"): starting never waits for it."""

    def __init__(self, ws: Workspace, after: Callable[[], None] | None = None) -> None:
        self.ws, self.after = ws, after
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.last: SyncSummary | None = None
        self.error: str | None = None

    @property
    def running(self) -> bool:
        """True while a sync started here is going on."""
        return self.thread is not None and self.thread.is_alive()

    def start(self, name: str | None = None) -> bool:
        """Start syncing one account (or all); False when a sync is already going on."""
        with self.lock:
            if self.running:
                return False
            self.thread = threading.Thread(
                target=self._run, args=(name,), name="innercircle-sync-now", daemon=True
            )
            self.thread.start()
            return True

    def join(self, timeout: float | None = None) -> None:
        """Wait for the sync going on (tests, shutdown)."""
        if self.thread is not None:
            self.thread.join(timeout)

    def _run(self, name: str | None) -> None:
        try:
            self.last, self.error = sync(self.ws, name), None
        except InnercircleError as exc:  # no such account, no accounts: shown on the page
            self.error = str(exc)
        finally:
            if self.after is not None:
                self.after()


DIGEST_CHECK_S = 300.0  # how often the digest thread looks whether this period's digest is due


@dataclass(frozen=True)
class MailSettings:
    """Where and how the scheduled digest is mailed (resolved once, when ``serve`` starts)."""

    smtp_url: str
    password: str | None = None
    to: str | None = None
    configured_to: str | None = None
    sender: str | None = None
    context: ssl.SSLContext | None = None  # None: the system's trust


class DigestSender:
    """A daemon thread mailing the digest of ``db`` once per period (weekly or daily): it looks every
    ``check_s`` seconds, the first time right away, and sends when nothing was sent since the period began.
    The last send is kept in the database, so a restart does not send again; a failed send is logged and
    tried at the next look."""

    def __init__(
        self,
        db: str,
        period: str,
        mail: MailSettings,
        check_s: float = DIGEST_CHECK_S,
        region: str = DEFAULT_REGION,
    ) -> None:
        self.db, self.period, self.mail, self.check_s, self.region = db, period, mail, check_s, region
        self.done = threading.Event()
        self.rounds = 0
        self.sent: list[DigestSent] = []
        self.error: str | None = None
        self.thread = threading.Thread(target=self._run, name="innercircle-digest", daemon=True)

    def start(self) -> DigestSender:
        """Start the thread."""
        self.thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        """Ask the thread to end after the look it is in, and wait for it."""
        self.done.set()
        self.thread.join(timeout)

    def once(self) -> DigestSent | None:
        """Send this period's digest if it is due (None when it was sent already)."""
        ws = Workspace(self.db, region=self.region)
        try:
            now = ws.now()
            with ws.read() as tx:
                if not digest_due(tx, now, self.period):
                    return None
            return send_digest(
                ws,
                now,
                smtp_url=self.mail.smtp_url,
                to=self.mail.to,
                configured_to=self.mail.configured_to,
                sender=self.mail.sender,
                password=self.mail.password,
                period=self.period,
                context=self.mail.context,
            )
        finally:
            ws.close()

    def _run(self) -> None:
        while not self.done.is_set():
            try:
                sent = self.once()
                self.error = None
                if sent is not None:
                    self.sent.append(sent)
                    log.info("digest sent to %s", sent.to)
            except InnercircleError as exc:  # no address, a refused login, a server away: try again later
                self.error = str(exc)
                log.warning("digest: %s", exc)
            self.rounds += 1
            self.done.wait(self.check_s)
