"""Commands about events."""

from __future__ import annotations

from typing import Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import guard, out, print_json, workspace
from innercircle.cli.importing import print_summary, progress_bar
from innercircle.cli.options import DRY_RUN, JSON
from innercircle.core.dates import parse_when, show_time
from innercircle.core.model import Event

event_app = typer.Typer(help="Networking events: plan, triage, review.", no_args_is_help=True)


@event_app.command("add")
@guard
def event_add(
    title: Annotated[str, typer.Argument(help="What the event is.")],
    at: Annotated[str, typer.Option("--at", help="When it starts (YYYY-MM-DDTHH:MM).")],
    hours: Annotated[float | None, typer.Option("--hours", help="Hours it costs, travel included.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Where.")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Its topics.")] = None,
    organizer: Annotated[str | None, typer.Option("--organizer", help="Who organizes it.")] = None,
    series: Annotated[str | None, typer.Option("--series", help="The series it belongs to.")] = None,
    cost: Annotated[float | None, typer.Option("--cost", help="Ticket price.")] = None,
    attendee: Annotated[
        list[str] | None, typer.Option("--attendee", help="Someone who will be there.")
    ] = None,
    as_json: JSON = False,
) -> None:
    """Add an event you could attend.

    Example: innercircle event add "AI founders meetup" --at 2026-12-03T18:30 --hours 3 --topic ai --topic fundraising
    """
    from innercircle.services import plans

    with workspace() as ws:
        zone = common.zone(ws)
        start = parse_when(at, ws.now(), zone)
        ev = Event(
            title=title,
            start=start,
            hours_cost=hours,
            place=place,
            topics=topic or [],
            organizer=organizer,
            series=series,
            cost=cost,
        )
        with ws.begin() as tx:
            record = plans.add_event(tx, ev, attendee or [])
    if as_json:
        print_json(record, zone)
        return
    out.print(f"Event #{record.id}: {ev.title} on {show_time(ev.start, zone)}")


@event_app.command("import")
@guard
def event_import(
    paths: Annotated[list[str], typer.Argument(help="iCalendar files (.ics) of events you could attend.")],
    dry_run: DRY_RUN = False,
    as_json: Annotated[bool, typer.Option("--json", help="Summary as JSON on stdout.")] = False,
) -> None:
    """Import a calendar of events you could attend (a meetup feed, a conference agenda): every entry
    becomes an event for `event triage`, its attendees noted as people who will be there.

    Example: innercircle event import ~/Downloads/meetup-groups.ics && innercircle event triage
    """
    from innercircle.services.importing import import_paths

    with workspace() as ws, progress_bar(as_json) as bar:
        zone = common.zone(ws)
        task = bar.add_task("importing", total=None, what="")

        def tick(path: str, n: int) -> None:
            bar.update(task, completed=n, what=path.rsplit("/", 1)[-1])

        summary = import_paths(ws, list(paths), "ics-events", [], dry_run, tick)
    if as_json:
        print_json(summary, zone)
        return
    print_summary(summary)
    if not dry_run and summary.totals.get("events"):
        out.print("Next: innercircle event triage")
