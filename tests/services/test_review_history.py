"""The review reads all history as arrays and only recent weeks as objects: same figures as the loops.

A generated network (the demo plus a year of random interactions: every channel and direction, group
mail, manual logs with and without minutes, times on window edges) is reviewed two ways — the context
as ``load_context`` reads it, and the same context holding every interaction as objects — and the
array functions are checked against plain loops over the objects (the code they replaced).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from generated import random_year

from innercircle.core.history import History, first_seen, interaction_counts, last_channels
from innercircle.core.model import Channel, Direction, Interaction
from innercircle.core.reciprocity import initiative_of
from innercircle.core.review import new_vs_nurtured
from innercircle.core.signs import others
from innercircle.core.timeuse import DEFAULT_HOURS, TimeEntry, attended, ledger_of
from innercircle.services import Workspace
from innercircle.services.demo import load_demo
from innercircle.services.eventplan import triage_context
from innercircle.services.health import health_of, outcomes_of
from innercircle.services.strategy import Context, focus_list, load_context, plain
from innercircle.store import interactions as interactions_store
from innercircle.store import people as people_store

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
MOMENTS = (NOW, NOW - timedelta(days=100, hours=3), NOW + timedelta(days=40))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = str(tmp_path_factory.mktemp("history") / "gen.db")
    ws = Workspace(path)
    load_demo(ws, seed=42, today="2026-11-25", now=NOW)
    with ws.begin() as conn:
        owner = people_store.get_owner(conn)
        assert owner is not None and owner.id is not None
        people = [
            p.id for p in people_store.list_people(conn, include_archived=True) if p.id and p.id != owner.id
        ]
        interactions_store.add_interactions(conn, random_year(owner.id, people, 3000, random.Random(5), NOW))
    ws.close()
    yield path


def _contexts(db: str, now: datetime) -> tuple[Context, Context, list[Interaction]]:
    """The context as loaded, and the same holding every interaction as objects."""
    ws = Workspace(db)
    with ws.read() as conn:
        ctx = load_context(conn, now)
        everything = interactions_store.all_interactions(conn, before=now)
    ws.close()
    history = History.of(everything)
    my_org = ctx.me.org if ctx.me else None
    ledger = ledger_of(ctx.events, history, ctx.me_id, ctx.orgs, my_org, now, ctx.zone)
    assert ctx.ledger.since is not None and len(ctx.ledger.entries) < len(ledger.entries)
    whole = dataclasses.replace(ctx, interactions=everything, since=None, history=history, ledger=ledger)
    return ctx, whole, everything


@pytest.mark.parametrize("now", MOMENTS)
def test_review_parts_are_the_same_from_recent_objects_and_all_arrays(db: str, now: datetime) -> None:
    ctx, whole, everything = _contexts(db, now)
    assert ctx.since is not None and len(ctx.interactions) < len(everything)
    assert ctx.history.iid.tolist() == [it.id for it in everything]
    ws = Workspace(db)
    with ws.read() as conn:
        assert outcomes_of(ctx, conn) == outcomes_of(whole, conn)
    ws.close()
    assert health_of(ctx) == health_of(whole)
    assert plain(focus_list(ctx, 50)) == plain(focus_list(whole, 50))
    assert plain(triage_context(ctx)) == plain(triage_context(whole))
    assert new_vs_nurtured(ctx.interactions, ctx.first_seen, ctx.me_id, now) == new_vs_nurtured(
        everything, ctx.first_seen, ctx.me_id, now
    )


def _ledger_loop(ctx: Context, its: list[Interaction]) -> list[TimeEntry]:
    """The ledger as one loop over the objects (without the attended events)."""
    days = {e.start.astimezone(ctx.zone).date() for e in ctx.events if attended(e, ctx.now)}
    my_org = ctx.me.org if ctx.me else None
    out = []
    for it in its:
        pids = [p.person_id for p in it.participants if p.person_id != ctx.me_id]
        if not pids or (it.channel is Channel.EVENT and it.at.astimezone(ctx.zone).date() in days):
            continue
        outside = not my_org or any(
            (ctx.orgs.get(p) or "").strip().lower() != my_org.strip().lower() for p in pids
        )
        if it.channel in DEFAULT_HOURS and outside:
            hours = it.duration_s / 3600 if it.duration_s else DEFAULT_HOURS[it.channel]
            out.append(
                TimeEntry(it.at, hours, "call" if it.channel is Channel.CALL else "meeting", tuple(pids))
            )
        elif it.source == "manual" and it.duration_s:
            out.append(TimeEntry(it.at, it.duration_s / 3600, "logged", tuple(pids)))
    return out


def _initiative_loop(
    its: list[Interaction], me: int | None, start: datetime, end: datetime
) -> dict[int, Any]:
    out: dict[int, tuple[int, int]] = {}
    for it in its:
        if start <= it.at < end and it.group_size <= 2 and it.direction in (Direction.OUT, Direction.IN):
            for pid in others(it, me):
                g, r = out.get(pid, (0, 0))
                out[pid] = (g + (it.direction is Direction.OUT), r + (it.direction is Direction.IN))
    return out


def test_array_figures_match_loops_over_the_objects(db: str) -> None:
    ctx, _, its = _contexts(db, NOW)
    h, me = ctx.history, ctx.me_id
    ledger = ledger_of(ctx.events, h, me, ctx.orgs, ctx.me.org if ctx.me else None, NOW, ctx.zone)
    assert [t for t in ledger.entries if t.kind != "event"] == _ledger_loop(ctx, its)
    recent = ledger_of(ctx.events, h, me, ctx.orgs, ctx.me.org if ctx.me else None, NOW, ctx.zone, ctx.since)
    assert recent.entries == [t for t in ledger.entries if t.kind == "event" or t.at >= (ctx.since or NOW)]
    assert recent.kind_hours() == ledger.kind_hours()
    everyone = {p for t in ledger.entries for p in t.people}
    assert recent.person_hours(everyone) == ledger.person_hours(everyone) and everyone
    with pytest.raises(ValueError, match="entries from"):
        recent.hours(NOW - timedelta(days=200), NOW)
    first: dict[int, datetime] = {}
    for it in its:
        for p in it.participants:
            if p.person_id != me and (p.person_id not in first or it.at < first[p.person_id]):
                first[p.person_id] = it.at
    assert list(first_seen(h, me, {}).items()) == list(first.items())
    start = NOW - timedelta(days=180)
    assert list(initiative_of(h, [], me, start, NOW).items()) == list(
        _initiative_loop(its, me, start, NOW).items()
    )
    people = sorted({p for o in ctx.outcomes for p in o.people})
    counts = {p: sum(1 for it in its if p in {q.person_id for q in it.participants}) for p in people}
    assert interaction_counts(h, people, me) == {p: n for p, n in counts.items() if n}
    for o, channel in zip(ctx.outcomes, last_channels(h, ctx.outcomes, me), strict=True):
        before = [
            it for it in its if it.at <= o.at and {q.person_id for q in it.participants} & set(o.people)
        ]
        if o.event_id is not None:
            assert channel == "event"
        elif before:
            assert before[-1].at == max(it.at for it in before)
            assert channel in {str(it.channel) for it in before if it.at == before[-1].at}
        else:
            assert channel == "unknown"


@pytest.mark.parametrize("now", MOMENTS)
def test_the_recent_objects_made_from_the_arrays_are_the_stored_ones(db: str, now: datetime) -> None:
    """load_context's recent interactions come from the snapshot's arrays, not a second read: the same
    interactions, in the same order, with the fields the arrays hold (no subject, note or source ids)."""
    ws = Workspace(db)
    with ws.read() as conn:
        ctx = load_context(conn, now)
        stored = [it for it in interactions_store.all_interactions(conn, before=now) if it.at >= ctx.since]
    ws.close()

    def held(it: Interaction) -> tuple[Any, ...]:
        parts = [(p.person_id, p.role) for p in it.participants]
        return (
            it.id,
            it.at,
            it.channel,
            it.direction,
            it.duration_s,
            it.group_size,
            parts,
            it.source == "manual",
        )

    assert len(stored) > 100
    assert [held(it) for it in ctx.interactions] == [held(it) for it in stored]
