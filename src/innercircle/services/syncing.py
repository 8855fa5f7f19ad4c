"""Live sync: add, list and remove accounts; pull each one and store what changed, one transaction each.

A sync stores what a source's ``pull`` returns through the same path file imports take (``Store``: identity
resolution, source ids for idempotence, an import batch that ``import-list``/``import-undo`` show), with
the account's new sync state, in one transaction per account. A failure leaves that account's data and
state as they were, records the error in a small transaction of its own, and the other accounts still sync.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from innercircle.core.accounts import AccountConfig, new_account
from innercircle.core.errors import InnercircleError, NotFoundError, UserInputError
from innercircle.core.records import RecordWarning
from innercircle.importers.base import Options
from innercircle.results.accounts import AccountInfo, AccountRecord, AccountSync, RemovedAccount, SyncSummary
from innercircle.services.people import ensure_me
from innercircle.services.runtime.localzone import get_zone
from innercircle.services.runtime.storing import Store
from innercircle.services.runtime.workspace import Tx, Workspace
from innercircle.store import accounts as store
from innercircle.store import batches
from innercircle.sync import SOURCES, puller, secrets
from innercircle.sync.base import Account, Pull, SyncError

Progress = Callable[[str, int, int | None], None]  # (account, done, total or None)


@dataclass(slots=True)
class _Synced:
    """One account while it syncs (an ``AccountSync`` once done)."""

    account: str
    kind: str
    fetched: int = 0
    removed_on_server: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    batch: int | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def add_account(
    ws: Workspace,
    kind: str,
    name: str,
    url: str,
    user: str,
    password: str | None = None,
    folders: list[str] | None = None,
    starttls: bool = False,
    insecure: bool = False,
    password_env: str | None = None,
) -> AccountRecord:
    """Record an account; its password goes to the keyring (or stays in ``password_env``), never here.
    Returns it as stored."""
    account = new_account(kind, name, url, user, folders, starttls, insecure, password_env)
    if password_env is None and not password:
        raise UserInputError(f"account {name}: no password given (or name one with --password-env VAR)")
    with ws.begin() as tx:
        if store.get_account(tx.conn, account.name) is not None:
            raise UserInputError(f"there is already an account named {name!r} (see 'account list')")
        account.created_at = ws.clock()
        account.id = store.add_account(tx.conn, account, account.created_at)
        if password_env is None and password:
            try:  # inside the transaction: no keyring, no account
                secrets.store(account.name, password)
            except secrets.NoKeyring as exc:
                raise UserInputError(
                    f"account {name}: no usable keyring on this machine ({exc}); keep the password in an "
                    "environment variable instead and name it with --password-env VAR"
                ) from None
    return AccountRecord.of(account)


def list_accounts(ws: Workspace) -> list[AccountInfo]:
    """Every account, by name (never a password)."""
    with ws.read() as tx:
        return [AccountInfo.of(a) for a in store.list_accounts(tx.conn)]


def remove_account(ws: Workspace, name: str) -> RemovedAccount:
    """Forget an account and its keyring entry (everything it synced stays); returns it as it was."""
    with ws.begin() as tx:
        account = store.get_account(tx.conn, name)
        if account is None:
            raise NotFoundError(f"no account named {name!r} (see 'account list')")
        store.remove_account(tx.conn, name)
    forgot = account.password_env is None and secrets.forget(name)
    return RemovedAccount(**AccountRecord.of(account).model_dump(), password_removed=forgot)


def sync(ws: Workspace, name: str | None = None, progress: Progress | None = None) -> SyncSummary:
    """Sync one account (``name``) or all of them; see the module docstring. Numbers a card or message
    gives without a country code are read in the workspace's region."""
    with ws.read() as tx:
        chosen = store.list_accounts(tx.conn)
        zone = get_zone(tx)
    if name is not None:
        chosen = [a for a in chosen if a.name == name]
        if not chosen:
            raise NotFoundError(f"no account named {name!r} (see 'account list')")
    elif not chosen:
        raise UserInputError(
            "no accounts yet: add one with 'innercircle account add imap NAME --url … --user …'"
        )
    done = [
        _sync_one(ws, config, Options(region=ws.region, now=ws.now(), zone=zone), progress)
        for config in chosen
    ]
    return SyncSummary(accounts=done)


def _sync_one(ws: Workspace, config: AccountConfig, opts: Options, progress: Progress | None) -> AccountSync:
    result = _Synced(config.name, config.kind)
    password = ""
    try:
        password = _password(config)
        pulled = _pull(config, password, opts, progress)
        result.fetched, result.removed_on_server = pulled.fetched, pulled.removed
        result.warnings.extend(pulled.warnings)
        with ws.begin() as tx:
            if pulled.items:
                _store(tx, config, pulled, opts, result)
            store.record_sync(tx.conn, config.name, pulled.state, ws.clock())
    except Exception as exc:  # whatever went wrong, this account's data stays as it was; the others go on
        result.error = _message(config.name, exc, password)
        result.counts, result.batch = {}, None
        with ws.begin() as tx:
            store.record_error(tx.conn, config.name, result.error)
    return AccountSync(**asdict(result))


def _password(config: AccountConfig) -> str:
    try:
        found = secrets.fetch(config.name, config.password_env)
    except secrets.NoKeyring as exc:
        raise SyncError(
            config.name, f"no usable keyring ({exc}); re-add it with --password-env VAR"
        ) from None
    if found:
        return found
    if config.password_env:
        raise SyncError(config.name, f"the environment variable {config.password_env} is not set")
    raise SyncError(config.name, "no password in the keyring (remove and add the account again)")


def _pull(config: AccountConfig, password: str, opts: Options, progress: Progress | None) -> Pull:
    module = puller(config.kind)
    if module is None:
        raise SyncError(config.name, f"{config.kind} accounts cannot be synced by this version")
    account = Account(
        name=config.name,
        kind=config.kind,
        url=config.url,
        user=config.username,
        folders=config.folders,
        tls=config.tls,
        insecure=config.insecure,
    )

    def tick(done: int, total: int | None) -> None:
        if progress is not None:
            progress(config.name, done, total)

    pulled: Pull = module.pull(account, password, config.state, opts, tick)
    return pulled


def _store(tx: Tx, config: AccountConfig, pulled: Pull, opts: Options, result: _Synced) -> None:
    """The pulled records through the file imports' path, in an import batch of their own."""
    owner = ensure_me(tx, opts.now)
    assert owner.id is not None
    digest = hashlib.sha256(
        json.dumps([config.name, opts.now.isoformat(), pulled.state], sort_keys=True, default=str).encode()
    ).hexdigest()
    label = f"{config.kind} account {config.name} ({config.url})"
    result.batch = batches.add_batch(tx.conn, label, digest, config.kind, opts.now)
    records = Store(tx.conn, opts.now, owner.id, SOURCES.get(config.kind, config.kind), result.batch)
    for item in pulled.items:
        if isinstance(item, RecordWarning):
            result.warnings.append(f"{item.where}: {item.message}")
        else:
            records.add(item)
    records.flush()
    result.counts = records.counts
    batches.finish_batch(tx.conn, result.batch, opts.now, records.counts, result.warnings)


def _message(account: str, exc: Exception, password: str) -> str:
    """One line naming the account; the password never appears in it, whatever the library said."""
    if isinstance(exc, SyncError):
        text = str(exc)
    elif isinstance(exc, InnercircleError):
        text = f"account {account}: {exc}"
    elif isinstance(exc, OSError):
        why = exc.strerror or str(exc) or type(exc).__name__
        text = f"account {account}: cannot reach the server ({why})"
    else:
        text = f"account {account}: {type(exc).__name__}: {exc}"
    text = " ".join(text.split())
    return text.replace(password, "***") if password else text
