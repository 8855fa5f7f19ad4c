"""Event decisions: triage, attend, skip, review (added to the ``event`` group)."""

from __future__ import annotations

from typing import Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import as_of_moment, guard, out, print_json, workspace
from innercircle.cli.events import event_app
from innercircle.cli.options import JSON

EVENT = Annotated[str, typer.Argument(help="Event id or words of its title.")]


@event_app.command("triage")
@guard
def event_triage(
    as_json: JSON = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Triage as if today were this date.")] = None,
) -> None:
    """Attend, skip or maybe for each upcoming event, with reasons.

    Example: innercircle event triage --json
    """
    from innercircle.reports import terminal
    from innercircle.services import eventplan
    from innercircle.services.runtime.localzone import get_zone

    with workspace() as ws:
        now = as_of_moment(as_of, ws)
        with ws.read() as tx:
            items = eventplan.triage_events(tx, now)
            zone = get_zone(tx)
    if as_json:
        print_json(items, zone)
        return
    terminal.print_events(out, items, zone)


def _decide(event: str, decision: str, as_json: bool) -> None:
    from innercircle.services import eventplan, plans

    with workspace() as ws:
        zone = common.zone(ws)
        with ws.begin() as tx:
            title = eventplan.decide(tx, event, decision)
            record = plans.event_record(tx, plans.resolve_event(tx, event).id or 0)
    if as_json:
        print_json(record, zone)
        return
    out.print(f"{decision}: {title}")


@event_app.command("attend")
@guard
def event_attend(event: EVENT, as_json: JSON = False) -> None:
    """Record that you will attend (or attended) an event.

    Example: innercircle event attend "AI founders meetup"
    """
    _decide(event, "attend", as_json)


@event_app.command("skip")
@guard
def event_skip(event: EVENT, as_json: JSON = False) -> None:
    """Record that you skip an event.

    Example: innercircle event skip "AI founders meetup"
    """
    _decide(event, "skip", as_json)


@event_app.command("review")
@guard
def event_review(
    event: EVENT,
    rating: Annotated[int | None, typer.Option("--rating", help="1 (waste) to 5 (excellent).")] = None,
    met: Annotated[
        list[str] | None, typer.Option("--met", help="Someone you met there (created when new).")
    ] = None,
    as_json: JSON = False,
) -> None:
    """Rate a past event, record who you met, and see its return per hour.

    Example: innercircle event review "AI founders meetup" --rating 4 --met "Grace Hopper" --met "Alan Kay"
    """
    from innercircle.reports import terminal
    from innercircle.services import eventplan
    from innercircle.services.runtime.localzone import get_zone

    with workspace() as ws:
        now = ws.now()
        with ws.begin() as tx:
            data = eventplan.review_event(tx, event, now, rating, met or [])
            zone = get_zone(tx)
    if as_json:
        print_json(data, zone)
        return
    terminal.print_event_return(out, data, zone)
