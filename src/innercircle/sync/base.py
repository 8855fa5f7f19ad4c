"""What every live source shares: the account a puller is given, what it hands back, its one error type.

Every source module (``sync/imap.py``, ``sync/carddav.py``, …) has one entry point::

    def pull(account: Account, password: str, state: Mapping[str, Any], options: Options,
             progress: Progress | None = None) -> Pull

It reads what changed on the server since ``state`` and returns the same records the file importers yield;
it never touches the database. ``services/syncing.py`` stores the items and the new state in one
transaction, so a failed pull (a ``SyncError``, a socket or TLS error) leaves everything as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from innercircle.core.errors import ParseError
from innercircle.core.records import RecordWarning
from innercircle.importers.base import Item, Options

__all__ = ["LIMITS", "Account", "Item", "Limits", "Options", "Progress", "Pull", "SyncError", "read_item"]


@dataclass(frozen=True, slots=True)
class Limits:
    """What one pull may take from a server before it is stopped with an error naming the account."""

    deadline_s: float = 1800.0  # the whole pull, however the server paces its answers
    dav_answer_bytes: int = 64 << 20  # one DAV answer (a multistatus of up to 100 items)
    xml_elements: int = 1_000_000  # elements in one DAV answer (each costs memory once parsed)
    imap_reply_bytes: int = 16 << 20  # the replies to one IMAP command (header fields of 500 messages)
    imap_literal_bytes: int = 1 << 20  # one IMAP literal (one message's header fields)


LIMITS = Limits()  # what a pull uses when its account names none


@dataclass(frozen=True, slots=True)
class Account:
    """What a puller needs to reach the server; no password inside."""

    name: str
    kind: str
    url: str
    user: str
    folders: tuple[str, ...] = ()
    tls: str = "tls"  # tls | starttls | plain
    insecure: bool = False  # a self-signed certificate is accepted
    limits: Limits | None = None  # None: LIMITS as it is when the pull starts

    def bounds(self) -> Limits:
        """The limits this pull runs under."""
        return self.limits if self.limits is not None else LIMITS


@dataclass(slots=True)
class Pull:
    """What one pull read: the records, the new sync state (stored only if the batch commits), counts."""

    items: list[Item]  # importers.base.Item: the same records the file importers yield
    state: dict[str, Any]
    fetched: int = 0  # items read from the server this time
    removed: int = 0  # items gone on the server (kept in the user's history)
    warnings: list[str] = field(default_factory=list)


class SyncError(Exception):
    """A sync that cannot go on; the message names the account (and the item), never the password."""

    def __init__(self, account: str, message: str, item: str | None = None) -> None:
        where = f"account {account}" + (f" [{item}]" if item else "")
        super().__init__(f"{where}: {message}")
        self.account = account
        self.item = item
        self.reason = message


Progress = Callable[[int, int | None], None]
"""Called with (done, total or None) as a pull goes."""


def read_item(account: str, href: str, what: str, parse: Callable[[], Iterable[Item]]) -> list[Item]:
    """One server item through a file parser: its warnings say where (href), its ParseError is a
    SyncError naming the account and the item (``what`` says what kind of item it was)."""
    try:
        items = list(parse())
    except ParseError as exc:
        raise SyncError(account, f"malformed {what} ({exc.reason})", item=href) from None
    return [
        RecordWarning(f"{href} {i.where}", i.message) if isinstance(i, RecordWarning) else i for i in items
    ]
