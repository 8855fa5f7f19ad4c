"""Commands about people: people, show, log, remember, favor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import as_of_moment, guard, literal, out, print_json, workspace
from innercircle.cli.options import AS_OF, JSON, LIMIT, TIER, YES
from innercircle.core.dates import parse_when, show_day, show_time
from innercircle.core.model import DETAIL_KINDS, Person
from innercircle.core.words import counted

if TYPE_CHECKING:
    from innercircle.results.people import PersonRow, TimelineEntry
    from innercircle.results.records import LoggedInteraction
    from innercircle.results.ties import Tie

favor_app = typer.Typer(help="The reciprocity ledger: favours you gave and received.", no_args_is_help=True)
interaction_app = typer.Typer(help="Interactions already recorded: delete one.", no_args_is_help=True)


def people_cmd(
    tier: TIER = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", "-s", help="Only people whose name, organization or an identity contains this."
        ),
    ] = None,
    archived: Annotated[
        bool, typer.Option("--archived", help="Only the archived people (prune --apply archives).")
    ] = False,
    as_json: JSON = False,
    limit: LIMIT = None,
    as_of: AS_OF = None,
) -> None:
    """List people, with each one's tie strength and tier (archived people only with --archived).

    Example: innercircle people --tier close --json
    """
    from innercircle.services import directory

    with workspace() as ws:
        now = as_of_moment(as_of, ws)
        zone = common.zone(ws)
        with ws.read() as tx:
            everyone = directory.people_rows(tx, now)
    rows = directory.select(everyone, search, tier, archived)
    hidden = 0 if archived else len(directory.select(everyone, search, tier, True))
    if limit is not None:
        rows = rows[:limit]
    if as_json:
        print_json(rows, zone)
        return
    from rich.text import Text

    from innercircle.core.plain import visible
    from innercircle.reports.terminal import fit_table

    # title and organization under the name: an 80-column terminal has room for five columns, not seven
    table = fit_table("id", "name", "tier", "strength", "identities", fixed=("id", "strength"))
    for r in rows:
        work = ", ".join(x for x in (r.title, r.org) if x)
        table.add_row(
            str(r.person_id),
            # text from outside, each part on its own line: control characters shown, never sent
            Text.assemble(visible(r.name), *(("\n", (visible(work), "dim")) if work else ())),
            _status(r),
            f"{r.strength:.2f}" if r.strength is not None else "",
            "\n".join(i.value for i in r.identities[:2]),
        )
    out.print(table)
    shown = counted(len(rows), "person")
    out.print(shown + (f" ({hidden} archived: people --archived)" if hidden else ""))


def _status(row: PersonRow) -> str:
    """The tier column: the tier, and ``archived`` exactly when the person is archived."""
    return ", ".join(t for t in (row.tier or "", "archived" if row.archived else "") if t)


def show(
    person: Annotated[str, typer.Argument(help="Id, email, phone or name.")],
    as_json: JSON = False,
    as_of: AS_OF = None,
    details: Annotated[
        bool, typer.Option("--details", help="Also the model behind the tie: chance, expert, components.")
    ] = False,
) -> None:
    """One person: identities, sources, the tie and why, remembered details, timeline.

    Example: innercircle show "Grace Hopper" --details
    """
    from innercircle.services import directory
    from innercircle.services.runtime.localzone import get_zone

    with workspace() as ws:
        now = ws.now()
        before = as_of_moment(as_of, ws, now) if as_of else None
        with ws.read() as tx:
            data = directory.profile(tx, person, now, before=before)
            zone = get_zone(tx)
    if as_json:
        print_json(data, zone)
        return
    out.print(
        f"[bold]{literal(data.name)}[/]  (id {data.person_id}{', archived' if data.archived else ''})"
        + (f" — {literal(data.title)}" if data.title else "")
        + (f", {literal(data.org)}" if data.org else "")
    )
    for i in data.identities:
        out.print(f"  {i.kind}: {literal(i.raw or i.value)}")
    if data.sources:
        out.print("  sources: " + literal("; ".join(data.sources)))
    _print_tie(data.tie, details)
    if data.details:
        out.print("[bold]Remembered[/]")
        for d in data.details:
            out.print(
                f"  • {literal(d.text)}"
                + (f" ({d.kind}{', ' + d.on.isoformat() if d.on else ''})" if d.kind != "note" else "")
            )
    if data.favors:
        out.print("[bold]Favours[/]")
        for f in data.favors:
            out.print(f"  {show_day(f.at, zone)} {f.direction}: {literal(f.text)}")
    out.print(
        f"[bold]Timeline[/] (latest {len(data.timeline)}; times in {literal(zone)}; "
        "#id for 'interaction delete')"
    )
    for it in data.timeline:
        what = it.subject or it.note or ""
        mins = f" {it.duration_s // 60} min" if it.duration_s else ""
        out.print(
            f"  {show_time(it.at, zone, label=False)} #{it.id} {it.channel}{mins} {literal(_part(it))}"
            + (" (planned)" if it.planned else "")
            + f"  {literal(what)}",
            highlight=False,
        )


def _part(it: TimelineEntry) -> str:
    """The person's part in one timeline entry: ``in``/``out``/``mutual``, or, for a co-recipient of someone
    else's mail, ``copied, from NAME`` (said only when the entry's direction is ``present``)."""
    if it.direction != "present":
        group = f" (to {it.group_size} people)" if it.direction == "out" and it.group_size > 1 else ""
        return f"{it.direction}{group}"
    by = it.by.name if it.by else None
    return f"copied, from {by}" if by else "copied"


def _print_tie(tie: Tie, details: bool) -> None:
    flag = " (cooling)" if tie.cooling and tie.trend != "cooling" else ""
    out.print(f"  tie strength {tie.strength:.2f}, tier {tie.tier}, trend {tie.trend}{flag}", highlight=False)
    for reason in tie.reasons:
        out.print(f"  · {literal(reason)}", highlight=False)
    if not details:
        return
    for line in tie.details:
        out.print(f"  · {literal(line)}", highlight=False)
    out.print("  " + ", ".join(f"{k} {_number(v)}" for k, v in tie.components.items()), highlight=False)


def _number(value: float) -> str:
    """A model input as people read it: at most two decimals ("0.04", "1.28", "12"), whole numbers whole."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def add(
    name: Annotated[str, typer.Argument(help="Their name.")],
    ident: Annotated[list[str] | None, typer.Option("--id", help="An email, phone or LinkedIn URL.")] = None,
    org: Annotated[str | None, typer.Option("--org", help="Organization.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Position or role.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag (topic, role, how you met).")] = None,
    closeness: Annotated[float | None, typer.Option("--closeness", help="How close you feel, 0–1.")] = None,
    as_json: JSON = False,
) -> None:
    """Add a person by hand.

    Example: innercircle add "Grace Hopper" --id grace@navy.example --org "US Navy" --title Admiral --tag mentor
    """
    from innercircle.services.people import add_person

    person = Person(name=name, org=org, title=title, tags=tag or [], closeness=closeness)
    with workspace() as ws:
        now, zone = ws.now(), common.zone(ws)
        with ws.begin() as tx:
            record = add_person(tx, person, ident or [], now)
    if as_json:
        print_json(record, zone)
    else:
        out.print(f"Added {literal(record.name)} (id {record.person_id}).")


def log(
    channel: Annotated[str, typer.Argument(help="meeting, call, message, sms, email, event, note.")],
    people: Annotated[list[str], typer.Argument(help="One or more people (id, email or name).")],
    at: Annotated[
        str, typer.Option("--at", help="When (YYYY-MM-DD[THH:MM], yesterday, '3 days ago').")
    ] = "now",
    minutes: Annotated[int | None, typer.Option("--minutes", help="How long.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="What it was about.")] = None,
    by: Annotated[str, typer.Option("--by", help="Who reached out: me or them.")] = "me",
    future: Annotated[
        bool, typer.Option("--future", help="Allow a date after today: a planned interaction.")
    ] = False,
    as_json: JSON = False,
) -> None:
    """Record an interaction by hand (one after today only with --future).

    Example: innercircle log meeting "Grace Hopper" --minutes 45 --note "wants intros to EU labs"
    """
    from innercircle.services import logbook

    with workspace() as ws:
        now, zone = ws.now(), common.zone(ws)
        when = parse_when(at, now, zone)
        try:
            with ws.begin() as tx:
                record = logbook.log_interaction(tx, channel, people, when, now, minutes, note, by, future)
        except logbook.FutureDateError as exc:
            raise common.fail(f"{exc}; add --future to record a planned one") from None
    if as_json:
        print_json(record, zone)
        return
    planned = " (planned)" if record.planned else ""
    out.print(
        f"Logged {literal(channel)} #{record.id}{planned} with {literal(', '.join(people))} "
        f"at {show_time(when, zone)}."
    )


def remember(
    person: Annotated[str, typer.Argument(help="Id, email or name.")],
    text: Annotated[str, typer.Argument(help="The detail to keep.")],
    kind: Annotated[str, typer.Option("--kind", help=", ".join(DETAIL_KINDS))] = "note",
    on: Annotated[str | None, typer.Option("--on", help="Its date (birthday, anniversary…).")] = None,
    as_json: JSON = False,
) -> None:
    """Keep a personal detail for later follow-ups.

    Example: innercircle remember "Grace Hopper" "daughter starts university in October"
    """
    from innercircle.services import logbook

    with workspace() as ws:
        now, zone = ws.now(), common.zone(ws)
        when = parse_when(on, now, zone) if on else None
        with ws.begin() as tx:
            record = logbook.remember(tx, person, text, now, kind, when)
    if as_json:
        print_json(record, zone)
        return
    out.print(f"Remembered for {literal(person)}: {literal(text)}")


def _favor(direction: str, person: str, text: str, at: str, as_json: bool) -> None:
    from innercircle.services import logbook

    with workspace() as ws:
        zone = common.zone(ws)
        when = parse_when(at, ws.now(), zone)
        with ws.begin() as tx:
            record = logbook.add_favor(tx, direction, person, text, when)
    if as_json:
        print_json(record, zone)
        return
    out.print(f"Favour {direction}: {literal(text)} ({literal(person)})")


@favor_app.command("gave")
@guard
def favor_gave(
    person: Annotated[str, typer.Argument(help="Id, email or name.")],
    text: Annotated[str, typer.Argument(help="What you did for them.")],
    at: Annotated[str, typer.Option("--at", help="When.")] = "now",
    as_json: JSON = False,
) -> None:
    """A favour you did for someone.

    Example: innercircle favor gave "Grace Hopper" "introduced her to the EU lab"
    """
    _favor("gave", person, text, at, as_json)


@favor_app.command("received")
@guard
def favor_received(
    person: Annotated[str, typer.Argument(help="Id, email or name.")],
    text: Annotated[str, typer.Argument(help="What they did for you.")],
    at: Annotated[str, typer.Option("--at", help="When.")] = "now",
    as_json: JSON = False,
) -> None:
    """A favour someone did for you.

    Example: innercircle favor received "Grace Hopper" "reviewed my pitch deck"
    """
    _favor("received", person, text, at, as_json)


def unarchive(
    person: Annotated[str, typer.Argument(help="Id, email or name.")], as_json: JSON = False
) -> None:
    """Bring back a person archived by prune --apply (list them with people --archived).

    Example: innercircle unarchive "Grace Hopper"
    """
    from innercircle.services.people import set_archived

    with workspace() as ws:
        zone = common.zone(ws)
        with ws.begin() as tx:
            record = set_archived(tx, person, archived=False)
    if as_json:
        print_json(record, zone)
        return
    out.print(f"{literal(record.name)} (id {record.person_id}) is no longer archived.")


@interaction_app.command("delete")
@guard
def interaction_delete(
    interaction: Annotated[
        int, typer.Argument(metavar="ID", help="Its id: the #id 'show' lists in a timeline.")
    ],
    yes: YES = False,
    as_json: JSON = False,
) -> None:
    """Delete one interaction (logged by hand or imported), after asking.

    Example: innercircle interaction delete 12
    """
    from innercircle.services import logbook

    with workspace() as ws:
        now, zone = ws.now(), common.zone(ws)
        with ws.read() as tx:
            it = logbook.interaction_record(tx, interaction, now)
        common.err.print(f"This deletes {_described(it)}.", highlight=False)
        if not yes and not common.ask("Delete this interaction?"):
            raise common.fail("nothing deleted")
        with ws.begin() as tx:
            record = logbook.delete_interaction(tx, interaction, now)
    if as_json:
        print_json(record, zone)
        return
    out.print(f"Deleted {_described(record)}.", highlight=False)


def _described(it: LoggedInteraction) -> str:
    """``meeting #12 on 2026-11-20 10:00 with Grace Hopper: wants intros``, for the delete prompts."""
    names = [p.name or f"#{p.person_id}" for p in it.participants]
    what = it.subject or it.note
    return literal(
        f"{it.channel} #{it.id} on {it.at:%Y-%m-%d %H:%M} with {', '.join(names)}"
        + (f": {what}" if what else "")
    )
