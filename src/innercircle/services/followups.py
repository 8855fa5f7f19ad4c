"""Follow-ups over the database: what is due, with drafts; done and snooze marks."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from innercircle.core.drafts import last_shared
from innercircle.core.errors import UserInputError
from innercircle.core.followups import PersonState, plan
from innercircle.core.model import Detail
from innercircle.core.replies import unanswered
from innercircle.core.ties.components import openings
from innercircle.core.ties.explain import explain
from innercircle.core.ties.score import Ties
from innercircle.results.advice import Followup, FollowupMark
from innercircle.services.people import resolve_person
from innercircle.services.runtime.localzone import get_zone
from innercircle.services.runtime.workspace import Tx
from innercircle.services.ties import load_inputs, score_inputs
from innercircle.store import details as details_store
from innercircle.store import followups as store
from innercircle.store import people


def _when(t: float) -> datetime | None:
    return None if not math.isfinite(t) else datetime.fromtimestamp(t, UTC)


def followups_at(tx: Tx, now: datetime, ties: Ties | None = None) -> list[Followup]:
    """Every follow-up due at ``now``, most pressing first, each with a reason and a draft (``ties``: the
    ties at ``now`` when the caller has scored them already)."""
    inputs = load_inputs(tx, now)
    if ties is None:
        ties = score_inputs(inputs, now)
    opened = openings(inputs.contacts, now.timestamp())
    rows = {int(k): i for i, k in enumerate(opened.keys)}
    marks = store.marks(tx.conn, now)
    met = store.met_at_events(tx.conn, now)
    waiting = unanswered(inputs.contacts, now)  # they wrote, the user never answered
    archived = {p.id for p in people.list_people(tx.conn) if p.archived}
    states: list[PersonState] = []
    for pid, name, _closeness, _pin, cadence in inputs.people:
        i = rows.get(pid)
        done, snooze = marks.get(pid, (None, None))
        states.append(
            PersonState(
                person_id=pid,
                name=name,
                tie=ties[pid],
                cadence_days=cadence,
                first_contact=None if i is None else _when(float(opened.first[i])),
                last_out=None if i is None else _when(float(opened.last_out[i])),
                first_by_me=False if i is None else bool(opened.first_by_me[i]),
                connected_at=met.get(pid),
                done_at=done,
                snoozed_until=snooze,
                reply=waiting.get(pid),
                archived=pid in archived,
            )
        )
    details: dict[int, list[Detail]] = {}
    for d in reversed(details_store.all_details(tx.conn)):  # newest first, as details_of gives them
        details.setdefault(d.person_id, []).append(d)
    for st in states:
        st.details = details.get(st.person_id, [])
    owner = people.get_owner(tx.conn)
    sender = owner.name if owner is not None and owner.name != "Me" else None
    zone = get_zone(tx)  # birthdays "today" and due days on the owner's calendar
    items = plan(states, now, sender, zone)
    # drafts name the last thing shared and the tie's reasons: both only for the people who made the list
    wanted = {f.person_id for f in items}
    if wanted:
        shared = store.shared_rows(tx.conn, wanted, now)
        events = store.events_together(tx.conn, wanted, now)
        by_id = {st.person_id: st for st in states}
        for pid in wanted:
            by_id[pid].last_shared = last_shared(shared.get(pid, []), events.get(pid), zone)
            by_id[pid].tie_reasons = explain(ties, pid).reasons
        items = plan([by_id[pid] for pid in wanted], now, sender, zone)
    return [Followup.model_validate(f, from_attributes=True) for f in items]


MAX_SNOOZE_DAYS = 3650


def mark(tx: Tx, name: str, action: str, now: datetime, days: int = 7) -> FollowupMark:
    """Mark a person's follow-up done (resets the cadence) or snooze it for ``days``."""
    if action not in ("done", "snooze"):
        raise UserInputError("action must be 'done' or 'snooze'")
    if action == "snooze" and not 1 <= days <= MAX_SNOOZE_DAYS:
        # further off would overflow the date (a crash, not a refusal)
        raise UserInputError(f"--days must be from 1 to {MAX_SNOOZE_DAYS}")
    person = resolve_person(tx, name)
    assert person.id is not None
    until = now + timedelta(days=days) if action == "snooze" else None
    aid = store.add_action(tx.conn, person.id, action, now, until)
    return FollowupMark(id=aid, person_id=person.id, name=person.name, action=action, at=now, until=until)
