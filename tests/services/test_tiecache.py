"""The in-process contact cache: incremental after new interactions, full reload after anything else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete

from innercircle.core.model import Person
from innercircle.services import Workspace, tiecache
from innercircle.services.analysis import compute_ties
from innercircle.services.people import ensure_me
from innercircle.services.records import log_interaction
from innercircle.store import repo
from innercircle.store import schema as s

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _scores(ws: Workspace, fresh: bool = False) -> dict[int, tuple[float, str, int]]:
    if fresh:
        tiecache.forget()
    with ws.read() as conn:
        return {pid: (t.strength, t.tier, t.contacts) for pid, t in compute_ties(conn, NOW).items()}


def test_cache_matches_a_fresh_load_after_logs_and_deletes(ws: Workspace) -> None:
    with ws.begin() as conn:
        ensure_me(conn, NOW, "Ada")
        for name in ("Grace Hopper", "Alan Turing", "Bob Smith"):
            repo.add_person(conn, Person(name=name), NOW)
        for d in range(1, 40, 6):
            log_interaction(conn, "call", ["Grace Hopper"], NOW - timedelta(days=d), NOW, by="them")
            log_interaction(conn, "email", ["Alan Turing"], NOW - timedelta(days=d + 2), NOW)
    first = _scores(ws, fresh=True)
    assert first == _scores(ws)  # warm: unchanged database, same answer
    with ws.begin() as conn:  # a log: the cache is topped up
        log_interaction(conn, "meeting", ["Bob Smith", "Alan Turing"], NOW - timedelta(days=1), NOW)
    topped = _scores(ws)
    assert topped != first and topped == _scores(ws, fresh=True)
    with ws.begin() as conn:  # a deletion: the cache reloads
        conn.execute(delete(s.interactions).where(s.interactions.c.channel == "meeting"))
    reloaded = _scores(ws)
    assert reloaded == first == _scores(ws, fresh=True)


def test_as_of_boundary_is_strict(ws: Workspace) -> None:
    with ws.begin() as conn:
        ensure_me(conn, NOW, "Ada")
        repo.add_person(conn, Person(name="Grace Hopper"), NOW)
        log_interaction(conn, "call", ["Grace Hopper"], NOW, NOW)  # exactly at the as-of moment
        log_interaction(conn, "call", ["Grace Hopper"], NOW - timedelta(microseconds=1000), NOW)
    with ws.read() as conn:
        ties = compute_ties(conn, NOW)
    assert [t.contacts for t in ties.values()] == [1]
