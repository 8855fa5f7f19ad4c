"""A demo database lives on its own story day: every command and page agrees on "today", whatever the date."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from innercircle.config import Config
from innercircle.services import Workspace, utcnow
from innercircle.services.demo import load_demo
from innercircle.web import create_app

pytestmark = pytest.mark.xdist_group("demo_clock")


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, date]:
    """A demo whose story day is 40 days before the real today (as if generated then, opened now)."""
    day = utcnow().date() - timedelta(days=40)
    db = tmp_path_factory.mktemp("clock") / "demo.db"
    ws = Workspace(str(db))
    load_demo(ws, seed=7, today=day.isoformat())
    ws.close()
    return db, day


def _json(cli: Any, *args: str) -> Any:
    r = cli(*args, "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _keys(items: list[dict[str, Any]], *fields: str) -> list[tuple[Any, ...]]:
    return [tuple(i[f] for f in fields) for i in items]


def test_review_focus_followups_health_and_web_agree_on_the_story_day(story, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from innercircle.cli.main import app as cli_app

    db, day = story
    runner = CliRunner()

    def cli(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli_app, ["--db", str(db), *args], catch_exceptions=False)

    review = _json(cli, "review")
    assert review["as_of"][:10] == day.isoformat()  # the demo's today, not the real one
    followups = _json(cli, "followups")
    assert followups and _keys(followups, "person_id", "kind") == _keys(
        review["followups"], "person_id", "kind"
    )
    assert f"follow-ups as of {day.isoformat()}" in cli("followups").stdout
    focus = _json(cli, "focus")
    assert focus and [i["person_id"] for i in focus] == [i["person_id"] for i in review["focus"]]
    health = _json(cli, "health")
    assert [(s["name"], s["status"]) for s in health["signs"]] == [
        (s["name"], s["status"]) for s in review["health"]["signs"]
    ]
    triage = _json(cli, "event", "triage")
    assert _keys(triage, "event_id", "decision") == _keys(review["events"], "event_id", "decision")
    assert all(datetime.fromisoformat(e["start"]).date() >= day for e in triage)
    # --as-of still wins
    assert _json(cli, "review", "--as-of", str(day - timedelta(days=7)))["as_of"][:10] == str(
        day - timedelta(days=7)
    )

    # the web app, on the real clock, lives on the same day
    ws = Workspace(str(db))
    app = create_app(Config(db=str(db)), workspace=ws, warm=False)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        web = client.get("/api/review").json()
        assert web["as_of"][:10] == day.isoformat()
        web_followups = client.get("/api/followups", params={"limit": 1000}).json()["items"]
        # the same follow-ups; their order may differ where two priorities cross in the seconds between the
        # two runs (the real clock's time of day moves on; this test is about the day)
        assert sorted(_keys(web_followups, "person_id", "kind")) == sorted(
            _keys(followups, "person_id", "kind")
        )
    ws.close()


def test_a_real_database_keeps_the_real_clock(tmp_path: Path) -> None:
    ws = Workspace(str(tmp_path / "mine.db"), clock=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert ws.now() == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    ws.close()
