"""Same JSON from review, ties, focus, followups, health and the API whichever way the data is read,
and the same as the main before issue 13 (commit 69c5bde) made.

Against the past: tests/golden/same_json.json.xz holds that JSON as 69c5bde made it on the demo, on the
demo plus a seeded random year, and on the latter after a logged call (its cache files topped up), all
with --as-of 2026-11-25 (tests/helpers/golden.py builds them and says how the file was made). This tree
must give the same, value for value: the redesigned data path changed no figure. A deliberate change
of the tie model or of an analysis (issue 12) changes the figures: regenerate the file then, with one
command from the repository root, ``.venv/bin/python tests/helpers/golden.py`` (it lists what changed),
and say so in the commit.

Within this tree, on the demo plus a random year: a cold CLI process (no cache file), a later
one (the file), one after a logged interaction (the file topped up from the database) and the web API of
one long-lived app (its analyses kept, then made again after the log) give the JSON of a cold read of
the same database; and the ties are those scored from the contacts the old SQL join selected
(tests/helpers/contacts_sql.py), so the redesign of the data path changed no figure.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from contacts_sql import contacts_by_sql
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import golden
from golden import AS_OF, NOW
from innercircle.cli.main import app as cli_app
from innercircle.config import Config
from innercircle.core.ties.explain import explain
from innercircle.services import Workspace
from innercircle.services.ties import load_inputs, score_inputs, tie_result
from innercircle.web import create_app


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("same") / "gen.db"
    golden.build(path, "demo+year")
    yield path


def test_same_json_as_the_main_before_issue_13(tmp_path: Path) -> None:
    doc = golden.load()
    now = golden.all_outputs(tmp_path)
    assert now.keys() == doc["outputs"].keys()
    for dataset, outputs in doc["outputs"].items():
        assert now[dataset].keys() == outputs.keys()
        assert len(now[dataset]["ties"]) > 1000  # the demo's 1,514 people, every one scored
        diff = list(golden.differences(outputs, now[dataset], dataset))
        assert not diff, (
            f"{len(diff)} values differ from the golden file made by {doc['made_by']}: {diff[:10]}"
        )


def _cli(db: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    monkeypatch.setenv("INNERCIRCLE_DB", str(db))
    monkeypatch.setenv("INNERCIRCLE_CACHE_DIR", str(cache))
    out = CliRunner().invoke(cli_app, list(args), catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout) if "--json" in args else None


def _all(db: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return {c: _cli(db, cache, monkeypatch, c, "--json", "--as-of", AS_OF) for c in golden.COMMANDS}


def _api(client: TestClient) -> dict[str, Any]:
    out = {}
    for route in golden.API:
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
        create_app(Config(db=str(work)), clock=lambda: NOW, workspace=app_ws, warm=False),
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
        web_after = _api(web)
        assert web_after != web_first
        with TestClient(
            create_app(Config(db=str(work)), clock=lambda: NOW, workspace=Workspace(str(work)), warm=False),
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
        with ws.read() as tx:
            inputs = load_inputs(tx, NOW)
            now_ties = score_inputs(inputs, NOW)
            inputs.contacts = contacts_by_sql(tx.conn).sorted().before(NOW.timestamp())
            old_ties = score_inputs(inputs, NOW)
    finally:
        ws.close()
    assert len(now_ties) > 100
    now_rows = {p: tie_result(t, explain(now_ties, p)) for p, t in now_ties.items()}
    assert now_rows == {p: tie_result(t, explain(old_ties, p)) for p, t in old_ties.items()}
