"""Live-sync commands: account add/list/remove and sync."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from innercircle.cli import common
from innercircle.cli.common import err, fail, guard, out, print_json, workspace
from innercircle.cli.options import JSON

if TYPE_CHECKING:
    from innercircle.results.accounts import AccountSync

KINDS = ("imap", "carddav", "caldav")  # core.accounts.KINDS, repeated so --help loads no service

account_app = typer.Typer(
    help="Accounts synced live: IMAP mail headers, CardDAV contacts, CalDAV calendars.", no_args_is_help=True
)


@account_app.command("add")
@guard
def add_cmd(
    kind: Annotated[str, typer.Argument(help="imap, carddav or caldav.")],
    name: Annotated[str, typer.Argument(help="A short name for the account, e.g. work-mail.")],
    url: Annotated[
        str,
        typer.Option("--url", help="imaps://host[:port] (imap://host with --starttls); https://… for DAV."),
    ],
    user: Annotated[str, typer.Option("--user", help="The login name (often the email address).")],
    folder: Annotated[
        list[str] | None,
        typer.Option("--folder", help="Another folder to read (IMAP: INBOX and Sent are read anyway)."),
    ] = None,
    starttls: Annotated[bool, typer.Option("--starttls", help="imap:// upgraded with STARTTLS.")] = False,
    insecure: Annotated[
        bool, typer.Option("--insecure", help="Accept a self-signed certificate (your own server).")
    ] = False,
    password_env: Annotated[
        str | None,
        typer.Option(
            "--password-env",
            help="Read the password from this environment variable at each sync (headless machines); "
            "without it you are asked once and it goes to the OS keyring.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The account as JSON on stdout.")] = False,
) -> None:
    """Add an account to sync; the password goes to the OS keyring, never to the database.

    Example: innercircle account add imap work-mail --url imaps://imap.example.com --user ada@example.com
    """
    from innercircle.services.syncing import add_account

    if kind not in KINDS:
        raise fail(f"unknown account kind {kind!r}: one of {', '.join(KINDS)}")
    password = None
    if password_env is None:
        password = typer.prompt(f"Password for {user} ({name})", hide_input=True, err=True)
    with workspace() as ws:
        zone = common.zone(ws)
        account = add_account(ws, kind, name, url, user, password, folder, starttls, insecure, password_env)
    if as_json:
        print_json(account, zone)
        return
    where = f"read from ${password_env} at each sync" if password_env else "kept in the OS keyring"
    out.print(f"Added {kind} account [bold]{account.name}[/] ({account.url}); its password is {where}.")
    out.print(f"Sync it with: innercircle sync {account.name}")


@account_app.command("list")
@guard
def list_cmd(
    as_json: JSON = False,
) -> None:
    """List the accounts: where, who, folders, last sync and last error (never a password).

    Example: innercircle account list --json
    """
    from innercircle.services.syncing import list_accounts

    with workspace() as ws:
        zone = common.zone(ws)
        accounts = list_accounts(ws)
    if as_json:
        print_json(accounts, zone)
        return
    if not accounts:
        out.print("No accounts yet. Add one with: innercircle account add imap NAME --url … --user …")
        return
    from innercircle.core.dates import show_time
    from innercircle.reports.terminal import fit_table

    table = fit_table(
        "name", "kind", "url", "user", "folders", "last sync", "last error", fixed=("kind", "last sync")
    )
    for a in accounts:
        last = show_time(a.last_sync_at, zone) if a.last_sync_at else "never"
        table.add_row(a.name, a.kind, a.url, a.user, ", ".join(a.folders), last, a.last_error or "")
    out.print(table)


@account_app.command("remove")
@guard
def remove_cmd(
    name: Annotated[str, typer.Argument(help="The account's name, as 'account list' shows it.")],
    as_json: Annotated[bool, typer.Option("--json", help="What was removed, as JSON on stdout.")] = False,
) -> None:
    """Stop syncing an account and delete its keyring entry; everything it synced stays.

    Example: innercircle account remove work-mail
    """
    from innercircle.services.syncing import remove_account

    with workspace() as ws:
        zone = common.zone(ws)
        gone = remove_account(ws, name)
    if as_json:
        print_json(gone, zone)
        return
    note = " and its password from the keyring" if gone.password_removed else ""
    out.print(f"Removed account [bold]{name}[/]{note}; what it synced is kept.")


def sync_cmd(
    account: Annotated[str | None, typer.Argument(help="Only this account (default: all).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Summary as JSON on stdout.")] = False,
) -> None:
    """Fetch what changed on your accounts since the last sync (each account all or nothing).

    Example: innercircle sync work-mail
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from innercircle.services.syncing import sync

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=as_json or not err.is_terminal,
    )
    tasks: dict[str, Any] = {}

    def tick(name: str, done: int, total: int | None) -> None:
        if name not in tasks:
            tasks[name] = bar.add_task(name, total=total)
        bar.update(tasks[name], completed=done, total=total)

    with workspace() as ws, bar:
        zone = common.zone(ws)
        summary = sync(ws, account, tick)
    if as_json:
        print_json(summary.accounts, zone)
        from rich.markup import escape  # an error names its item in [brackets]: text, not markup

        for r in summary.failed:
            err.print(f"[bold red]error:[/] {escape(r.error or '')}", highlight=False)
    else:
        for r in summary.accounts:
            _print_result(r)
    if summary.failed:
        raise typer.Exit(1)


def _print_result(r: AccountSync) -> None:
    from rich.markup import escape  # an error names its item in [brackets]: text, not markup

    if r.error is not None:
        err.print(f"[bold red]error:[/] {escape(r.error)}", highlight=False)
        return
    new = r.counts.get("interactions", 0)
    parts = [f"{r.fetched:,} fetched"]
    if r.kind == "imap":
        parts.append(f"{new:,} interactions new")
    else:
        parts.append(
            f"{r.counts.get('people_added', 0):,} people new, {r.counts.get('events', 0):,} events new"
        )
    parts.append(f"{r.removed_on_server:,} removed on the server (kept)")
    out.print(f"{r.account}: " + ", ".join(parts), highlight=False)
    if r.warnings and common.state.verbose:
        for w in r.warnings:
            err.print(f"[yellow]warning:[/] {r.account}: {escape(w)}", highlight=False)
    elif r.warnings:
        err.print(f"[yellow]{len(r.warnings)} items skipped in {r.account}[/] (list them with --verbose)")
