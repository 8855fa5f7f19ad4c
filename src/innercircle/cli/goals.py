"""Commands about goals and outcomes."""

from __future__ import annotations

from typing import Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import guard, out, print_json, workspace
from innercircle.cli.options import JSON
from innercircle.core.dates import parse_day, parse_when, show_day
from innercircle.core.model import OUTCOME_KINDS, Goal

goal_app = typer.Typer(
    help="Your goals: what you want from your network, and who could help.", no_args_is_help=True
)
outcome_app = typer.Typer(
    help="What networking produced: collaborations, funding, jobs, referrals…", no_args_is_help=True
)


@goal_app.command("add")
@guard
def goal_add(
    text: Annotated[str, typer.Argument(help="What you want, in your words.")],
    role: Annotated[
        list[str] | None, typer.Option("--role", help="Who could help: investor, mentor…")
    ] = None,
    org: Annotated[list[str] | None, typer.Option("--org", help="Organizations that matter.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Topics and keywords.")] = None,
    outcome: Annotated[
        list[str] | None,
        typer.Option("--outcome", help="Outcome kinds that count: " + ", ".join(OUTCOME_KINDS)),
    ] = None,
    due: Annotated[str | None, typer.Option("--due", help="Deadline (YYYY-MM-DD).")] = None,
    as_json: JSON = False,
) -> None:
    """Add a goal.

    Example: innercircle goal add "Raise a seed round by June" --role investor --outcome funding --due 2027-06-30
    """
    from innercircle.services import plans

    with workspace() as ws:
        now, zone = ws.now(), common.zone(ws)
        goal = Goal(
            text=text,
            roles=role or [],
            orgs=org or [],
            tags=tag or [],
            outcome_kinds=outcome or [],
            due=parse_day(due, now, zone) if due else None,
        )
        with ws.begin() as tx:
            record = plans.add_goal(tx, goal, now)
    if as_json:
        print_json(record, zone)
        return
    out.print(f"Goal #{record.id}: {record.text}")


@goal_app.command("list")
@guard
def goal_list(
    as_json: Annotated[bool, typer.Option("--json", help="Machine output.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Include finished goals.")] = False,
) -> None:
    """List your goals.

    Example: innercircle goal list --json
    """
    from innercircle.services import plans

    with workspace() as ws:
        zone = common.zone(ws)
        with ws.read() as tx:
            goals = plans.goal_records(tx, include_done=all_)
    if as_json:
        print_json(goals, zone)
        return
    from innercircle.reports.terminal import fit_table

    # who fits a goal in one column, a line per kind: eight columns do not fit an 80-column terminal
    table = fit_table("id", "goal", "who fits", "outcomes", "due", "done", fixed=("id", "due", "done"))
    for g in goals:
        fits = [
            f"{k}: {', '.join(v)}" for k, v in (("roles", g.roles), ("orgs", g.orgs), ("tags", g.tags)) if v
        ]
        table.add_row(
            str(g.id),
            g.text,
            "\n".join(fits),
            "\n".join(g.outcome_kinds),
            g.due.isoformat() if g.due else "",
            show_day(g.done_at, zone) if g.done_at else "",
        )
    out.print(table)


@goal_app.command("done")
@guard
def goal_done(
    goal: Annotated[str, typer.Argument(help="Goal id or words of its text.")], as_json: JSON = False
) -> None:
    """Mark a goal reached.

    Example: innercircle goal done 1
    """
    from innercircle.services import plans

    with workspace() as ws:
        now, zone = ws.now(), common.zone(ws)
        with ws.begin() as tx:
            record = plans.finish_goal(tx, goal, now)
    if as_json:
        print_json(record, zone)
        return
    out.print(f"Goal #{record.id} done: {record.text}")


@outcome_app.command("add")
@guard
def outcome_add(
    kind: Annotated[str, typer.Argument(help=", ".join(OUTCOME_KINDS))],
    people: Annotated[list[str], typer.Argument(help="The people it came through.")],
    goal: Annotated[str | None, typer.Option("--goal", help="The goal it serves (id or words).")] = None,
    event: Annotated[
        str | None, typer.Option("--event", help="The event it came from (id or words).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="What it was.")] = None,
    value: Annotated[float | None, typer.Option("--value", help="Its value, in your unit.")] = None,
    at: Annotated[str, typer.Option("--at", help="When.")] = "now",
    as_json: JSON = False,
) -> None:
    """Record an outcome of your networking.

    Example: innercircle outcome add funding "Grace Hopper" --goal "seed round" --note "angel cheque"
    """
    from innercircle.services import plans

    with workspace() as ws:
        now, zone = ws.now(), common.zone(ws)
        when = parse_when(at, now, zone)
        with ws.begin() as tx:
            record = plans.add_outcome(tx, kind, people, when, goal, event, note, value)
    if as_json:
        print_json(record, zone)
        return
    out.print(f"Outcome #{record.id}: {kind} through {', '.join(people)}")
