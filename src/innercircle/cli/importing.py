"""Commands that bring data in and fix who is who: import, merge, unmerge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import err, out, print_json, workspace
from innercircle.cli.options import DRY_RUN, REGION

if TYPE_CHECKING:
    from rich.progress import Progress

    from innercircle.services import Workspace
    from innercircle.services.importing import ImportSummary

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

    with workspace() as ws, progress_bar(as_json) as bar:
        task = bar.add_task("importing", total=None, what="")

        def tick(path: str, n: int) -> None:
            bar.update(task, completed=n, what=path.rsplit("/", 1)[-1])

        summary = import_paths(
            ws, list(paths), fmt, me or [], dry_run, tick, common.region(region), me_name or []
        )
        batches = batch_ids(ws) if as_json else {}
    for w in summary.me_warnings:
        err.print(f"[yellow]warning:[/] {w}")
    if as_json:
        print_json(summary_dict(summary, batches))
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


def batch_ids(ws: Workspace) -> dict[tuple[str, str], int]:
    """The newest import batch of each (resolved path, format): the number ``import-undo`` takes."""
    from innercircle.services.undo import list_batches

    with ws.read() as conn:
        return {(b["path"], b["format"]): int(b["id"]) for b in list_batches(conn)}


def summary_dict(
    summary: ImportSummary, batches: dict[tuple[str, str], int] | None = None
) -> dict[str, object]:
    """An import's summary as ``--json`` prints it; ``batch`` is the import's number (None in a dry run),
    the earlier one for a file already imported."""
    from pathlib import Path

    def batch(path: str, fmt: str) -> int | None:
        if summary.dry_run or batches is None:
            return None
        return batches.get((str(Path(path).resolve()), fmt))

    return {
        "dry_run": summary.dry_run,
        "files": [
            {
                "batch": batch(f.path, f.format),
                "path": f.path,
                "format": f.format,
                "already_imported": f.already,
                "counts": f.counts,
                "warnings": f.warnings,
            }
            for f in summary.files
        ],
        "totals": summary.totals(),
    }


def print_summary(summary: ImportSummary) -> None:
    from innercircle.core.words import count_label, counted
    from innercircle.reports.terminal import fit_table

    # only the counts some file has (an 80-column terminal has no room for nine columns of zeros)
    shown = [c for c in _COLUMNS if any(f.counts.get(c) for f in summary.files)] or list(_COLUMNS[:2])
    labels = [count_label(c) for c in shown]
    table = fit_table("file", "format", *labels, "warnings", fixed=("format", *labels, "warnings"))
    for f in summary.files:
        name = f.path.rstrip("/").rsplit("/", 1)[-1]
        if f.already:
            table.add_row(name, f.format, *(["—"] * len(shown)), "already imported")
            continue
        table.add_row(name, f.format, *(str(f.counts.get(c, 0)) for c in shown), str(len(f.warnings)))
    out.print(table)
    totals = summary.totals()
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
    from innercircle.services.records import person_record

    with workspace() as ws, ws.begin() as conn:
        a, b = merge(conn, keep, other, common.now())
        record = person_record(conn, a.id or 0) | {"merged": {"person_id": b.id, "name": b.name}}
    if as_json:
        print_json(record)
        return
    out.print(f"Merged {b.name} (id {b.id}) into {a.name} (id {a.id}).")


def unmerge_cmd(
    person: Annotated[str, typer.Argument(help="The kept person, or the merged one's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Both people as JSON on stdout.")] = False,
) -> None:
    """Undo the newest merge of a person.

    Example: innercircle unmerge "Ada Lovelace"
    """
    from innercircle.services.merge import unmerge
    from innercircle.services.records import person_record

    with workspace() as ws, ws.begin() as conn:
        kept, back = unmerge(conn, person)
        record = person_record(conn, back.id or 0) | {"kept": person_record(conn, kept.id or 0)}
    if as_json:
        print_json(record)
        return
    out.print(f"{back.name} (id {back.id}) is separate from {kept.name} (id {kept.id}) again.")
