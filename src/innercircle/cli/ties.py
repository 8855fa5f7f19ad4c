"""Commands about relationships: ties, pin."""

from __future__ import annotations

from typing import Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import as_of_moment, guard, literal, out, print_json, workspace
from innercircle.cli.options import AS_OF, JSON, LIMIT, TIER
from innercircle.core.dates import show_day, show_time
from innercircle.core.ties.tiers import TIERS
from innercircle.core.words import counted


def ties(
    as_json: JSON = False,
    limit: LIMIT = None,
    as_of: AS_OF = None,
    tier: TIER = None,
) -> None:
    """Every person with tie strength (0–1), tier, trend and the components behind it.

    Example: innercircle ties --limit 20 --as-of 2024-06-01
    """
    from innercircle.services import ties as analysis
    from innercircle.services.people import archived_ids
    from innercircle.services.runtime.localzone import get_zone

    with workspace() as ws:
        now = as_of_moment(as_of, ws)
        with ws.read() as tx:
            rows = analysis.tie_rows(tx, now, tier)
            archived = archived_ids(tx)
            zone = get_zone(tx)
    if limit is not None:
        rows = rows[: max(0, limit)]
    if as_json:
        print_json(rows, zone)
        return
    from innercircle.reports.terminal import fit_table

    table = fit_table(
        "id",
        "name",
        "strength",
        "tier",
        "trend",
        "last contact",
        "why",
        fixed=("id", "strength", "last contact"),
    )
    for r in rows:
        last = show_day(r.last_contact, zone) if r.last_contact else "never"
        trend = r.trend + (" ⚠" if r.cooling else "")
        why = r.reasons[0] if r.reasons else ""
        # the tier column says "archived" exactly for the people prune --apply archived
        shown_tier = r.tier + (", archived" if r.person_id in archived else "")
        table.add_row(str(r.person_id), r.name, f"{r.strength:.2f}", shown_tier, trend, last, why)
    out.print(table)
    half = analysis.PARAMS.half_life_days
    out.print(
        f"{counted(len(rows), 'person')}; recency half-life {half:g} days; as of {show_time(now, zone)}"
    )


def pin(
    person: Annotated[str, typer.Argument(help="Id, email or name.")],
    tier: Annotated[str | None, typer.Argument(help=f"{', '.join(TIERS)}, or none to unpin.")] = None,
    closeness: Annotated[
        float | None, typer.Option("--closeness", help="How close you feel, 0–1 (silence never lowers it).")
    ] = None,
    cadence: Annotated[int | None, typer.Option("--cadence", help="Follow up every this many days.")] = None,
    as_json: JSON = False,
) -> None:
    """Pin a person to a tier, state how close you are, or set how often to follow up.

    Example: innercircle pin "Grace Hopper" close --closeness 0.9 --cadence 30
    """
    from innercircle.services.people import pin as pin_person

    with workspace() as ws:
        zone = common.zone(ws)
        with ws.begin() as tx:
            record = pin_person(tx, person, tier, closeness, cadence)
    if as_json:
        print_json(record, zone)
        return
    given = {"tier_pin": tier, "closeness": closeness, "cadence_days": cadence}
    changes = ", ".join(f"{k}={getattr(record, k)}" for k, v in given.items() if v is not None)
    out.print(f"{literal(record.name)}: {literal(changes)}")


followups_app = typer.Typer(help="Who to get back to, and a draft of what to say.")


@followups_app.callback(invoke_without_command=True)
@guard
def followups(
    ctx: typer.Context,
    as_json: JSON = False,
    as_of: AS_OF = None,
    limit: LIMIT = None,
) -> None:
    """Due and overdue follow-ups, new contacts, birthdays and news to celebrate — each with a draft.

    Example: innercircle followups --as-of 2026-12-01
    """
    if ctx.invoked_subcommand is not None:
        return
    from innercircle.services import followups as followup_service
    from innercircle.services.runtime.localzone import get_zone

    with workspace() as ws:
        now = as_of_moment(as_of, ws)
        with ws.read() as tx:
            items = followup_service.followups_at(tx, now)
            zone = get_zone(tx)
    if limit is not None:
        items = items[: max(0, limit)]
    if as_json:
        print_json(items, zone)
        return
    if not items:
        out.print("Nothing to follow up on. Well tended!")
        return
    for f in items:
        out.print(
            f"[bold]{literal(f.name)}[/] ({literal(f.tier)}, {literal(f.kind)}): {literal(f.reason)}",
            highlight=False,
        )
        out.print("  " + literal(f.draft, lines=True).replace("\n", "\n  "), highlight=False, style="dim")
    out.print(
        f"{counted(len(items), 'follow-up')} as of {show_day(now, zone)}; mark with 'followups done PERSON'."
    )


@followups_app.command("done")
@guard
def followup_done(
    person: Annotated[str, typer.Argument(help="Id, email or name.")], as_json: JSON = False
) -> None:
    """Mark that you followed up with someone (their cadence starts again).

    Example: innercircle followups done "Grace Hopper"
    """
    from innercircle.services import followups as followup_service

    with workspace() as ws:
        now, zone = ws.now(), common.zone(ws)
        with ws.begin() as tx:
            r = followup_service.mark(tx, person, "done", now)
    if as_json:
        print_json(r, zone)
        return
    out.print(f"Followed up with {literal(r.name)}.")


@followups_app.command("snooze")
@guard
def followup_snooze(
    person: Annotated[str, typer.Argument(help="Id, email or name.")],
    days: Annotated[int, typer.Option("--days", max=3650, help="For how many days (at most ten years).")] = 7,
    as_json: JSON = False,
) -> None:
    """Hide someone's follow-ups for a while.

    Example: innercircle followups snooze "Grace Hopper" --days 14
    """
    from innercircle.services import followups as followup_service

    with workspace() as ws:
        now, zone = ws.now(), common.zone(ws)
        with ws.begin() as tx:
            r = followup_service.mark(tx, person, "snooze", now, days)
    if as_json:
        print_json(r, zone)
        return
    out.print(f"Snoozed {literal(r.name)} until {show_day(r.until, zone)}.")


def intro(
    target: Annotated[
        str | None, typer.Argument(help="A person (id, name or email), or an organization's exact name.")
    ] = None,
    org: Annotated[str | None, typer.Option("--org", help="Anyone at this organization.")] = None,
    as_json: JSON = False,
    as_of: AS_OF = None,
) -> None:
    """The strongest warm paths to a person or an organization, with each hop's strength and evidence.

    A path is warm when your own first hop is an active tie or closer and every later hop is at least as
    strong as working at the same small organization; otherwise it is shown as a cold path to warm up first.

    Example: innercircle intro "Grace Hopper"   or   innercircle intro --org "US Navy"
    """
    from innercircle.services import intros as intro_service

    with workspace() as ws:
        zone = common.zone(ws)
        now = as_of_moment(as_of, ws)
        with ws.read() as tx:
            result = intro_service.intro(tx, target, now, org=org)
    if as_json:
        print_json(result, zone)
        return
    out.print(result.summary, highlight=False)
    for n, path in enumerate(result.paths, 1):
        kind = "" if path.warm else ", cold"
        out.print(f"[bold]{n}.[/] {path.text}  (path strength {path.strength:.2f}{kind})", highlight=False)
        for hop in path.hops:
            why = "; ".join(hop.evidence)
            flag = f" ({hop.note})" if hop.note else "" if hop.warm else " (not warm yet)"
            out.print(
                f"     {hop.from_name} — {hop.to_name} {hop.strength:.2f}{flag}: {why}", highlight=False
            )
    if not result.warm and result.closest:
        out.print("Closest people at that organization:")
        for c in result.closest:
            out.print(f"  {c.name} (strength {c.strength:.2f}, {c.tier})", highlight=False)
