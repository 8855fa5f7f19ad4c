"""Strategy commands: focus, prune, budget, health."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import as_of_moment, guard, literal, out, print_json, workspace
from innercircle.cli.options import AS_OF, JSON
from innercircle.core.words import counted

if TYPE_CHECKING:
    from innercircle.results.advice import BudgetSetting

budget_app = typer.Typer(help="Your networking time budget.", no_args_is_help=True)


def focus(
    as_json: JSON = False,
    limit: Annotated[int, typer.Option("--limit", help="At most this many people.")] = 15,
    as_of: AS_OF = None,
) -> None:
    """The few people worth investing in now: tie strength × goal fit × room to grow or risk of cooling.

    Example: innercircle focus --limit 10
    """
    from innercircle.reports import terminal
    from innercircle.services import strategy

    with workspace() as ws:
        zone = common.zone(ws)
        now = as_of_moment(as_of, ws)
        with ws.read() as tx:
            items = strategy.focus_list(strategy.load_context(tx, now), limit)
    if as_json:
        print_json(items, zone)
        return
    terminal.print_focus(out, items)


def prune(
    apply: Annotated[bool, typer.Option("--apply", help="Archive them (never deletes).")] = False,
    as_json: JSON = False,
) -> None:
    """Contacts you can stop tracking: no contact and no goal fit. Archived with --apply, never deleted.

    Example: innercircle prune --apply
    """
    from innercircle.services import strategy

    with workspace() as ws:
        now, zone = ws.now(), common.zone(ws)
        with ws.begin() as tx:
            items = strategy.prune(tx, now, apply)
    if as_json:
        print_json(items, zone)
        return
    for i in items[:50]:
        out.print(f"  {literal(i.name)} (#{i.person_id}): {literal('; '.join(i.reasons))}", highlight=False)
    verb = "Archived" if apply else "Could archive"
    out.print(
        f"{verb} {counted(len(items), 'contact')}" + ("" if apply else " (run with --apply to archive them)")
    )


@budget_app.command("set")
@guard
def budget_set(
    hours_per_week: Annotated[
        float | None, typer.Option("--hours-per-week", help="Networking hours per week.")
    ] = None,
    events_per_month: Annotated[
        float | None, typer.Option("--events-per-month", help="Events per month.")
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option("--timezone", help="Your IANA time zone (evenings and weekends), e.g. Europe/Berlin."),
    ] = None,
    as_json: JSON = False,
) -> None:
    """Set your networking budget and the time zone your evenings and weekends are judged in.

    Example: innercircle budget set --hours-per-week 5 --events-per-month 3 --timezone Europe/Berlin
    """
    from innercircle.services import strategy
    from innercircle.services.runtime import localzone

    with workspace() as ws:
        with ws.begin() as tx:
            if timezone is not None:
                localzone.set_zone(tx, timezone)
            if hours_per_week is not None or events_per_month is not None or timezone is None:
                strategy.set_budget(tx, hours_per_week, events_per_month)
            b = strategy.budget_setting(tx)
        zone = common.zone(ws)  # the one just set
    if as_json:
        print_json(b, zone)
        return
    _print_budget(b)


@budget_app.command("show")
@guard
def budget_show(as_json: JSON = False) -> None:
    """Show your networking budget and time zone.

    Example: innercircle budget show --json
    """
    from innercircle.services import strategy

    with workspace() as ws:
        zone = common.zone(ws)
        with ws.read() as tx:
            b = strategy.budget_setting(tx)
    if as_json:
        print_json(b, zone)
        return
    _print_budget(b)


def _print_budget(b: BudgetSetting) -> None:
    out.print(
        f"Budget: {b.hours_per_week:g} h/week, {b.events_per_month:g} events/month; time zone {b.timezone}"
    )


def health(as_json: JSON = False, as_of: AS_OF = None) -> None:
    """Signs of over-networking (burnout, surface relationships, …), each with threshold and trend.

    Example: innercircle health --as-of 2026-11-01
    """
    from innercircle.reports import terminal
    from innercircle.services import health as health_svc

    with workspace() as ws:
        zone = common.zone(ws)
        now = as_of_moment(as_of, ws)
        with ws.read() as tx:
            data = health_svc.health(tx, now)
    if as_json:
        print_json(data, zone)
        return
    terminal.print_health(out, data)
