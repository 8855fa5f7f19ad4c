"""The review reads the interactions as arrays only: the same figures as plain loops over the objects.

A generated network (the demo plus a year of random interactions: every channel and direction, group
mail, manual logs with and without minutes, times on window edges) is reviewed two ways — the context
as ``load_context`` reads it (the ledger and the people-by-people signs from a recent start on), and the
same context over every interaction from the start — and the array functions are checked against plain
loops over the stored objects (the code they replaced).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from generated import random_year

from innercircle.core.context import Context
from innercircle.core.history import History, first_seen, interaction_counts, last_channels
from innercircle.core.model import Channel, Direction, Interaction, Role
from innercircle.core.onesided import Reach, contacts_from, reach_at
from innercircle.core.review import new_vs_nurtured
from innercircle.core.signs import FOLLOW_UP_DAYS, NEW_DAYS
from innercircle.core.timeuse import DEFAULT_HOURS, WEEK, TimeEntry, attended, ledger_of
from innercircle.services import Workspace
from innercircle.services.demo import load_demo
from innercircle.services.eventplan import triage_context
from innercircle.services.health import health_of, outcomes_of
from innercircle.services.strategy import focus_list, load_context
from innercircle.store import interactions as interactions_store
from innercircle.store import people as people_store

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
MOMENTS = (NOW, NOW - timedelta(days=100, hours=3), NOW + timedelta(days=40))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = str(tmp_path_factory.mktemp("history") / "gen.db")
    ws = Workspace(path)
    load_demo(ws, seed=42, today="2026-11-25", now=NOW)
    with ws.begin() as tx:
        owner = people_store.get_owner(tx.conn)
        assert owner is not None and owner.id is not None
        people = [
            p.id
            for p in people_store.list_people(tx.conn, include_archived=True)
            if p.id and p.id != owner.id
        ]
        interactions_store.add_interactions(
            tx.conn, random_year(owner.id, people, 3000, random.Random(5), NOW)
        )
    ws.close()
    yield path


def _contexts(db: str, now: datetime) -> tuple[Context, Context, list[Interaction]]:
    """The context as loaded, and the same holding every interaction as objects."""
    ws = Workspace(db)
    with ws.read() as tx:
        ctx = load_context(tx, now)
        everything = interactions_store.all_interactions(tx.conn, before=now)
    ws.close()
    history = History.of(everything)
    my_org = ctx.me.org if ctx.me else None
    ledger = ledger_of(ctx.events, history, ctx.me_id, ctx.orgs, my_org, now, ctx.zone)
    assert ctx.ledger.since is not None and len(ctx.ledger.entries) < len(ledger.entries)
    whole = dataclasses.replace(ctx, since=None, history=history, ledger=ledger)
    return ctx, whole, everything


@pytest.mark.parametrize("now", MOMENTS)
def test_review_parts_are_the_same_from_recent_objects_and_all_arrays(db: str, now: datetime) -> None:
    ctx, whole, everything = _contexts(db, now)
    assert ctx.since is not None and ctx.history.start_of(ctx.since) > 0
    assert ctx.history.iid.tolist() == [it.id for it in everything]
    ws = Workspace(db)
    with ws.read() as tx:
        assert outcomes_of(ctx, tx) == outcomes_of(whole, tx)
    ws.close()
    assert health_of(ctx) == health_of(whole)
    assert focus_list(ctx, 50) == focus_list(whole, 50)
    assert triage_context(ctx) == triage_context(whole)
    assert new_vs_nurtured(ctx.history, ctx.first_seen, ctx.me_id, now) == _new_vs_nurtured_loop(
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


def _reach_loop(its: list[Interaction], me: int | None, start: datetime, end: datetime) -> dict[int, Any]:
    """core/onesided's counts, one interaction at a time (docs/RULES.md, "One-sided")."""
    out: dict[int, Reach] = {}
    for it in its:
        if not start <= it.at < end or it.direction is Direction.UNKNOWN:
            continue
        for part in it.participants:
            if part.person_id == me:
                continue
            both = it.channel in (Channel.MEETING, Channel.EVENT) or it.direction is Direction.MUTUAL
            you = both or (it.direction is Direction.OUT and it.group_size <= 2)
            # on a mail or message only its writer reached out; on a call all on it were there
            spoken = it.channel not in (Channel.EMAIL, Channel.MESSAGE, Channel.SMS)
            them = both or (it.direction is Direction.IN and (part.role is Role.FROM or spoken))
            r = out.get(part.person_id, Reach(0, 0))
            out[part.person_id] = Reach(r.by_you + you, r.by_them + them)
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
    assert reach_at(contacts_from(h, [me]), NOW) == _reach_loop(its, me, start, NOW)
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


def others(it: Interaction, me_id: int | None) -> list[int]:
    """The people of an interaction other than the user."""
    return sorted({p.person_id for p in it.participants if p.person_id != me_id})


def _new_vs_nurtured_loop(
    its: list[Interaction], first: dict[int, datetime], me: int | None, now: datetime, weeks: int = 8
) -> dict[str, list[int]]:
    new, old = [0] * weeks, [0] * weeks
    start = now - weeks * WEEK
    for it in its:
        if start <= it.at < now:
            k = min(weeks - 1, int((it.at - start) / WEEK))
            for pid in others(it, me):
                if it.at - first.get(pid, it.at) <= timedelta(days=NEW_DAYS):
                    new[k] += 1
                else:
                    old[k] += 1
    return {"new": new, "nurtured": old}


def _contact_since_loop(ctx: Context, its: list[Interaction]) -> dict[int, datetime]:
    """When each person became a contact (docs/RULES.md, "Health signs"), one interaction at a time."""
    talked = (Channel.MEETING, Channel.CALL, Channel.EVENT)
    out: dict[int, datetime] = {}
    for it in its:
        d = it.direction
        if d in (Direction.OUT, Direction.MUTUAL) or (d is Direction.IN and it.channel in talked):
            for pid in others(it, ctx.me_id):
                out[pid] = min(out.get(pid, it.at), it.at)
    extra = [*ctx.met_at().items(), *((p.id, p.connected_at) for p in ctx.people if p.connected_at)]
    for pid, at in extra:
        if pid is not None and pid != ctx.me_id:
            out[pid] = min(out.get(pid, at), at)
    return out


def _unanswered_loop(ctx: Context, its: list[Interaction]) -> list[int]:
    """New people (first heard from or met 2 to 8 weeks ago) the user did not follow up within 14 days."""
    assert ctx.since is not None
    by_person: dict[int, list[Interaction]] = {}
    first_any: dict[int, datetime] = {}
    for it in its:
        for pid in {p.person_id for p in it.participants}:
            first_any.setdefault(pid, it.at)
            if it.at >= ctx.since:
                by_person.setdefault(pid, []).append(it)
    met, now, out = ctx.met_at(), ctx.now, []
    contact = _contact_since_loop(ctx, its)
    for pid in set(by_person) | set(met):
        mine = by_person.get(pid, [])
        if pid == ctx.me_id or first_any.get(pid, now) < ctx.since or not (mine or pid in met):
            continue
        if contact.get(pid, now) >= now:  # only wrote, never answered: no contact
            continue
        if pid in met and (not mine or met[pid] <= mine[0].at):
            at, by_me = met[pid], False
        else:
            at, by_me = mine[0].at, mine[0].direction is Direction.OUT
        if by_me or not (now - timedelta(days=NEW_DAYS) <= at <= now - timedelta(days=FOLLOW_UP_DAYS)):
            continue
        if not any(
            at < it.at <= at + timedelta(days=FOLLOW_UP_DAYS)
            and (
                it.direction is Direction.OUT
                or (it.direction is Direction.MUTUAL and it.channel is not Channel.EVENT)
            )
            for it in mine
        ):
            out.append(pid)
    return sorted(out, key=lambda p: (ctx.names.get(p, ""), p))


def _new_share_loop(ctx: Context, its: list[Interaction], start: datetime, end: datetime) -> float:
    new = old = 0
    contact = _contact_since_loop(ctx, its)
    for it in its:
        if start <= it.at < end:
            for pid in others(it, ctx.me_id):
                if contact.get(pid, end) >= end:
                    continue
                if it.at - ctx.first_seen.get(pid, it.at) <= timedelta(days=NEW_DAYS):
                    new += 1
                else:
                    old += 1
    return new / (new + old) if new + old else 0.0


@pytest.mark.parametrize("now", MOMENTS)
def test_the_signs_over_the_arrays_are_the_loops_over_the_objects(db: str, now: datetime) -> None:
    """New contacts left unanswered and neglected contacts (the share of the interactions with contacts
    that went to new people, each week) as the loops over the stored interactions compute them."""
    ctx, _, its = _contexts(db, now)
    signs = {s.name: s for s in health_of(ctx).signs}
    left = [p.person_id for p in signs["unfollowed_new"].people]
    assert left == _unanswered_loop(ctx, its)
    neglect = signs["neglected_contacts"]
    trend = [
        round(_new_share_loop(ctx, its, now - (k + 1) * WEEK, now - k * WEEK), 3) for k in reversed(range(8))
    ]
    assert neglect.trend == trend and neglect.value == round(
        _new_share_loop(ctx, its, now - 4 * WEEK, now), 3
    )
    if now == NOW:  # the demo's week: new people, some of them left unanswered (planted)
        assert any(trend) and left
