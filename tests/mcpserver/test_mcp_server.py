"""``innercircle mcp``: the official MCP SDK's client starts the real command over stdio on the demo
network, lists its tools, calls each read tool and gets the data ``--json`` prints, is refused a write
without ``--allow-writes``, and with it stores what it wrote."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters
from mcp_types import CallToolResult
from typer.testing import CliRunner

from innercircle.cli.main import app
from innercircle.mcp.server import REFUSED
from innercircle.mcp.tools import TOOLS
from innercircle.services import Workspace
from innercircle.services.demo import load_demo
from innercircle.store import details, interactions

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
READ_TOOLS = {t.name for t in TOOLS if not t.write}
WRITE_TOOLS = {"log_interaction", "remember_detail"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo network in a SQLite file of its own (the tests that write take a copy)."""
    path = tmp_path_factory.mktemp("mcp") / "demo.db"
    ws = Workspace(str(path))
    load_demo(ws, seed=42, today="2026-03-01", now=NOW)
    ws.close()
    yield path


def _server(db: Path, *flags: str) -> StdioServerParameters:
    """``innercircle --db DB mcp FLAGS`` as the assistant's client starts it: a process of its own,
    with only the environment the SDK passes on (and where this checkout's package and cache are)."""
    env = {k: os.environ[k] for k in ("PYTHONPATH", "INNERCIRCLE_CACHE_DIR", "TZ") if k in os.environ}
    return StdioServerParameters(
        command=sys.executable,
        args=["-c", "from innercircle.cli.main import run; run()", "--db", str(db), "mcp", *flags],
        env=env,
    )


def _session(params: StdioServerParameters, body: Callable[[Client], Awaitable[None]], **kw: Any) -> None:
    async def main() -> None:
        with anyio.fail_after(180):
            async with Client(params, read_timeout_seconds=120, **kw) as client:
                await body(client)

    anyio.run(main)


def _data(result: CallToolResult) -> Any:
    """A tool's structured answer, after checking the text is the same JSON."""
    assert not result.is_error, result.content
    assert result.structured_content is not None
    assert json.loads(result.content[0].text) == result.structured_content  # type: ignore[union-attr]
    return result.structured_content


def _cli_json(db: Path, *args: str) -> Any:
    r = CliRunner().invoke(app, ["--db", str(db), *args, "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _steady(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Follow-ups without what moves with the clock's seconds (strength, priority), in a fixed order."""
    kept = [{k: v for k, v in f.items() if k not in ("strength", "priority")} for f in items]
    return sorted(kept, key=lambda f: (f["person_id"], f["kind"]))


def _counts(db: Path) -> tuple[int, int]:
    ws = Workspace(str(db))
    with ws.read() as tx:
        found = interactions.count_interactions(tx.conn), len(details.all_details(tx.conn))
    ws.close()
    return found


def test_read_tools_answer_the_demo_with_the_data_json_prints(demo_db: Path) -> None:
    before = _counts(demo_db)
    expected_followups = _cli_json(demo_db, "followups")
    answers: dict[str, Any] = {}

    async def body(client: Client) -> None:
        listing = await client.list_tools()
        tools = {t.name: t for t in listing.tools}
        answers["listed"] = tools
        found = _data(await client.call_tool("find_person", {"query": "Hugo"}))
        answers["find"] = found
        person = str(found["people"][0]["person_id"])
        answers["show"] = _data(await client.call_tool("show_person", {"person": person}))
        answers["followups"] = _data(await client.call_tool("followups", {"limit": 100}))
        answers["focus"] = _data(await client.call_tool("focus_list", {"limit": 5}))
        answers["health"] = _data(await client.call_tool("health_signs", {}))
        answers["brief"] = _data(await client.call_tool("meeting_brief", {}))
        answers["brief_day"] = _data(await client.call_tool("meeting_brief", {"date": "2026-03-04"}))
        target = answers["focus"]["focus"][-1]["name"]
        answers["intro"] = _data(await client.call_tool("intro_path", {"person": target}))
        answers["review"] = _data(await client.call_tool("weekly_review", {}))
        answers["refused"] = await client.call_tool(
            "log_interaction", {"channel": "call", "people": [person], "note": "should not be stored"}
        )
        answers["unknown"] = await client.call_tool("show_person", {"person": "Nobody Atall Xq"})
        answers["bad"] = await client.call_tool("focus_list", {"limit": "many"})

    _session(_server(demo_db), body)

    listed = answers["listed"]
    assert set(listed) == READ_TOOLS  # no write tool is offered without --allow-writes
    assert {
        "find_person", "show_person", "followups", "focus_list", "health_signs", "meeting_brief", "intro_path",
        "weekly_review",
    } == READ_TOOLS  # fmt: skip
    for tool in listed.values():
        assert len(tool.description or "") > 80, tool.name  # enough for an assistant to choose by
        assert tool.output_schema and tool.output_schema["type"] == "object"
        assert tool.annotations and tool.annotations.read_only_hint
    # each answer is the demo's data, as the CLI's --json prints it
    hugo = answers["find"]["people"][0]
    assert hugo["name"].startswith("Hugo") and hugo["org"]
    show, printed = answers["show"], _cli_json(demo_db, "show", str(hugo["person_id"]))
    # the demo's "now" is its story day at the clock's time of day: the tie's decayed traces move
    # between two processes, its tier and reasons do not
    tie, printed_tie = show.pop("tie"), printed.pop("tie")
    assert show == printed and show["timeline"]
    assert {k: tie[k] for k in ("tier", "trend", "reasons")} == {
        k: printed_tie[k] for k in ("tier", "trend", "reasons")
    }
    assert _steady(answers["followups"]["followups"]) == _steady(expected_followups)
    assert all(f["draft"] for f in expected_followups)
    focus = answers["focus"]["focus"]
    assert len(focus) == 5 and focus[0]["score"] >= focus[-1]["score"]
    assert answers["health"]["verdict"] and answers["health"]["signs"]
    # the demo's calendar: a breakfast tomorrow, a mixer on the 4th, each with people the user knows
    brief, printed_brief = answers["brief"], _cli_json(demo_db, "brief")
    assert [m["title"] for m in brief["meetings"]] == [m["title"] for m in printed_brief["meetings"]]
    assert brief["start"] == "2026-03-01" and brief["end"] == "2026-03-02" and brief["meetings"]
    cards = [c for m in brief["meetings"] for c in m["cards"]]
    assert cards and all(c["name"] and c["tier"] for c in cards)
    assert any(c["last_contact"] and c["last_contact"]["at"] for c in cards)
    day = answers["brief_day"]
    assert day["start"] == day["end"] == "2026-03-04"
    assert all(m["start"].startswith("2026-03-04") for m in day["meetings"])
    assert answers["intro"]["target"] == focus[-1]["name"] and answers["intro"]["summary"]
    review = answers["review"]
    assert review["week"] == "2026-W09" and review["owner"] and review["focus"] and review["followups"]
    # a write is refused, says how to allow it, and stores nothing
    refused = answers["refused"]
    assert refused.is_error and refused.content[0].text == REFUSED.format(name="log_interaction")
    assert "--allow-writes" in refused.content[0].text
    assert _counts(demo_db) == before
    # a user error is a tool error the assistant can act on
    assert answers["unknown"].is_error and "no person matches" in answers["unknown"].content[0].text
    assert answers["bad"].is_error and "limit" in answers["bad"].content[0].text


def test_with_allow_writes_a_log_and_a_detail_are_stored(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    interactions_before, details_before = _counts(db)
    answers: dict[str, Any] = {}

    async def body(client: Client) -> None:
        listing = await client.list_tools()
        answers["listed"] = {t.name: t for t in listing.tools}
        answers["log"] = _data(
            await client.call_tool(
                "log_interaction",
                {
                    "channel": "call",
                    "people": ["Hugo Dimitrov"],
                    "at": "yesterday",
                    "minutes": 20,
                    "note": "seed deck",
                },
            )
        )
        answers["remember"] = _data(
            await client.call_tool(
                "remember_detail",
                {"person": "Hugo Dimitrov", "text": "runs the Berlin marathon in May", "kind": "passion"},
            )
        )
        answers["again"] = await client.call_tool(
            "remember_detail",
            {"person": "Hugo Dimitrov", "text": "runs the Berlin marathon in May", "kind": "passion"},
        )
        answers["future"] = await client.call_tool(
            "log_interaction", {"channel": "meeting", "people": ["Hugo Dimitrov"], "at": "2026-03-20"}
        )
        answers["show"] = _data(await client.call_tool("show_person", {"person": "Hugo Dimitrov"}))

    # the handshake an older client makes (initialize) is served too
    _session(_server(db, "--allow-writes"), body, mode="legacy")

    assert set(answers["listed"]) == READ_TOOLS | WRITE_TOOLS
    assert not answers["listed"]["log_interaction"].annotations.read_only_hint
    logged = answers["log"]
    assert logged["channel"] == "call" and logged["note"] == "seed deck" and logged["duration_s"] == 1200
    assert answers["remember"]["text"] == "runs the Berlin marathon in May"
    assert answers["again"].is_error and "already remembered" in answers["again"].content[0].text
    assert answers["future"].is_error and "future" in answers["future"].content[0].text
    assert _counts(db) == (interactions_before + 1, details_before + 1)
    show = answers["show"]
    assert "runs the Berlin marathon in May" in [d["text"] for d in show["details"]]
    assert show["timeline"][0]["id"] == logged["id"]


def test_every_argument_is_described_and_every_answer_has_a_valid_schema() -> None:
    from jsonschema import Draft202012Validator

    for tool in TOOLS:
        fields = tool.input_schema().get("properties", {})
        bare = [name for name, field in fields.items() if not field.get("description")]
        assert not bare, f"{tool.name}: arguments an assistant cannot read: {bare}"
        Draft202012Validator.check_schema(tool.output_schema())
    assert {t.name for t in TOOLS if t.write} == WRITE_TOOLS


def test_edges_answered_in_process(demo_db: Path) -> None:
    """What the assistant may get wrong, answered by the same function the server calls."""
    from innercircle.mcp.server import answer

    ws = Workspace(str(demo_db))
    try:
        nobody = answer(ws, "find_person", {"query": "zzqx-nobody"}, allow_writes=False)
        assert not nobody.is_error and nobody.structured_content == {"people": []}
        neither = answer(ws, "intro_path", {}, allow_writes=False)
        assert neither.is_error and "person to be introduced to" in neither.content[0].text  # type: ignore[union-attr]
        unknown = answer(ws, "delete_everyone", {}, allow_writes=True)
        assert unknown.is_error and "remember_detail" in unknown.content[0].text  # type: ignore[union-attr]
        extra = answer(ws, "health_signs", {"as_of": "2020-01-01"}, allow_writes=False)
        assert extra.is_error and "as_of" in extra.content[0].text  # type: ignore[union-attr]
        refused = answer(ws, "remember_detail", {"person": "1", "text": "x"}, allow_writes=False)
        assert refused.is_error and "--allow-writes" in refused.content[0].text  # type: ignore[union-attr]
        too_long = answer(ws, "meeting_brief", {"days": 40}, allow_writes=False)
        assert too_long.is_error and "days" in too_long.content[0].text  # type: ignore[union-attr]
    finally:
        ws.close()


def test_a_mistyped_database_path_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "network.db"
    r = CliRunner().invoke(app, ["--db", str(missing), "mcp"])
    assert r.exit_code == 1
    assert "no database at" in r.output and str(missing) in r.output.replace("\n", "")
    assert not missing.exists()
