"""Commands that bring data in and fix who is who: import, merge, unmerge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import err, out, print_json, workspace
from innercircle.cli.options import DRY_RUN, REGION

if TYPE_CHECKING:
    from rich.progress import Progress

    from innercircle.results.importing import ImportSummary

_COLUMNS = ("people_added", "people_matched", "interactions", "events", "details", "activities")


def import_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to import.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="linkedin, vcard, google-csv, outlook-csv, ics, ics-events, mbox, maildir, interactions, whatsapp.",
        ),
    ] = None,
    me: Annotated[
        list[str] | None, typer.Option("--me", help="One of your own emails/phones (sets direction).")
    ] = None,
    me_name: Annotated[
        list[str] | None,
        typer.Option(
            "--me-name", help="The name you go by in a chat export (WhatsApp names people, no numbers)."
        ),
    ] = None,
    dry_run: DRY_RUN = False,
    region: REGION = None,
    as_json: Annotated[bool, typer.Option("--json", help="Summary as JSON on stdout.")] = False,
) -> None:
    """Import contacts, mail, calendars and messages; the format is detected from the content.

    Example: innercircle import ~/Downloads/Basic_LinkedInDataExport.zip contacts.vcf --me ada@example.com
    """
    from innercircle.services.importing import import_paths

    with workspace(region=region) as ws, progress_bar(as_json) as bar:
        zone = common.zone(ws)
        task = bar.add_task("importing", total=None, what="")

        def tick(path: str, n: int) -> None:
            bar.update(task, completed=n, what=path.rsplit("/", 1)[-1])

        summary = import_paths(ws, list(paths), fmt, me or [], dry_run, tick, me_name or [])
    for w in summary.me_warnings:
        err.print(f"[yellow]warning:[/] {w}")
    if as_json:
        print_json(summary, zone)
        return
    print_summary(summary)


def progress_bar(quiet: bool) -> Progress:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.fields[what]}", markup=False),  # a file name is text, whatever it holds
        BarColumn(),
        TextColumn("{task.completed} records"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    )


def print_summary(summary: ImportSummary) -> None:
    from innercircle.core.words import count_label, counted
    from innercircle.reports.terminal import fit_table

    # only the counts some file has (an 80-column terminal has no room for nine columns of zeros)
    shown = [c for c in _COLUMNS if any(f.counts.get(c) for f in summary.files)] or list(_COLUMNS[:2])
    labels = [count_label(c) for c in shown]
    table = fit_table("file", "format", *labels, "warnings", fixed=("format", *labels, "warnings"))
    for f in summary.files:
        name = f.path.rstrip("/").rsplit("/", 1)[-1]
        if f.already_imported:
            table.add_row(name, f.format, *(["—"] * len(shown)), "already imported")
            continue
        table.add_row(name, f.format, *(str(f.counts.get(c, 0)) for c in shown), str(len(f.warnings)))
    out.print(table)
    totals = summary.totals
    note = " (dry run: nothing stored)" if summary.dry_run else ""
    out.print(
        f"{counted(totals.get('people_added', 0), 'person', 'people')} added, "
        f"{totals.get('people_matched', 0)} matched to people you had, "
        f"{counted(totals.get('interactions', 0), 'interaction')}, {counted(totals.get('events', 0), 'event')}, "
        f"{totals.get('skipped', 0)} left out (lists, bulk, no-reply), "
        f"{counted(totals['warnings'], 'warning')}{note}"
    )
    for f in summary.files:
        if f.warnings and common.state.verbose:
            for w in f.warnings:
                err.print(f"[yellow]warning:[/] {f.path}: {w}")
        elif f.warnings:
            err.print(f"[yellow]{len(f.warnings)} items skipped in {f.path}[/] (list them with --verbose)")


def merge_cmd(
    keep: Annotated[str, typer.Argument(help="The person to keep (id, email, name, or 'me').")],
    other: Annotated[str, typer.Argument(help="The duplicate to fold into it.")],
    as_json: Annotated[bool, typer.Option("--json", help="The kept person as JSON on stdout.")] = False,
) -> None:
    """Merge two records of the same person (undo with unmerge).

    Example: innercircle merge "Ada Lovelace" ada@work.example
    """
    from innercircle.services.merge import merge

    with workspace() as ws:
        now, zone = ws.now(), common.zone(ws)
        with ws.begin() as tx:
            record = merge(tx, keep, other, now)
    if as_json:
        print_json(record, zone)
        return
    b = record.merged
    out.print(f"Merged {b.name} (id {b.person_id}) into {record.name} (id {record.person_id}).")


def unmerge_cmd(
    person: Annotated[str, typer.Argument(help="The kept person, or the merged one's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Both people as JSON on stdout.")] = False,
) -> None:
    """Undo the newest merge of a person.

    Example: innercircle unmerge "Ada Lovelace"
    """
    from innercircle.services.merge import unmerge

    with workspace() as ws:
        zone = common.zone(ws)
        with ws.begin() as tx:
            record = unmerge(tx, person)
    if as_json:
        print_json(record, zone)
        return
    kept = record.kept
    out.print(
        f"{record.name} (id {record.person_id}) is separate from {kept.name} (id {kept.person_id}) again."
    )
