"""Web fixtures: the app over a real SQLite file, a client on 127.0.0.1, a small seeded network."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.browser import chromium  # noqa: F401  (one Chromium per module, for the browser tests)

from innercircle.config import Config
from innercircle.core.model import Event, Goal, IdentityKind, IdentityRef, Person
from innercircle.services import Workspace, logbook, plans
from innercircle.store import people
from innercircle.web import create_app

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BASE = "http://127.0.0.1"


def csrf_of(html: str) -> str:
    """The CSRF token a rendered page carries."""
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no csrf token in page"
    return m.group(1)


def stored_rows(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, read from the SQLite file itself: what a refused write must leave."""
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def seed(ws: Workspace) -> dict[str, int]:
    """Two people, a goal, a past and an upcoming event, an interaction, details (one an achievement)."""
    with ws.begin() as tx:
        grace = people.add_person(
            tx.conn,
            Person(
                name="Grace Hopper",
                org="Navy Labs",
                title="Investor",
                identities=[IdentityRef(IdentityKind.EMAIL, "grace@navy.example", "grace@navy.example")],
            ),
            NOW,
        )
        alan = people.add_person(tx.conn, Person(name="Alan Turing", org="Bletchley"), NOW)
        logbook.log_interaction(tx, "call", ["Grace Hopper"], NOW - timedelta(days=3), NOW, 30, "seed round")
        logbook.remember(tx, "Grace Hopper", "loves COBOL", NOW, "passion")
        # two days old: a follow-up to congratulate, which "done" answers
        logbook.remember(tx, "Alan Turing", "won the Smith's Prize", NOW - timedelta(days=2), "achievement")
        goal = plans.add_goal(tx, Goal(text="Raise a seed round", roles=["investor"]), NOW).id
        upcoming = plans.add_event(
            tx,
            Event(title="AI founders meetup", start=NOW + timedelta(days=5), hours_cost=3),
            ["Grace Hopper"],
        ).id
        past = plans.add_event(tx, Event(title="Old conference", start=NOW - timedelta(days=30)), []).id
    return {"grace": grace, "alan": alan, "goal": goal, "upcoming": upcoming, "past": past}


@pytest.fixture
def seeded(ws: Workspace) -> dict[str, int]:
    """The small network, in the test database."""
    return seed(ws)


def _make_client(ws: Workspace, db_path: Path, **config: object) -> TestClient:
    app = create_app(Config(db=str(db_path), **config), clock=lambda: NOW, workspace=ws, warm=False)  # type: ignore[arg-type]
    return TestClient(app, base_url=BASE, raise_server_exceptions=False)


@pytest.fixture
def make_client(ws: Workspace, db_path: Path):  # type: ignore[no-untyped-def]
    """``make_client(token=..., host=...)``: a client for an app over the test database."""
    return lambda **config: _make_client(ws, db_path, **config)


@pytest.fixture
def client(ws: Workspace, db_path: Path) -> Iterator[TestClient]:
    """A client on loopback, no token."""
    with _make_client(ws, db_path) as c:
        yield c


@pytest.fixture
def csrf():  # type: ignore[no-untyped-def]
    """``csrf(html)``: the CSRF token a rendered page carries."""
    return csrf_of
