"""Commands about events."""

from __future__ import annotations

from typing import Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import guard, out, workspace
from innercircle.core.dates import parse_when
from innercircle.core.model import Event
from innercircle.services import records

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
) -> None:
    """Add an event you could attend.

    Example: innercircle event add "AI founders meetup" --at 2026-12-03T18:30 --hours 3 --topic ai --topic fundraising
    """
    now = common.now()
    ev = Event(
        title=title,
        start=parse_when(at, now),
        hours_cost=hours,
        place=place,
        topics=topic or [],
        organizer=organizer,
        series=series,
        cost=cost,
    )
    with workspace() as ws, ws.begin() as conn:
        eid = records.add_event(conn, ev, attendee or [])
    out.print(f"Event #{eid}: {ev.title} on {ev.start:%Y-%m-%d %H:%M}")


def register(app: typer.Typer) -> None:
    """Add these commands to the main app."""
    app.add_typer(event_app, name="event")
