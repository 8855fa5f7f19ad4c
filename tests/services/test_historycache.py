"""The interaction arrays kept between reviews: topped up after logs, reloaded after edits, kept in a file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete

from innercircle.core.history import History
from innercircle.core.model import Person
from innercircle.services import Workspace, historycache
from innercircle.services.people import ensure_me
from innercircle.services.records import log_interaction
from innercircle.store import repo, snapshot
from innercircle.store import schema as s

NOW = datetime(2026, 6, 1, tzinfo=UTC)
FIELDS = (
    "iid",
    "at",
    "channel",
    "direction",
    "group_size",
    "duration_s",
    "duration_known",
    "manual",
    "part_row",
    "part_person",
    "part_role",
)


def _plain(h: History) -> dict[str, Any]:
    return {name: getattr(h, name).tolist() for name in FIELDS}


def _kept_and_fresh(ws: Workspace) -> tuple[dict[str, Any], dict[str, Any]]:
    with ws.read() as conn:
        return _plain(historycache.all_history(conn)), _plain(snapshot.history(conn))


def test_history_is_topped_up_reloaded_and_kept_in_a_file(ws: Workspace) -> None:
    with ws.begin() as conn:
        ensure_me(conn, NOW, "Ada")
        for name in ("Grace Hopper", "Alan Turing", "Bob Smith"):
            repo.add_person(conn, Person(name=name), NOW)
        for d in range(1, 40, 6):
            log_interaction(conn, "call", ["Grace Hopper"], NOW - timedelta(days=d), NOW, by="them")
            log_interaction(conn, "email", ["Alan Turing", "Bob Smith"], NOW - timedelta(days=d + 2), NOW)
    historycache.forget()
    kept, fresh = _kept_and_fresh(ws)
    assert kept == fresh and len(fresh["iid"]) == 14
    with ws.begin() as conn:  # one log in the middle of the history, one after the rest
        log_interaction(
            conn, "meeting", ["Bob Smith", "Alan Turing"], NOW - timedelta(days=20), NOW, minutes=30
        )
        log_interaction(conn, "call", ["Grace Hopper"], NOW, NOW)
    kept, fresh = _kept_and_fresh(ws)
    assert kept == fresh and len(fresh["iid"]) == 16
    with ws.begin() as conn:  # a log after everything else: appended as it is
        log_interaction(conn, "email", ["Bob Smith"], NOW + timedelta(hours=1), NOW)
    kept, fresh = _kept_and_fresh(ws)
    assert kept == fresh and len(fresh["iid"]) == 17
    historycache.forget()  # a new process: the file, topped up from the database
    assert _kept_and_fresh(ws)[0] == fresh
    with ws.begin() as conn:  # a deletion: reloaded
        conn.execute(delete(s.interactions).where(s.interactions.c.channel == "meeting"))
    kept, fresh = _kept_and_fresh(ws)
    assert kept == fresh and len(fresh["iid"]) == 16
    with ws.read() as conn:
        cut = historycache.all_history(conn).before(NOW - timedelta(days=10))
        assert _plain(cut) == _plain(snapshot.history(conn, before=NOW - timedelta(days=10)))
    key = historycache.db_key(ws.engine.url)
    assert key is not None and historycache.path_for(key).exists()
    historycache.discard(ws.engine.url)
    assert not historycache.path_for(key).exists()
