"""The ``innercircle`` command: global options and the command groups."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from innercircle.cli import (
    accounts,
    assistant,
    brief,
    common,
    demo,
    digest,
    eventplan,  # noqa: F401  (adds triage, attend, skip and review to the event group)
    events,
    goals,
    importing,
    me,
    ownership,
    people,
    review,
    serve,
    strategy,
    ties,
)
from innercircle.cli.common import guard, out, print_json, workspace

app = typer.Typer(
    name="innercircle",
    help=(
        "A local-first strategic networking assistant: invest in the few relationships that matter.\n\n"
        "Example: innercircle demo   (build the demo network and print its weekly review)"
    ),
    epilog="More on each command: innercircle COMMAND --help",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    """``--version``: the installed package's version, then exit."""
    if not value:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("innercircle")
    except PackageNotFoundError:  # run from a source tree that was never installed
        number = "unknown (not installed)"
    typer.echo(f"innercircle {number}")
    raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar="INNERCIRCLE_DB", help="SQLite file or database URL (postgresql+psycopg://…)."
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List warnings in full.")] = False,
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Global options."""
    from innercircle.paths import private_umask
    from innercircle.reports.console import plain_logs

    # Everything the command writes (database, exports, reports, backups, cache) is the user's alone;
    # the umask the process had comes back when the command ends.
    ctx.call_on_close(functools.partial(os.umask, private_umask()))
    # What the command logs prints as plain text too.
    ctx.call_on_close(plain_logs())
    common.state.db = db
    common.state.verbose = verbose


def init(
    name: Annotated[str | None, typer.Option("--name", help="Your name.")] = None,
    me: Annotated[
        list[str] | None, typer.Option("--me", help="One of your emails, phones or handles.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="You, as recorded, as JSON on stdout.")] = False,
) -> None:
    """Create or upgrade the database and record who you are.

    Example: innercircle init --name "Ada Lovelace" --me ada@example.com --me +441234567890
    """
    from innercircle.services.owner import init_owner

    with workspace() as ws:
        now, zone = ws.now(), common.zone(ws)
        with ws.begin() as tx:
            record, merged = init_owner(tx, ws.db, now, name, me or [])
    for line in merged:  # what an earlier import had under your address is now yours
        (common.err if as_json else out).print(line, highlight=False, markup=False)
    if as_json:
        print_json(record, zone)
        return
    out.print(f"Database ready at [bold]{ws.db}[/]; you are [bold]{record.name}[/].")


# Every top-level command and group, in the order ``--help`` lists them, under its heading. The command
# modules define the functions; this table is the one place that names them (a group's own commands are
# in its module: ``account add`` in accounts.py, the event group's triage/attend/skip/review in
# eventplan.py).
COMMANDS: tuple[tuple[str, str, Callable[..., Any]], ...] = (
    ("Start", "init", init),
    ("Start", "demo", demo.demo),
    ("Start", "serve", serve.serve),
    ("Start", "mcp", assistant.mcp_cmd),
    ("Bring in", "import", importing.import_cmd),
    ("Bring in", "sync", accounts.sync_cmd),
    ("Bring in", "import-list", ownership.import_list_cmd),
    ("Bring in", "import-undo", ownership.import_undo_cmd),
    ("Bring in", "merge", importing.merge_cmd),
    ("Bring in", "unmerge", importing.unmerge_cmd),
    ("People and ties", "people", people.people_cmd),
    ("People and ties", "show", people.show),
    ("People and ties", "add", people.add),
    ("People and ties", "log", people.log),
    ("People and ties", "remember", people.remember),
    ("People and ties", "unarchive", people.unarchive),
    ("People and ties", "ties", ties.ties),
    ("People and ties", "pin", ties.pin),
    ("People and ties", "intro", ties.intro),
    ("Advice", "review", review.review),
    ("Advice", "brief", brief.brief),
    ("Advice", "focus", strategy.focus),
    ("Advice", "health", strategy.health),
    ("Advice", "prune", strategy.prune),
    ("Your data", "export", ownership.export_cmd),
    ("Your data", "backup", ownership.backup_cmd),
    ("Your data", "restore", ownership.restore_cmd),
    ("Your data", "forget", ownership.forget_cmd),
)
GROUPS: tuple[tuple[str, str, typer.Typer], ...] = (
    ("Start", "me", me.me_app),
    ("Bring in", "account", accounts.account_app),
    ("People and ties", "favor", people.favor_app),
    ("People and ties", "interaction", people.interaction_app),
    ("Advice", "followups", ties.followups_app),
    ("Advice", "digest", digest.digest_app),
    ("Plans", "goal", goals.goal_app),
    ("Plans", "outcome", goals.outcome_app),
    ("Plans", "event", events.event_app),
    ("Plans", "budget", strategy.budget_app),
)

for _panel, _name, _fn in COMMANDS:
    app.command(_name, rich_help_panel=_panel)(guard(_fn))
for _panel, _name, _group in GROUPS:
    app.add_typer(_group, name=_name, rich_help_panel=_panel)


def _example(doc: str | None) -> str | None:
    for line in (doc or "").splitlines():
        if line.strip().startswith("Example:"):
            return line.strip().removeprefix("Example:").strip()
    return None


def _show_examples_in_command_list() -> None:
    """The top-level --help lists each command with its example (taken from its docstring)."""
    from rich.markup import escape

    for info in app.registered_commands:
        doc = info.callback.__doc__ if info.callback else None
        example = _example(doc)
        if example and doc:
            info.short_help = f"{doc.strip().splitlines()[0]}\n[dim]e.g. {escape(example)}[/]"
    for group in app.registered_groups:
        sub = group.typer_instance.registered_commands if group.typer_instance else []
        example = next((e for c in sub if (e := _example(c.callback.__doc__ if c.callback else None))), None)
        base = group.help or (group.typer_instance.info.help if group.typer_instance else "") or ""
        if example and isinstance(base, str):
            group.short_help = f"{base.strip().splitlines()[0]}\n[dim]e.g. {escape(example)}[/]"


_show_examples_in_command_list()


def run() -> None:
    """Console-script entry point."""
    from innercircle.reports.console import print_plain_traceback

    sys.excepthook = print_plain_traceback  # an unexpected error's traceback is plain text too
    app()
