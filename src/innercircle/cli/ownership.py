"""Data ownership commands: export, backup, restore, forget, import-undo, import-list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import literal, out, print_json, workspace
from innercircle.cli.options import JSON, YES

FORMATS = ("json", "vcard", "csv")
CSV_TABLES = ("people", "interactions")


def export_cmd(
    fmt: Annotated[str, typer.Option("--format", help="json (lossless), vcard (3.0) or csv.")] = "json",
    what: Annotated[
        str, typer.Option("--what", help="For csv: people or interactions (a folder as -o gets both).")
    ] = "people",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (csv: or existing folder).")
    ] = None,
) -> None:
    """Export everything you entered and imported (JSON is lossless; vCard and CSV for other programs).

    Example: innercircle export --format vcard -o people.vcf
    """
    if fmt not in FORMATS:
        raise common.fail(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
    if what not in CSV_TABLES:
        raise common.fail(f"unknown --what {what!r} (one of: {', '.join(CSV_TABLES)})")
    from innercircle.services.export import export_json
    from innercircle.services.portable import export_interactions_csv, export_people_csv, export_vcard

    with workspace() as ws, ws.read() as tx:
        if fmt == "json":
            data = export_json(tx)
            if output is None:
                print_json(data, None)
                return
            body = json.dumps(data.model_dump(), ensure_ascii=False, indent=1)
        elif fmt == "vcard":
            body = export_vcard(tx)
        elif output is not None and output.is_dir():
            for name, render in (("people", export_people_csv), ("interactions", export_interactions_csv)):
                _write(output / f"{name}.csv", render(tx))
            out.print(f"Wrote {output / 'people.csv'} and {output / 'interactions.csv'}")
            return
        else:
            body = export_people_csv(tx) if what == "people" else export_interactions_csv(tx)
    if output is None:
        typer.echo(body, nl=False)
    else:
        _write(output, body)
        out.print(f"Wrote {output}")


def _write(path: Path, body: str) -> None:
    """Write an export; a folder that is missing or not writable is one error line, not a traceback."""
    try:
        path.write_text(body, encoding="utf-8", newline="")
    except OSError as exc:
        raise common.fail(f"cannot write {path}: {exc.strerror or exc}") from None


def backup_cmd(
    file: Annotated[Path, typer.Argument(help="Where to write the backup (replaced atomically).")],
    as_json: JSON = False,
) -> None:
    """Write a consistent snapshot of the database, safe while the app runs.

    SQLite: a copy made with SQLite's online backup (a database file). PostgreSQL: a lossless JSON export.

    Example: innercircle backup ~/backups/innercircle-2026-05-01.db
    """
    from innercircle.services.ownership import backup

    with workspace() as ws:
        zone = common.zone(ws)
        result = backup(ws, file)
    if as_json:
        print_json(result, zone)
        return
    out.print(f"Backed up to [bold]{result.path}[/] ({result.kind}, {result.bytes:,} bytes)")


def restore_cmd(
    file: Annotated[Path, typer.Argument(help="A backup (SQLite file) or a JSON export.")],
    as_json: JSON = False,
) -> None:
    """Load a backup or a JSON export into an empty database (a non-empty one is refused).

    Example: innercircle --db ~/new.db restore ~/backups/innercircle-2026-05-01.db
    """
    from innercircle.services.ownership import restore

    with workspace() as ws:
        restored = restore(ws, file)
        zone = common.zone(ws)  # the restored database's own
    if as_json:
        print_json(restored, zone)
        return
    total = sum(restored.rows.values())
    out.print(f"Restored {total:,} rows from [bold]{file}[/] into [bold]{ws.db}[/]")


def forget_cmd(
    person: Annotated[str | None, typer.Argument(help="Name, id, email or phone of the person.")] = None,
    yes: YES = False,
    wait: Annotated[
        float,
        typer.Option("--wait", min=0, help="Seconds to wait for other programs reading the old data."),
    ] = 60.0,
    finish: Annotated[
        bool,
        typer.Option("--finish", help="Only clean the file of what an earlier forget could not (no PERSON)."),
    ] = False,
    as_json: JSON = False,
) -> None:
    """Erase every trace of a person: their rows, and every mention of them in other records.

    Interactions with them alone are deleted; from group interactions only they are removed. Their name,
    e-mails and phones are replaced by "(forgotten)" in notes, subjects, goals, events, outcomes, other
    people's details, reflections, import file names and sync state. "Forgot" is printed only once the
    database file and its log hold nothing of them; otherwise it says what is left and exits 1.

    Example: innercircle forget "Grace Hopper" --yes
    """
    from innercircle.services.forget import finish as finish_file
    from innercircle.services.forget import forget, plan_forget

    def waiting(seconds: float) -> None:
        if int(seconds) % 5 == 1:
            common.err.print(f"waiting for another program reading the database to finish ({seconds:.0f} s)…")

    if finish:
        if person is not None:
            raise common.fail("--finish takes no person: it cleans the file of what was already erased")
        with workspace() as ws:
            result = finish_file(ws, wait, waiting)
        if result.problem:
            raise common.fail(f"the database file is not clean: {result.problem}")
        out.print("The database file is rebuilt and its log emptied: nothing erased is left in them.")
        return
    if person is None:
        raise common.fail("name the person to forget (or --finish)")
    with workspace() as ws:
        zone = common.zone(ws)
        with ws.read() as tx:
            plan = plan_forget(tx, person)
        name = literal(plan.person.name)
        listed = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in plan.counts.items() if n)
        common.err.print(
            f"This erases [bold]{name}[/] (id {plan.person.id}) for good: {listed or 'no other rows'}, "
            "and every mention of them in other records."
        )
        if not yes and not common.ask("Forget this person?"):
            raise common.fail("nothing forgotten")
        result = forget(ws, plan, wait, waiting)
    for what, where in sorted(result.kept.items()):
        common.err.print(f"kept: {literal(what)} ({literal(', '.join(sorted(where)))})", highlight=False)
    redacted = f", {result.redacted} mention(s) in other records redacted" if result.redacted else ""
    if as_json:
        print_json(result.record(plan.person), zone)
    if result.backend != "sqlite":
        if not as_json:
            out.print(f"Erased {name} from the records{redacted}.")
        common.err.print(f"note: {literal(result.problem)}", highlight=False)
        return
    if not result.complete:
        left = "; ".join(f"{f}: {', '.join(sorted(labels))}" for f, labels in result.leftovers.items())
        raise common.fail(  # fail() shows its message as literal text
            f"{plan.person.name} is erased from the records{redacted}, but the database file still holds old "
            f"copies{' (' + left + ')' if left else ''}: {result.problem}. Close the other program "
            "(the web app, a long report, a sync) and run: innercircle forget --finish"
        )
    common.err.print(
        f"{redacted.lstrip(', ').capitalize() + '; ' if redacted else ''}the database file and its log hold "
        "nothing of them (backups and exports made before still do)."
    )
    if not as_json:
        out.print(f"Forgot {name}.")


def import_undo_cmd(
    batch: Annotated[str, typer.Argument(help="The import's number, as 'import-list' shows it.")],
    as_json: JSON = False,
) -> None:
    """Remove what one import added (its interactions, events, details, identities, new people).

    People it matched keep what other imports and you added. The same file can be imported again.

    Example: innercircle import-undo 3
    """
    from innercircle.services.undo import undo_batch

    with workspace() as ws:
        zone = common.zone(ws)
        with ws.begin() as tx:
            undone = undo_batch(tx, batch)
    if as_json:
        print_json(undone, zone)
        return
    listed = ", ".join(f"{n} {k}" for k, n in undone.removed.items() if n and k != "participants")
    out.print(f"Undid import {batch.strip()}: removed {listed or 'nothing else'}.")


def import_list_cmd(
    as_json: JSON = False,
) -> None:
    """List the imports (batches), with the number 'import-undo' takes.

    Example: innercircle import-list --json
    """
    from innercircle.core.dates import show_time
    from innercircle.core.words import count_label
    from innercircle.reports.terminal import fit_table
    from innercircle.services.runtime.localzone import get_zone
    from innercircle.services.undo import list_batches

    with workspace() as ws, ws.read() as tx:
        rows = list_batches(tx)
        zone = get_zone(tx)
    if as_json:
        print_json(rows, zone)
        return
    table = fit_table(
        "#",
        "file",
        "format",
        "when",
        "added",
        "warnings",
        fixed=("#", "when", "added", "warnings"),
        caption=f"times in {zone}",
    )
    for r in rows:
        added = "\n".join(f"{v} {count_label(k, v)}" for k, v in r.counts.items() if v)
        when = show_time(r.started_at, zone, label=False)
        table.add_row(str(r.id), r.path, r.format, when, added, str(r.warnings))
    out.print(table)
