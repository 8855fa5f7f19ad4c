"""What the live-sync accounts answer: an account (never its password), a sync's result per account."""

from __future__ import annotations

from pydantic import Field

from innercircle.core.accounts import KINDS, TLS_MODES, AccountConfig
from innercircle.results import Result, choices
from innercircle.results.moments import Moment


class AccountInfo(Result):
    """An account innercircle syncs, as ``account list`` shows it: never a password."""

    name: str
    """Its short name (``work-mail``): what ``sync`` and ``account remove`` take."""
    kind: str = Field(json_schema_extra=choices(KINDS))
    """What the account is: a mailbox (IMAP), an address book (CardDAV) or a calendar (CalDAV)."""
    url: str
    """The server (``imaps://host``, ``https://…``)."""
    user: str
    """The login name."""
    folders: list[str]
    """The folders read besides the usual ones (IMAP: INBOX and Sent always)."""
    tls: str = Field(json_schema_extra=choices(TLS_MODES))
    """How the connection is secured (``plain``: on this machine's loopback only)."""
    insecure: bool
    """A self-signed certificate is accepted (the user's own server)."""
    password_env: str | None
    """The environment variable the password is read from at each sync (null: the OS keyring)."""
    last_sync_at: Moment | None
    """When it last synced (null: never)."""
    last_error: str | None
    """Why its last sync failed (null: it did not)."""

    @classmethod
    def of(cls, a: AccountConfig) -> AccountInfo:
        """What may be shown of a stored account."""
        return cls.model_validate(_fields(a))


def _fields(a: AccountConfig) -> dict[str, object]:
    return {
        "name": a.name,
        "kind": a.kind,
        "url": a.url,
        "user": a.username,
        "folders": list(a.folders),
        "tls": a.tls,
        "insecure": a.insecure,
        "password_env": a.password_env,
        "last_sync_at": a.last_sync_at,
        "last_error": a.last_error,
    }


class _Stored(Result):
    """A stored record's id, first among its fields."""

    id: int | None
    """Its id in the database."""


class AccountRecord(AccountInfo, _Stored):  # in this order the id comes first, as it always did
    """An account as stored, with its id (``account add``)."""

    @classmethod
    def of(cls, a: AccountConfig) -> AccountRecord:
        """A stored account with its id."""
        return cls.model_validate(_fields(a) | {"id": a.id})


class RemovedAccount(AccountRecord):
    """An account ``account remove`` forgot (what it synced stays)."""

    password_removed: bool
    """Its password was taken out of the OS keyring too."""


class AccountSync(Result):
    """What syncing one account did."""

    account: str
    """The account's name."""
    kind: str = Field(json_schema_extra=choices(KINDS))
    """What the account is."""
    fetched: int = 0
    """How many items were fetched from the server."""
    removed_on_server: int = 0
    """How many items the server no longer has (what was synced from them is kept)."""
    counts: dict[str, int] = Field(default_factory=dict)
    """What it added or matched (``interactions``, ``people_added``, ``events``…)."""
    batch: int | None = None
    """The import batch holding what it added (``import-undo`` takes it; null: nothing new)."""
    warnings: list[str] = Field(default_factory=list)
    """The items it left out, each with where and why."""
    error: str | None = None
    """Why it failed, in one line naming the account (null: it did not; its data and state are then as
    they were before)."""


class SyncSummary(Result):
    """What a sync run did, per account."""

    accounts: list[AccountSync] = Field(default_factory=list)
    """Each account synced, by name."""

    @property
    def failed(self) -> list[AccountSync]:
        """The accounts whose sync failed."""
        return [a for a in self.accounts if a.error is not None]


class SyncStatus(Result):
    """The accounts and the sync started from the web (``GET /api/accounts``)."""

    syncing: bool
    """A sync started from the web is going on."""
    error: str | None
    """Why the last sync started from the web could not run (null: it could)."""
    accounts: list[AccountInfo]
    """Every account, by name."""
