"""Reads for warm introductions: who wrote to whom, who met at the same meetings and events, who works where."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, func, select

from innercircle.core.intros import MAX_GROUP, WRITTEN, Occasion
from innercircle.store import schema as s

_KINDS = {"meeting": "meeting", "call": "call", "email": "mail", "message": "message", "sms": "message"}


def occasions(conn: Connection, before: datetime) -> list[Occasion]:
    """Interactions (strictly before ``before``) with at least two people and at most MAX_GROUP+1, and events.

    A mail or message carries who wrote it, and the people the user had written to up its reply chain
    (``Occasion.kept``); the user's own mail and messages are left out: they say nothing about how the
    people they went to know each other."""
    i, p, pe = s.interactions, s.participants, s.people
    sizes = (
        select(p.c.interaction_id)
        .group_by(p.c.interaction_id)
        .having(func.count(func.distinct(p.c.person_id)).between(2, MAX_GROUP + 1))
        .subquery()
    )
    q = (
        select(
            i.c.id,
            i.c.channel,
            i.c.subject,
            i.c.at,
            i.c.message_id,
            i.c.in_reply_to,
            p.c.person_id,
            p.c.role,
            pe.c.is_me,
        )
        .select_from(p.join(i, i.c.id == p.c.interaction_id).join(pe, pe.c.id == p.c.person_id))
        .where(i.c.at < before, i.c.id.in_(select(sizes.c.interaction_id)))
        .order_by(i.c.id)
    )
    groups: dict[int, _Group] = {}
    for iid, channel, subject, at, mid, parent, pid, role, is_me in conn.execute(q):
        g = groups.get(iid)
        if g is None:
            kind = kind_of(channel)
            title = f" “{subject.strip()[:60]}”" if subject and subject.strip() else ""
            g = groups[iid] = _Group(kind, f"{_noun(kind)}{title} on {at:%Y-%m-%d}", mid, parent)
        g.people.append(int(pid))
        if role == "from" and g.writer is None:
            g.writer = int(pid)
            g.by_me = bool(is_me)
    mine = {g.message_id: g for g in groups.values() if g.by_me and g.message_id and g.kind in WRITTEN}
    by_id = {g.message_id: g for g in groups.values() if g.message_id}
    out = [
        Occasion(g.kind, g.label, tuple(g.people), g.writer, _kept(g, by_id, mine))
        for g in groups.values()
        if not (g.by_me and g.kind in WRITTEN)
    ]
    e, a = s.events, s.event_attendees
    ev: dict[int, tuple[str, list[int]]] = {}
    eq = select(e.c.id, e.c.title, e.c.start, a.c.person_id).select_from(a.join(e, e.c.id == a.c.event_id))
    for eid, title, start, pid in conn.execute(eq.where(e.c.start < before)):
        ev.setdefault(eid, (f"event “{title}” on {start:%Y-%m-%d}", []))[1].append(int(pid))
    out += [Occasion("event", label, tuple(ids)) for label, ids in ev.values()]
    return out


@dataclass(slots=True)
class _Group:
    """One interaction as the occasions read it."""

    kind: str
    label: str
    message_id: str | None
    in_reply_to: str | None
    people: list[int] = field(default_factory=list)
    writer: int | None = None
    by_me: bool = False


MAX_THREAD = 100  # replies followed up a chain (a loop of message ids ends there too)


def _kept(g: _Group, by_id: dict[str, _Group], mine: dict[str, _Group]) -> frozenset[int]:
    """The people the user wrote to in mails up ``g``'s reply chain (only mails held here are followed)."""
    if g.kind not in WRITTEN:
        return frozenset()
    kept: set[int] = set()
    parent, seen = g.in_reply_to, set[str]()
    while parent and parent not in seen and len(seen) < MAX_THREAD:
        seen.add(parent)
        up = mine.get(parent)
        if up is not None:
            kept.update(up.people)
        nxt = by_id.get(parent)
        parent = nxt.in_reply_to if nxt is not None else None
    return frozenset(kept)


def kind_of(channel: str) -> str:
    """The occasion kind of an interaction channel."""
    return _KINDS.get(channel, "event" if channel == "event" else "mail")


def _noun(kind: str) -> str:
    return {"mail": "mail", "meeting": "meeting", "call": "call", "message": "messages"}.get(kind, kind)


def organizations(conn: Connection) -> dict[int, str]:
    """Each person's organization name (people without one left out)."""
    pe, o = s.people, s.organizations
    q = (
        select(pe.c.id, o.c.name)
        .select_from(pe.join(o, o.c.id == pe.c.org_id))
        .where(pe.c.merged_into.is_(None), pe.c.is_me.is_(False))
    )
    return {int(pid): name for pid, name in conn.execute(q)}


def stated_ties(conn: Connection) -> dict[int, tuple[float | None, str | None]]:
    """Person → (closeness, tier pin) for the people the user said something about (the owner excluded)."""
    pe = s.people
    q = select(pe.c.id, pe.c.closeness, pe.c.tier_pin).where(
        pe.c.is_me.is_(False),
        pe.c.merged_into.is_(None),
        (pe.c.closeness.is_not(None)) | (pe.c.tier_pin.is_not(None)),
    )
    return {int(pid): (closeness, pin) for pid, closeness, pin in conn.execute(q)}
