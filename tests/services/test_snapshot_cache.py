"""The one analysis cache (memory and file) never makes a score or the history differ from a cold load."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from contacts_sql import contacts_by_sql
from sqlalchemy.engine import make_url

from innercircle.core.history import FIELDS
from innercircle.core.model import Person
from innercircle.services import Workspace
from innercircle.services.forget import forget, plan_forget
from innercircle.services.importing import import_paths
from innercircle.services.logbook import log_interaction
from innercircle.services.merge import merge, unmerge
from innercircle.services.ownership import backup, restore
from innercircle.services.people import add_person, pin
from innercircle.services.runtime.cachefile import db_key, load, load_history, path_for
from innercircle.services.runtime.localzone import set_zone
from innercircle.services.ties import compute_ties, load_inputs, score_inputs
from innercircle.services.undo import list_batches, undo_batch
from innercircle.store import history as snapshot
from innercircle.web.data import served

NOW = datetime(2026, 6, 1, tzinfo=UTC)
PEOPLE = ("Grace Hopper", "Alan Turing", "Bob Smith", "Carol Jones", "Dan Brown")
Scores = dict[int, tuple[float, str, int, str]]


def email(name: str) -> str:
    return name.split()[0].lower() + "@example.com"


def write_csv(path: Path, rows: list[tuple[int, str, str, str]]) -> Path:
    """An interactions CSV: (days before NOW, from, to, channel)."""
    lines = ["timestamp,from,to,channel"]
    for days, frm, to, channel in rows:
        lines.append(f"{(NOW - timedelta(days=days)).isoformat()},{frm},{to},{channel}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cold(ws: Workspace) -> Scores:
    """Scores from a straight select of every contact: no cache read or written."""
    with ws.read() as tx:
        inputs = load_inputs(tx, NOW)
        inputs.contacts = contacts_by_sql(tx.conn).sorted().before(NOW.timestamp())
        return _plain(score_inputs(inputs, NOW))


def cached(ws: Workspace) -> Scores:
    with ws.read() as tx:
        got = _plain(compute_ties(tx, NOW))
        kept = tx.whole().history
        assert kept is not None
        fresh = snapshot.history(tx.conn)
        assert all(np.array_equal(getattr(kept, f), getattr(fresh, f)) for f in FIELDS)
        return got


def _plain(ties: dict) -> Scores:  # type: ignore[type-arg]
    return {pid: (t.strength, t.tier, t.contacts, t.trend) for pid, t in ties.items()}


def check(ws: Workspace, via: str) -> Scores:
    """The cached answer, from memory or (a new process) from the file, equals the cold one."""
    if via == "disk":  # a new process: a new workspace, reading the file
        ws = Workspace(ws.db, ws.engine)
    got = cached(ws)
    assert got == cold(ws)
    key = db_key(ws.engine.url)
    assert key is not None and path_for(key).is_file()
    return got


@pytest.fixture
def people(ws: Workspace) -> Workspace:
    with ws.begin() as tx:
        for name in PEOPLE:
            add_person(tx, Person(name=name), [email(name)], NOW)
    return ws


@pytest.mark.parametrize("via", ["memory", "disk"])
def test_cache_matches_a_cold_load_through_every_kind_of_change(
    people: Workspace, tmp_path: Path, via: str
) -> None:
    ws = people
    me = "me@example.com"
    g, a, b, c, d = (email(n) for n in PEOPLE)
    first = write_csv(tmp_path / "a.csv", [(40, me, g, "email"), (30, g, me, "email"), (20, me, a, "call")])
    import_paths(ws, [first], me=[me])
    before = check(ws, via)
    with ws.begin() as tx:  # a log appends
        log_interaction(tx, "meeting", ["Bob Smith", "Alan Turing"], NOW - timedelta(days=2), NOW)
    assert check(ws, via) != before
    second = write_csv(tmp_path / "b.csv", [(5, c, me, "email"), (4, me, c, "email"), (3, me, d, "message")])
    import_paths(ws, [second], me=[me])
    check(ws, via)
    with ws.begin() as tx:
        merge(tx, "Carol Jones", "Dan Brown", NOW)
    merged = check(ws, via)
    with ws.begin() as tx:
        unmerge(tx, "Carol Jones")
    check(ws, via)
    with ws.begin() as tx:  # the same merge state reached by another merge
        merge(tx, "Grace Hopper", "Dan Brown", NOW)
    assert check(ws, via) != merged
    with ws.begin() as tx:
        unmerge(tx, "Grace Hopper")
    check(ws, via)
    with ws.read() as tx:
        newest = list_batches(tx)[-1].id
    with ws.begin() as tx:  # the newest rows go, and the next import reuses their ids (same counts)
        assert undo_batch(tx, str(newest)).removed["interactions"] == 3
    same_shape = write_csv(
        tmp_path / "c.csv", [(6, a, me, "email"), (4, me, b, "email"), (3, me, g, "message")]
    )
    import_paths(ws, [same_shape], me=[me])
    check(ws, via)
    with ws.begin() as tx:  # again, and even the newest row is the same as before: only the counter knows
        assert undo_batch(tx, str(list_batches(tx)[-1].id)).removed["interactions"] == 3
    rows = [(7, b, me, "call"), (5, me, a, "call"), (3, me, g, "message")]
    import_paths(ws, [write_csv(tmp_path / "d.csv", rows)], me=[me])
    check(ws, via)
    with ws.begin() as tx:  # a load inside a write transaction that is then rolled back is not kept
        log_interaction(tx, "call", ["Carol Jones"], NOW - timedelta(days=1), NOW)
        compute_ties(tx, NOW)
        tx.conn.rollback()
    with ws.begin() as tx:
        log_interaction(tx, "email", ["Bob Smith"], NOW - timedelta(days=1), NOW)
    check(ws, via)
    with ws.read() as tx:
        plan = plan_forget(tx, "Grace Hopper")
    forget(ws, plan)
    check(ws, via)


def test_forget_deletes_the_file_and_the_next_one_has_no_trace(people: Workspace, tmp_path: Path) -> None:
    ws = people
    me = "me@example.com"
    rows = [(10, me, email("Grace Hopper"), "email"), (9, email("Alan Turing"), me, "email")]
    import_paths(ws, [write_csv(tmp_path / "a.csv", rows)], me=[me])
    cached(ws)
    key = db_key(ws.engine.url)
    assert key is not None
    saved = load(key)
    assert saved is not None
    with ws.read() as tx:
        plan = plan_forget(tx, "Grace Hopper")
    assert set(plan.person_ids) <= set(saved.contacts.key.tolist())  # the check below can fail
    forget(ws, plan)
    assert not path_for(key).exists()
    cached(ws)
    saved = load(key)
    assert saved is not None and not set(plan.person_ids) & set(saved.contacts.key.tolist())


def test_restore_into_the_same_path_does_not_reuse_the_old_file(people: Workspace, tmp_path: Path) -> None:
    ws = people
    if ws.engine.dialect.name != "sqlite":
        pytest.skip("a database file replaced at the same path: SQLite only")
    me = "me@example.com"
    import_paths(ws, [write_csv(tmp_path / "a.csv", [(10, me, email("Grace Hopper"), "call")])], me=[me])
    snapshot = Path(backup(ws, tmp_path / "backup.db").path)
    import_paths(ws, [write_csv(tmp_path / "b.csv", [(3, me, email("Alan Turing"), "call")])], me=[me])
    cached(ws)
    ws.close()
    for f in Path(ws.db).parent.glob(Path(ws.db).name + "*"):
        f.unlink()
    again = Workspace(ws.db)
    try:
        restore(again, snapshot)
        with again.begin() as tx:  # the same shape as the rows of the file, other content
            log_interaction(tx, "call", ["Bob Smith"], NOW - timedelta(days=3), NOW)
        assert cached(again) == cold(again)
    finally:
        again.close()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "unsorted"])
def test_a_damaged_file_is_a_miss(people: Workspace, tmp_path: Path, damage: str) -> None:
    ws = people
    me = "me@example.com"
    rows = [
        (k, me if k % 2 else email(PEOPLE[k % 5]), email(PEOPLE[(k + 1) % 5]), "email") for k in range(1, 30)
    ]
    import_paths(ws, [write_csv(tmp_path / "a.csv", rows)], me=[me])
    expected = cached(ws)
    key = db_key(ws.engine.url)
    assert key is not None
    path = path_for(key)
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # a readable file whose rows are out of order
        with np.load(path) as z:
            arrays = {k: z[k] for k in z.files}
        arrays["c_key"] = arrays["c_key"][::-1].copy()
        np.savez(path, **arrays)
    assert load(key) is None
    assert cached(Workspace(ws.db, ws.engine)) == expected == cold(ws)
    assert load(key) is not None  # rewritten


def test_files_go_to_the_cache_folder_named_by_the_resolved_database(ws: Workspace, tmp_path: Path) -> None:
    if ws.engine.dialect.name != "sqlite":
        pytest.skip("SQLite file paths only")
    key = db_key(ws.engine.url)
    assert key is not None
    assert path_for(key).parent == Path(os.environ["INNERCIRCLE_CACHE_DIR"])
    other = Workspace(os.path.relpath(ws.db))
    try:
        assert db_key(other.engine.url) == key
    finally:
        other.close()
    assert db_key(make_url("sqlite://")) is None


def test_kept_analyses_follow_any_write_by_anyone(people: Workspace, tmp_path: Path) -> None:
    """Tie scores are kept until the data changes; a write by another process (its own workspace) to
    any table the scores read is seen through the triggers, without anyone dropping anything."""
    ws = people
    me = "me@example.com"
    rows = [(10, me, email("Grace Hopper"), "email"), (9, email("Grace Hopper"), me, "email")]
    import_paths(ws, [write_csv(tmp_path / "a.csv", rows)], me=[me])
    with ws.read() as tx:
        first = compute_ties(tx, NOW)
        assert all(compute_ties(tx, NOW)[p] is t for p, t in first.items())  # kept, not made again
        grace = next(p for p, t in first.items() if t.contacts == 2)
    other = Workspace(ws.db)  # another process
    try:
        with other.begin() as tx:
            pin(tx, str(grace), None, closeness=1.0)
    finally:
        other.close()
    with ws.read() as tx:
        again = compute_ties(tx, NOW)
    assert again[grace] is not first[grace] and again[grace].strength > first[grace].strength
    assert cached(ws) == cold(ws)


def test_a_served_view_is_the_last_one_while_a_fresh_one_is_made(people: Workspace) -> None:
    ws = people

    def get(make: Callable[[], str]) -> str:
        with ws.read() as tx:
            return tx.served("n", NOW.date(), make)

    assert get(lambda: "old") == "old"
    with ws.begin() as tx:  # a write elsewhere: the view is stale
        log_interaction(tx, "call", ["Bob Smith"], NOW - timedelta(days=1), NOW)
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        assert release.wait(10)
        return "new"

    making = threading.Thread(target=lambda: get(slow))
    making.start()
    assert started.wait(10)
    assert get(lambda: "never made") == "old"  # served at once, not waiting
    release.set()
    making.join(10)
    assert get(lambda: "never made") == "new"
    ws.cache.drop_analyses()  # after a write through the app: its next page waits for the fresh view
    assert get(lambda: "newest") == "newest"


def test_a_served_view_is_made_again_on_the_owners_next_day(people: Workspace) -> None:
    """The web keys its views on the owner's calendar day by the app's clock, not the host's date: at
    23:30 UTC it is already tomorrow in Tokyo."""
    ws = people
    evening = datetime(2026, 6, 1, 14, 0, tzinfo=UTC)  # 23:00 in Tokyo
    later = datetime(2026, 6, 1, 15, 30, tzinfo=UTC)  # 00:30 the next day in Tokyo, still June 1 in UTC
    with ws.begin() as tx:
        set_zone(tx, "Asia/Tokyo")
    with ws.read() as tx:
        assert served(tx, evening, "v", lambda: "first") == "first"
        assert served(tx, evening, "v", lambda: "never made") == "first"
        assert served(tx, later, "v", lambda: "next day") == "next day"


def test_a_damaged_history_in_the_file_is_read_from_the_database(people: Workspace, tmp_path: Path) -> None:
    """The contacts of the file serve the scores; its history, out of order here, is a miss on its own."""
    ws = people
    me = "me@example.com"
    rows = [(k, me, email(PEOPLE[k % 5]), "email") for k in range(1, 20)]
    import_paths(ws, [write_csv(tmp_path / "a.csv", rows)], me=[me])
    cached(ws)
    key = db_key(ws.engine.url)
    assert key is not None
    path = path_for(key)
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["at"] = arrays["at"][::-1].copy()
    np.savez(path, **arrays)
    assert load(key) is not None and load_history(key) is None
    fresh = Workspace(ws.db, ws.engine)
    with fresh.read() as tx:
        assert tx.snapshot().history is None  # a new process reads the contacts only
    assert cached(fresh) == cold(ws)  # the history compared field by field with a straight read
