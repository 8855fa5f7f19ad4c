"""Merging two records of one person, and undoing it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from innercircle.core.errors import NotFoundError, UserInputError
from innercircle.core.model import Channel, Person
from innercircle.results.records import MergedRecord, PersonRef, UnmergedRecord
from innercircle.services.people import ensure_me, resolve_person, row_id
from innercircle.services.runtime.storing import direction
from innercircle.services.runtime.workspace import Tx
from innercircle.services.views import person_fields, person_result
from innercircle.store import merges, people

_FILL = ("org", "title", "location", "notes", "connected_at")


def merge(tx: Tx, keep: str, other: str, now: datetime) -> MergedRecord:
    """Move everything of ``other`` into ``keep`` (``me``: the owner); ``other`` is remembered as merged.
    Returns the kept person as they are now, naming the merged record."""
    a = ensure_me(tx, now) if keep.strip().lower() == "me" else resolve_person(tx, keep)
    b = resolve_person(tx, other)
    assert a.id is not None and b.id is not None
    if a.id == b.id:
        # both names found one record: name the two records by id (two records often share a name)
        raise UserInputError(
            f"{keep!r} and {other!r} both name {a.name} (id {a.id}): nothing to merge; "
            "give the two records by id (see 'people --search')"
        )
    merge_people(tx, a, b, now)
    kept = people.get_person(tx.conn, a.id)
    assert kept is not None
    return MergedRecord(**person_fields(kept), merged=PersonRef(person_id=b.id, name=b.name))


def merge_people(tx: Tx, a: Person, b: Person, now: datetime) -> dict[str, Any]:
    """Fold ``b`` into ``a`` and remember the merge (``unmerge`` undoes it); returns what moved."""
    assert a.id is not None and b.id is not None
    moved = merges.move_person(tx.conn, b.id, a.id)
    filled = {f: None for f in _FILL if getattr(a, f) is None and getattr(b, f) is not None}
    if filled:
        people.update_person(tx.conn, a.id, **{f: getattr(b, f) for f in filled})
    moved["filled"] = list(filled)
    if a.is_me:  # the duplicate was the owner: who initiated is now known
        moved["directions"] = _redirect(tx, moved, a.id)
    merges.record_merge(tx.conn, a.id, b.id, moved, now)
    return moved


def _redirect(tx: Tx, moved: dict[str, Any], me_id: int) -> dict[str, str]:
    """Recompute the direction of the interactions the owner just joined; returns the old ones."""
    ids = sorted({int(r["interaction_id"]) for r in moved.get("participants", [])})
    old: dict[str, str] = {}
    new: dict[int, str] = {}
    for iid, (channel, before, roles) in merges.interaction_roles(tx.conn, ids).items():
        after = str(direction(Channel(channel), roles, me_id))
        if after != before:
            old[str(iid)], new[iid] = before, after
    merges.set_directions(tx.conn, new)
    return old


def unmerge(tx: Tx, who: str) -> UnmergedRecord:
    """Undo the newest merge of a person (named by the kept person, or by the merged one's id); returns
    the record brought back, with the person it had been merged into."""
    text = who.strip()
    pid = row_id(text)
    if text.lower() == "me":
        owner = people.get_owner(tx.conn)
        pid = None if owner is None else owner.id
    if pid is None or (merges.merged_into(tx.conn, pid) is None and text.lower() != "me"):
        person = resolve_person(tx, text)
        assert person.id is not None
        pid = person.id
    record = merges.last_merge(tx.conn, pid)
    if record is None:
        raise NotFoundError(f"no merge to undo for {who!r}")
    kept_id, merged_id = int(record["kept_id"]), int(record["merged_id"])
    moved = dict(record["moved"])
    merges.restore_person(tx.conn, merged_id, kept_id, moved)
    merges.set_directions(tx.conn, {int(k): v for k, v in moved.get("directions", {}).items()})
    filled = moved.get("filled", [])
    if filled:
        people.update_person(tx.conn, kept_id, **{f: None for f in filled})
    merges.drop_merge(tx.conn, int(record["id"]))
    kept, back = people.get_person(tx.conn, kept_id), people.get_person(tx.conn, merged_id)
    if kept is None or back is None:
        raise NotFoundError("the people of that merge no longer exist")
    return UnmergedRecord(**person_fields(back), kept=person_result(kept))
