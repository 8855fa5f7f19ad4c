"""Storing parsed records: people resolved, direction and group size derived, interactions in bulk."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from innercircle.core.model import Channel, Detail, Direction, Event, Interaction, Participant, Person, Role
from innercircle.core.records import (
    ActivityRecord,
    CardRecord,
    EventRecord,
    InteractionRecord,
    OwnerFact,
    PartyRef,
)
from innercircle.importers.base import Skipped
from innercircle.services.runtime.resolve import Resolver
from innercircle.store import activities, details, events, identities, interactions
from innercircle.store import people as people_store

BULK = 2000


def direction(channel: Channel, roles: list[tuple[int, str]], me_id: int) -> Direction:
    """Who initiated, from the owner's roles in the interaction."""
    mine = {r for pid, r in roles if pid == me_id}
    if not mine:
        return Direction.UNKNOWN
    if Role.FROM in mine or Role.ORGANIZER in mine:
        return Direction.OUT
    if channel is Channel.MEETING and not any(r == Role.ORGANIZER for _p, r in roles):
        return Direction.MUTUAL
    return Direction.IN


class Store:
    """Writes one file's records inside its transaction and counts what it did."""

    def __init__(self, conn: Connection, now: datetime, me_id: int, source: str, batch_id: int) -> None:
        self.conn, self.now, self.me_id, self.source, self.batch_id = conn, now, me_id, source, batch_id
        self.resolver = Resolver(conn, now, me_id)
        self.pending: list[Interaction] = []
        self.seen_ids: set[str] = set()
        self.sourced: set[int] = set()
        self.filled: set[int] = set()  # people whose fields this file already filled in
        self.counts: dict[str, int] = {
            "people_added": 0,
            "people_matched": 0,
            "interactions": 0,
            "duplicates": 0,
            "events": 0,
            "details": 0,
            "activities": 0,
            "skipped": 0,
        }

    def person(self, party: PartyRef, org: str | None = None) -> int:
        """The person id for a party, recorded as seen in this source."""
        pid, created = self.resolver.resolve(party, self.source, self.batch_id, org)
        if pid not in self.sourced:
            self.sourced.add(pid)
            if pid != self.me_id:
                self.counts["people_added" if created else "people_matched"] += 1
            identities.add_sources(self.conn, [pid], self.source, self.batch_id)
        return pid

    def add(self, rec: object) -> None:
        """Store one record."""
        if isinstance(rec, InteractionRecord):
            self._interaction(rec)
        elif isinstance(rec, CardRecord):
            self._card(rec)
        elif isinstance(rec, EventRecord):
            self._event(rec)
        elif isinstance(rec, ActivityRecord):
            added = activities.add_activity(
                self.conn, rec.kind, rec.at, rec.text, rec.url, self.source, rec.source_id, self.batch_id
            )
            self.counts["activities" if added else "duplicates"] += 1
        elif isinstance(rec, OwnerFact):
            self._owner(rec)
        elif isinstance(rec, Skipped):
            self.counts["skipped"] += 1

    def _card(self, rec: CardRecord) -> None:
        pid = self.person(rec.party, rec.org)
        if pid in self.resolver.created and pid not in self.filled:
            person = Person(name="", id=pid, org=rec.org)  # created just now: nothing to keep yet
        else:
            f = people_store.person_fields(self.conn, pid)
            person = Person(name="", id=pid, tags=list(f.get("tags") or []))
            for key in ("org", "title", "location", "notes", "connected_at"):
                setattr(person, key, f.get(key))
        self.filled.add(pid)
        fields: dict[str, object] = {}
        for name in ("org", "title", "location", "notes"):
            value = getattr(rec, name)
            if value and not getattr(person, name):
                fields[name] = value
        if rec.connected_at and (person.connected_at is None or rec.connected_at < person.connected_at):
            fields["connected_at"] = rec.connected_at
        new_tags = [t for t in rec.tags if t not in person.tags]
        if new_tags:
            fields["tags"] = person.tags + new_tags
        people_store.update_person(self.conn, pid, **fields)
        if "org" in fields:
            self.resolver.known[pid].org = rec.org
        for d in rec.details:
            detail = Detail(person_id=pid, text=d.text, kind=d.kind, on=d.on, source=self.source)
            if details.add_detail(self.conn, detail, self.now, batch_id=self.batch_id):
                self.counts["details"] += 1

    def _interaction(self, rec: InteractionRecord) -> None:
        if rec.source_id is not None:
            if rec.source_id in self.seen_ids:
                self.counts["duplicates"] += 1
                return
            self.seen_ids.add(rec.source_id)
        roles = [(self.person(party), str(role)) for party, role in rec.parties]
        people = {pid for pid, _r in roles}
        if len(people) < 2:  # a note to oneself, a meeting with nobody else: not a tie
            self.counts["skipped"] += 1
            return
        self.pending.append(
            Interaction(
                at=rec.at,
                channel=rec.channel,
                participants=[Participant(pid, Role(r)) for pid, r in roles],
                direction=direction(rec.channel, roles, self.me_id),
                duration_s=rec.duration_s,
                subject=rec.subject,
                source=self.source,
                source_id=rec.source_id,
                message_id=rec.message_id,
                in_reply_to=rec.in_reply_to,
                group_size=max(1, len(people) - 1),
            )
        )
        if len(self.pending) >= BULK:
            self.flush()

    def flush(self) -> None:
        """Write the interactions waiting in the buffer (known source ids are skipped)."""
        if not self.pending:
            return
        ids = [it.source_id for it in self.pending if it.source_id is not None]
        known = interactions.existing_source_ids(self.conn, self.source, ids)
        fresh = [it for it in self.pending if it.source_id is None or it.source_id not in known]
        self.counts["duplicates"] += len(self.pending) - len(fresh)
        self.counts["interactions"] += len(interactions.add_interactions(self.conn, fresh, self.batch_id))
        self.pending = []

    def _event(self, rec: EventRecord) -> None:
        organizer = None
        if rec.organizer is not None:
            organizer = rec.organizer.name or next((i.value for i in rec.organizer.identities), None)
        event = Event(
            title=rec.title,
            start=rec.start,
            end=rec.end,
            place=rec.place,
            topics=list(rec.topics),
            organizer=organizer,
            attendees=[pid for pid in (self.person(p) for p in rec.attendees) if pid != self.me_id],
            source=self.source,
            source_id=rec.source_id,
        )
        added = events.add_event(self.conn, event, batch_id=self.batch_id)
        self.counts["events" if added else "duplicates"] += 1

    def _owner(self, fact: OwnerFact) -> None:
        if fact.identity is not None:
            self.resolver.add_identity(self.me_id, fact.identity, self.source, self.batch_id)
        if fact.key == "name":
            self.resolver.add_owner_name(fact.value)
            owner = people_store.get_person(self.conn, self.me_id)
            if owner is not None and owner.name == "Me" and fact.value.strip():
                people_store.update_person(self.conn, self.me_id, name=fact.value.strip())
        elif fact.key in ("org", "title"):
            owner = people_store.get_person(self.conn, self.me_id)
            if owner is not None and not getattr(owner, fact.key) and fact.value.strip():
                people_store.update_person(self.conn, self.me_id, **{fact.key: fact.value.strip()})
        elif fact.key != "identity" and fact.value.strip():
            detail = Detail(person_id=self.me_id, text=f"{fact.key}: {fact.value.strip()}", kind="profile")
            if details.add_detail(self.conn, detail, self.now, batch_id=self.batch_id):
                self.counts["details"] += 1
