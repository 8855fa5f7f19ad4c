"""Same JSON from review, ties, focus, followups, health and the API whichever way the data is read.

On the demo plus a random year (tests/helpers/generated.py): a cold CLI process (no cache file), a later
one (the file), one after a logged interaction (the file topped up from the database) and the web API of
one long-lived app (its analyses kept, then made again after the log) give the JSON of a cold read of
the same database; and the ties are those scored from the contacts the old SQL join selected
(tests/helpers/contacts_sql.py), so the redesign of the data path changed no figure.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from contacts_sql import contacts_by_sql
from fastapi.testclient import TestClient
from generated import random_year
from typer.testing import CliRunner

from innercircle.cli.main import app as cli_app
from innercircle.services import Workspace
from innercircle.services.analysis import load_inputs, score_inputs, tie_dict
from innercircle.services.demo import load_demo
from innercircle.settings import Settings
from innercircle.store import repo
from innercircle.web import create_app
from innercircle.web.data import VERSION_EVERY

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
AS_OF = "2026-11-25"
COMMANDS = (("review",), ("ties",), ("focus",), ("followups",), ("health",))
API = ("/api/ties", "/api/followups", "/api/health", "/api/review", "/api/people")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("same") / "gen.db"
    ws = Workspace(str(path))
    load_demo(ws, seed=42, today=AS_OF, now=NOW)
    with ws.begin() as conn:
        owner = repo.me(conn)
        assert owner is not None and owner.id is not None
        people = [p.id for p in repo.list_people(conn, include_archived=True) if p.id and p.id != owner.id]
        repo.add_interactions_bulk(conn, random_year(owner.id, people, 3000, random.Random(3), NOW))
    ws.close()
    yield path


def _cli(db: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    monkeypatch.setenv("INNERCIRCLE_DB", str(db))
    monkeypatch.setenv("INNERCIRCLE_CACHE_DIR", str(cache))
    out = CliRunner().invoke(cli_app, list(args), catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout) if "--json" in args else None


def _all(db: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return {c[0]: _cli(db, cache, monkeypatch, *c, "--json", "--as-of", AS_OF) for c in COMMANDS}


def _api(client: TestClient) -> dict[str, Any]:
    out = {}
    for route in API:
        r = client.get(route)
        assert r.status_code == 200, route
        out[route] = r.json()
    return out


def test_same_json_cold_from_the_file_topped_up_and_through_the_web(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work.db"
    shutil.copy(db, work)
    cache = tmp_path / "cache"
    app_ws = Workspace(str(work))
    web = TestClient(
        create_app(Settings(db=str(work)), clock=lambda: NOW, workspace=app_ws, warm=False),
        base_url="http://127.0.0.1",
    )
    try:
        web_first = _api(web)
        cold = _all(work, cache, monkeypatch)
        assert any(cache.iterdir())  # the file was written: the next processes read it
        assert _all(work, cache, monkeypatch) == cold
        assert _api(web) == web_first
        people = cold["ties"][:3]
        _cli(
            work,
            cache,
            monkeypatch,
            "log",
            "call",
            str(people[2]["person_id"]),
            "--at",
            "2026-11-24T10:00",
            "--minutes",
            "40",
        )
        topped = _all(work, cache, monkeypatch)
        assert topped != cold
        fresh = tmp_path / "fresh"  # no file: everything read from the database
        assert _all(work, fresh, monkeypatch) == topped
        time.sleep(VERSION_EVERY)  # another process's write shows within this
        web_after = _api(web)
        assert web_after != web_first
        with TestClient(
            create_app(Settings(db=str(work)), clock=lambda: NOW, workspace=Workspace(str(work)), warm=False),
            base_url="http://127.0.0.1",
        ) as other:
            assert _api(other) == web_after
    finally:
        web.close()
        app_ws.close()


def test_ties_equal_those_scored_from_the_old_join(
    db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ws = Workspace(str(db))
    try:
        with ws.read() as conn:
            inputs = load_inputs(conn, NOW)
            now_ties = score_inputs(inputs, NOW)
            inputs.contacts = contacts_by_sql(conn).sorted().before(NOW.timestamp())
            old_ties = score_inputs(inputs, NOW)
    finally:
        ws.close()
    assert len(now_ties) > 100
    assert {p: tie_dict(t) for p, t in now_ties.items()} == {p: tie_dict(t) for p, t in old_ties.items()}
