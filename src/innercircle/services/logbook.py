"""The logbook: interactions the user had, details they keep about people, favours given and received."""

from __future__ import annotations

from datetime import datetime

from innercircle.core.errors import NotFoundError, UserInputError
from innercircle.core.model import DETAIL_KINDS as DETAIL_KINDS  # the web's forms list them from here
from innercircle.core.model import Channel, Detail, Direction, Favor, Interaction, Participant, Role
from innercircle.results.records import FavorEntry, LoggedInteraction, RememberedDetail
from innercircle.services.people import ensure_me, people_named, resolve_person, text_of
from innercircle.services.runtime.localzone import get_zone
from innercircle.services.runtime.workspace import Tx
from innercircle.services.views import detail_fields, favor_fields, interaction_fields
from innercircle.store import details as details_store
from innercircle.store import favors as favors_store
from innercircle.store import interactions
from innercircle.store import people as people_store

MAX_MINUTES = 100_000  # about ten weeks: one interaction cannot last longer


class FutureDateError(UserInputError):
    """A logged interaction dated after now that was not declared planned (each front end says how to)."""


def log_interaction(
    tx: Tx,
    channel: str,
    names: list[str],
    at: datetime,
    now: datetime,
    minutes: int | None = None,
    note: str | None = None,
    by: str = "me",
    planned: bool = False,
) -> LoggedInteraction:
    """Record an interaction the user had; returns it as stored.

    One on a later day than today (both in the owner's zone) is refused (``FutureDateError``: a mistyped
    year would otherwise sit in the timeline unnoticed) unless ``planned``: one the user means to have.
    Later today is accepted: a bare date or ``today`` means noon of that day, ahead of a morning's now."""
    try:
        ch = Channel(channel.lower())
    except ValueError:
        raise UserInputError(
            f"unknown channel {channel!r} (one of: {', '.join(c.value for c in Channel)})"
        ) from None
    if by not in ("me", "them"):
        raise UserInputError("--by must be 'me' or 'them'")
    if minutes is not None and not 0 <= minutes <= MAX_MINUTES:
        # a larger number would not fit the database's integer (a crash, not a refusal)
        raise UserInputError(f"--minutes must be from 0 to {MAX_MINUTES}")
    if note is not None and not note.strip():
        raise UserInputError("empty note")
    zone = get_zone(tx)
    if at.astimezone(zone).date() > now.astimezone(zone).date() and not planned:
        raise FutureDateError(
            f"{at.astimezone(zone):%Y-%m-%d} is after today, and a logged interaction is one that happened"
        )
    people = people_named(tx, names)
    owner = ensure_me(tx, now)
    assert owner.id is not None
    if by == "me":
        parts = [Participant(owner.id, Role.FROM)] + [Participant(p.id or 0, Role.TO) for p in people]
        direction = Direction.OUT
    else:
        parts = [Participant(people[0].id or 0, Role.FROM), Participant(owner.id, Role.TO)]
        parts += [Participant(p.id or 0, Role.TO) for p in people[1:]]
        direction = Direction.IN
    if ch is Channel.MEETING and by == "me":
        direction = Direction.OUT
    it = Interaction(
        at=at,
        channel=ch,
        participants=parts,
        direction=direction,
        duration_s=None if minutes is None else minutes * 60,
        note=note,
        source="manual",
        group_size=len(people),
    )
    iid = interactions.add_interaction(tx.conn, it)
    assert iid is not None
    return interaction_record(tx, iid, now)


def interaction_record(tx: Tx, interaction_id: int, now: datetime) -> LoggedInteraction:
    """One interaction with its participants' names; ``planned`` exactly when it is after ``now``."""
    it = interactions.get_interaction(tx.conn, interaction_id)
    if it is None:
        raise NotFoundError(f"no interaction with id {interaction_id}")
    names = people_store.names_of(tx.conn, {p.person_id for p in it.participants})
    return LoggedInteraction(**interaction_fields(it, names), planned=it.at > now)


def delete_interaction(
    tx: Tx, interaction_id: int, now: datetime, person_id: int | None = None
) -> LoggedInteraction:
    """Delete one interaction (with ``person_id``: only if that person took part); returns it as it was."""
    record = interaction_record(tx, interaction_id, now)
    if person_id is not None and all(p.person_id != person_id for p in record.participants):
        raise NotFoundError(f"no interaction with id {interaction_id} on this person's timeline")
    if tx.conn.dialect.name == "sqlite":
        tx.conn.exec_driver_sql("PRAGMA secure_delete=ON")  # its text is overwritten, not left in free pages
    interactions.delete_interaction(tx.conn, interaction_id)
    return record


def remember(
    tx: Tx, name: str, text: str, now: datetime, kind: str = "note", on: datetime | None = None
) -> RememberedDetail:
    """Keep a personal detail about someone; returns it as stored (the same detail twice is refused)."""
    body = text_of(text, "detail")
    if kind not in DETAIL_KINDS:
        raise UserInputError(f"unknown detail kind {kind!r} (one of: {', '.join(DETAIL_KINDS)})")
    person = resolve_person(tx, name)
    assert person.id is not None
    did = details_store.add_detail(
        tx.conn, Detail(person_id=person.id, text=body, kind=kind, on=None if on is None else on.date()), now
    )
    if did is None:
        raise UserInputError(f"already remembered for {person.name}: {body}")
    return detail_record(tx, did)


def detail_record(tx: Tx, detail_id: int) -> RememberedDetail:
    """One remembered detail, with whose it is."""
    d = details_store.get_detail(tx.conn, detail_id)
    if d is None:
        raise NotFoundError(f"no detail with id {detail_id}")
    return RememberedDetail(**detail_fields(d), person_id=d.person_id, name=_name(tx, d.person_id))


def add_favor(tx: Tx, direction: str, name: str, text: str, at: datetime) -> FavorEntry:
    """One entry in the reciprocity ledger; returns it as stored."""
    if direction not in ("gave", "received"):
        raise UserInputError("favour direction must be 'gave' or 'received'")
    body = text_of(text, "favour")
    person = resolve_person(tx, name)
    assert person.id is not None
    fid = favors_store.add_favor(tx.conn, Favor(person_id=person.id, direction=direction, text=body, at=at))
    return favor_record(tx, fid)


def favor_record(tx: Tx, favor_id: int) -> FavorEntry:
    """One favour, with whose it is."""
    f = favors_store.get_favor(tx.conn, favor_id)
    if f is None:
        raise NotFoundError(f"no favour with id {favor_id}")
    return FavorEntry(**favor_fields(f), name=_name(tx, f.person_id))


def _name(tx: Tx, person_id: int) -> str | None:
    return people_store.names_of(tx.conn, [person_id]).get(person_id)
