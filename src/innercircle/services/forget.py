"""Forgetting a person: every trace of them erased, the user's own records kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection

from innercircle.core.errors import UserInputError
from innercircle.core.model import Person
from innercircle.services.people import resolve_person
from innercircle.services.workspace import Workspace
from innercircle.store import erasure
from innercircle.store.db import purge_freed_pages


@dataclass(slots=True)
class ForgetPlan:
    """What forgetting a person erases, counted before anything is touched."""

    person: Person
    person_ids: list[int]  # the person and the records merged into them
    interactions: list[int]  # interactions with nobody else (deleted whole)
    counts: dict[str, int] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)  # name and identities, scrubbed from free text


def plan_forget(conn: Connection, name: str) -> ForgetPlan:
    """Find the person and count what would be erased (nothing is changed)."""
    person = resolve_person(conn, name)
    assert person.id is not None
    if person.is_me:
        raise UserInputError("you cannot forget yourself; delete the database instead")
    ids = erasure.with_merged(conn, person.id)
    plan = ForgetPlan(person, ids, erasure.solo_interactions(conn, ids), erasure.personal_counts(conn, ids))
    plan.counts["interactions"] = len(plan.interactions)
    plan.words = erasure.words(conn, ids)
    return plan


def forget(ws: Workspace, plan: ForgetPlan) -> dict[str, int]:
    """Erase what the plan found, in one transaction; then purge freed pages from a SQLite file.

    The cached contacts and interaction arrays (memory and files in the user cache folder) hold the
    person's id and contact times: they are deleted too, and rebuilt without them on the next analysis.
    """
    with ws.begin() as conn:
        erased = erasure.erase(conn, plan.person_ids, plan.interactions, plan.words)
    ws.snapshots.erase()  # the triggers already made it stale; this erases the copies of what was forgotten
    if ws.engine.dialect.name == "sqlite":
        purge_freed_pages(ws.engine)
    return erased
