"""Reads for warm introductions: who took part in the same mails, meetings and events, and who works where."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, select

from innercircle.core.intros import MAX_GROUP, Occasion
from innercircle.store import schema as s

_KINDS = {"meeting": "meeting", "call": "call", "email": "mail", "message": "message", "sms": "message"}


def occasions(conn: Connection, before: datetime) -> list[Occasion]:
    """Interactions (strictly before ``before``) and events with at least two people and at most MAX_GROUP+1."""
    i, p, pe = s.interactions, s.participants, s.people
    sizes = (
        select(p.c.interaction_id)
        .group_by(p.c.interaction_id)
        .having(func.count(func.distinct(p.c.person_id)).between(2, MAX_GROUP + 1))
        .subquery()
    )
    q = (
        select(i.c.id, i.c.channel, i.c.subject, i.c.at, p.c.person_id, p.c.role, pe.c.is_me)
        .select_from(p.join(i, i.c.id == p.c.interaction_id).join(pe, pe.c.id == p.c.person_id))
        .where(i.c.at < before, i.c.id.in_(select(sizes.c.interaction_id)))
        .order_by(i.c.id)
    )
    groups: dict[int, tuple[str, str, list[int]]] = {}
    sent_by_me: set[int] = set()
    for iid, channel, subject, at, pid, role, is_me in conn.execute(q):
        if iid not in groups:
            kind = kind_of(channel)
            title = f" “{subject.strip()[:60]}”" if subject and subject.strip() else ""
            groups[iid] = (kind, f"{_noun(kind)}{title} on {at:%Y-%m-%d}", [])
        if is_me and role == "from" and kind_of(channel) in ("mail", "message"):
            sent_by_me.add(iid)
        groups[iid][2].append(int(pid))
    out = [
        Occasion(kind, label, tuple(ids), broadcast=iid in sent_by_me and len(ids) > 3)
        for iid, (kind, label, ids) in groups.items()
    ]
    e, a = s.events, s.event_attendees
    ev: dict[int, tuple[str, list[int]]] = {}
    eq = select(e.c.id, e.c.title, e.c.start, a.c.person_id).select_from(a.join(e, e.c.id == a.c.event_id))
    for eid, title, start, pid in conn.execute(eq.where(e.c.start < before)):
        ev.setdefault(eid, (f"event “{title}” on {start:%Y-%m-%d}", []))[1].append(int(pid))
    out += [Occasion("event", label, tuple(ids)) for label, ids in ev.values()]
    return out


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
