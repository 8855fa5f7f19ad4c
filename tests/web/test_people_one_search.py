"""The CLI's `people`/`show` and the web's /api/people agree: one search (name, organization, identity)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from apipages import whole
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from innercircle.cli.main import app as cli_app
from innercircle.config import Config
from innercircle.core.dates import as_of_moment
from innercircle.services import Workspace
from innercircle.services.demo import load_demo
from innercircle.services.runtime.localzone import get_zone
from innercircle.web import create_app

pytestmark = pytest.mark.xdist_group("people_one_search")
TODAY = "2026-11-25"


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, TestClient]]:
    """The demo in a SQLite file; a CLI runner and a web client over it, both at the start of its day."""
    db = str(tmp_path_factory.mktemp("people") / "demo.db")
    ws = Workspace(db)
    load_demo(ws, seed=42, today=TODAY, now=datetime(2026, 11, 25, 9, 30, tzinfo=UTC))
    with ws.read() as tx:
        moment = as_of_moment(TODAY, datetime(2026, 11, 25, tzinfo=UTC), get_zone(tx))
    runner = CliRunner()

    def cli(*args: str) -> Any:
        result = runner.invoke(cli_app, ["--db", db, *args, "--as-of", TODAY], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    web = create_app(Config(db=db), clock=lambda: moment, workspace=ws, warm=False)
    with TestClient(web, base_url="http://127.0.0.1") as client:
        yield cli, client
    ws.close()


def _by_id(rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {r["person_id"]: r for r in rows}


def test_cli_and_web_find_the_same_people(both: tuple[Any, TestClient]) -> None:
    cli, client = both
    everyone = cli("people", "--json")
    assert len(everyone) > 50
    someone = next(r for r in everyone if r["org"] and any(i["kind"] == "email" for i in r["identities"]))
    email = next(i["value"] for i in someone["identities"] if i["kind"] == "email")
    queries = [
        "",
        someone["name"].split()[0].lower(),  # part of a name
        someone["org"].upper(),  # an organization, any case
        email.split("@")[1],  # an identity's domain: no name contains it
        "  " + email + " ",  # an identity, spaces around it
        "no such person anywhere",
    ]
    for q in queries:
        cli_rows = cli("people", "--json", "--search", q)
        web_rows = whole(client, "/api/people", q=q)
        assert _by_id(cli_rows) == _by_id(web_rows), q
        assert len(cli_rows) == len(web_rows), q
    # the richer search is the one both have: an email domain finds people whose names do not hold it
    found = cli("people", "--json", "--search", email.split("@")[1])
    assert someone["person_id"] in _by_id(found)
    assert any(email.split("@")[1] not in r["name"].lower() for r in found)
    assert cli("people", "--json", "--search", "no such person anywhere") == []
    for tier in ("inner", "close", "tail"):
        cli_rows = cli("people", "--json", "--tier", tier)
        assert cli_rows and all(r["tier"] == tier for r in cli_rows), tier
        assert _by_id(cli_rows) == _by_id(whole(client, "/api/people", tier=tier)), tier


def test_cli_show_is_the_web_person(both: tuple[Any, TestClient]) -> None:
    cli, client = both
    strongest = client.get("/api/people", params={"limit": 1}).json()["items"][0]
    pid = strongest["person_id"]
    shown = cli("show", str(pid), "--json")
    assert shown == client.get(f"/api/people/{pid}", params={"as_of": TODAY}).json()
    assert shown["name"] == strongest["name"] and shown["timeline"] and shown["tie"]["strength"] > 0
