"""Loading the demo network into a workspace (never the user's own data), and writing its files.

Settings the demo stores (``settings.get_setting``):

- ``budget``: ``{"hours_per_week": float, "events_per_month": int}`` — the weekly networking budget;
- ``cadences``: ``{"inner": days, "close": days, "active": days, "known": days}`` — follow-up cadences;
- ``timezone``: ``"UTC"`` — the clock the demo's days are written on (evenings and weekends are judged in it);
- ``demo``: ``{"seed": int, "today": "YYYY-MM-DD", "planted": {...}}`` — marks the database as a demo
  (so ``demo`` may rebuild it) and lists the planted patterns with *database* ids (keys as in
  ``innercircle.demo.generate``: ``burnout``, ``silent_tie``, ``unfollowed``, ``one_sided``,
  ``upcoming_birthday``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from innercircle.core.dates import parse_day
from innercircle.core.errors import UserInputError
from innercircle.core.model import Channel, Detail, Event, Favor, Goal, Interaction, Outcome, Participant
from innercircle.demo.files import write_files
from innercircle.demo.generate import generate
from innercircle.demo.network import DemoNetwork
from innercircle.results.ownership import DemoBuilt
from innercircle.services.runtime.localzone import TIMEZONE_KEY
from innercircle.services.runtime.workspace import DEMO_KEY, Tx, Workspace, utcnow
from innercircle.store import details, dump, favors, goals, interactions, outcomes, settings
from innercircle.store import events as events_store
from innercircle.store import people as people_store
from innercircle.store.db import shown_url

BUDGET_KEY, CADENCES_KEY = "budget", "cadences"
SOURCE = "demo"
DEMO_ZONE = "UTC"


def load_demo(
    ws: Workspace,
    seed: int = 42,
    today: str | None = None,
    now: datetime | None = None,
    files_dir: str | Path | None = None,
) -> DemoBuilt:
    """Build the demo network into ``ws`` (rebuilding an earlier demo; refusing anyone's own data)."""
    now = now or utcnow()
    day = parse_day(today, now) if today else now.date()
    net = generate(seed, day)
    with ws.begin() as tx:
        _make_room(tx, ws.db)
        people, events = _store(tx, net, now)
        planted = _with_db_ids(net.planted, people, events)
        settings.set_setting(
            tx.conn,
            BUDGET_KEY,
            {
                "hours_per_week": net.settings.hours_per_week,
                "events_per_month": net.settings.events_per_month,
            },
        )
        settings.set_setting(tx.conn, CADENCES_KEY, dict(net.settings.cadences))
        # the demo's days (work hours, nightly events) are written on UTC's clock, wherever it runs
        settings.set_setting(tx.conn, TIMEZONE_KEY, DEMO_ZONE)
        settings.set_setting(tx.conn, DEMO_KEY, {"seed": seed, "today": day.isoformat(), "planted": planted})
    files = [str(p) for p in write_files(net, Path(files_dir))] if files_dir is not None else []
    counts = _counts(net)
    return DemoBuilt(
        db=ws.db, counts=counts, files=files, planted=planted, text=_text(net, counts, ws.db, files)
    )


def _make_room(tx: Tx, db: str) -> None:
    if settings.get_setting(tx.conn, DEMO_KEY) is not None:
        dump.clear_all(tx.conn)
    elif not dump.is_empty(tx.conn):
        raise UserInputError(
            f"{shown_url(db)} already holds data that is not the demo; the demo never writes into it (give another --db)"
        )


def _store(tx: Tx, net: DemoNetwork, now: datetime) -> tuple[dict[int, int], dict[int, int]]:
    """Everything of the network, with temporary ids mapped to database ids."""
    everyone = [net.owner, *net.people]
    db_ids = people_store.add_people(tx.conn, everyone, now, SOURCE)
    pid = {p.id: db for p, db in zip(everyone, db_ids, strict=True) if p.id is not None}
    interactions.add_interactions(tx.conn, [_interaction(it, pid) for it in net.interactions])
    details.add_details(
        tx.conn,
        [Detail(pid[d.person_id], d.text, d.kind, d.on, d.created_at, d.source) for d in net.details],
        now,
    )
    gid = {g.id: goals.add_goal(tx.conn, _goal(g), now) for g in net.goals}
    eid: dict[int, int] = {}
    for e in net.events:
        assert e.id is not None
        new = events_store.add_event(tx.conn, _event(e, pid))
        assert new is not None
        eid[e.id] = new
        for who in net.met.get(e.id, []):
            events_store.add_attendee(tx.conn, new, pid[who], met=True)
    for o in net.outcomes:
        outcomes.add_outcome(
            tx.conn,
            Outcome(
                o.kind,
                o.at,
                [pid[p] for p in o.people],
                gid.get(o.goal_id),
                eid.get(o.event_id or 0),
                o.value,
                o.note,
            ),
        )
    for f in net.favors:
        favors.add_favor(tx.conn, Favor(pid[f.person_id], f.direction, f.text, f.at))
    return pid, eid


def _interaction(it: Interaction, pid: dict[int, int]) -> Interaction:
    return Interaction(
        at=it.at,
        channel=it.channel,
        participants=[Participant(pid[p.person_id], p.role) for p in it.participants],
        direction=it.direction,
        duration_s=it.duration_s,
        subject=it.subject,
        note=it.note,
        source=it.source,
        source_id=it.source_id,
        message_id=it.message_id,
        in_reply_to=it.in_reply_to,
        group_size=it.group_size,
    )


def _goal(g: Goal) -> Goal:
    return Goal(
        g.text,
        list(g.roles),
        list(g.orgs),
        list(g.tags),
        list(g.outcome_kinds),
        g.due,
        g.created_at,
        g.done_at,
    )


def _event(e: Event, pid: dict[int, int]) -> Event:
    return replace(e, topics=list(e.topics), attendees=[pid[a] for a in e.attendees], id=None)


def _with_db_ids(value: Any, people: dict[int, int], events: dict[int, int], key: str = "") -> Any:
    """The planted patterns as JSON: temporary ids replaced by database ids, dates as ISO strings."""
    if isinstance(value, dict):
        return {k: _with_db_ids(v, people, events, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_db_ids(v, people, events, key) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and key.startswith("person_id"):
        return people[value]
    if isinstance(value, int) and key.startswith("event_id"):
        return events[value]
    return value


def _counts(net: DemoNetwork) -> dict[str, int]:
    channels = Counter(str(it.channel) for it in net.interactions)
    upcoming = sum(1 for e in net.events if e.start.date() >= net.today)
    return {
        "people": len(net.people),
        "connections": len(net.connections()),
        "in_contact": len(net.in_contact()),
        "interactions": len(net.interactions),
        **{f"interactions_{c.value}": channels.get(c.value, 0) for c in Channel if channels.get(c.value)},
        "events": len(net.events),
        "events_upcoming": upcoming,
        "goals": len(net.goals),
        "outcomes": len(net.outcomes),
        "favors": len(net.favors),
        "details": len(net.details),
    }


def _text(net: DemoNetwork, c: dict[str, int], db: str, files: list[str]) -> str:
    messages = c.get("interactions_message", 0) + c.get("interactions_sms", 0)
    lines = [
        f"Demo network of {net.owner.name} ({net.owner.title}, {net.owner.org}); seed {net.seed}, today {net.today}",
        f"  database: {shown_url(db)}",
        f"  {c['people']:,} people: {c['connections']:,} LinkedIn connections, {c['in_contact']} in contact",
        f"  {c['interactions']:,} interactions: {c.get('interactions_email', 0):,} emails, "
        f"{c.get('interactions_meeting', 0)} meetings, {c.get('interactions_call', 0)} calls, {messages:,} messages",
        f"  {c['events']} events ({c['events_upcoming']} upcoming), {c['goals']} goals, {c['outcomes']} outcomes, "
        f"{c['favors']} favours, {c['details']} remembered details",
        f"  budget: {net.settings.hours_per_week:g} h/week, {net.settings.events_per_month} events/month",
    ]
    if files:
        lines.append("  files: " + ", ".join(files))
    return "\n".join(lines)
