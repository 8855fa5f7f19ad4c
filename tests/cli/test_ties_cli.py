"""`ties`, `pin`, `show` and `people --tier` through the CLI on a real SQLite file built with log/remember."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small network, built once per module with the real commands."""
    from innercircle.cli.main import app

    path = tmp_path_factory.mktemp("ties") / "network.db"
    runner = CliRunner()

    def cli(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--db", str(path), *args], catch_exceptions=False)

    _build(cli)
    return path


@pytest.fixture
def net(template: Path, db_path: Path, cli):  # type: ignore[no-untyped-def]
    """The CLI runner on a fresh copy of the small network."""
    shutil.copy(template, db_path)
    return cli


def _build(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com").exit_code == 0
    assert cli("add", "Grace Hopper", "--id", "Grace@Navy.example", "--org", "US Navy").exit_code == 0
    assert cli("add", "Alan Turing", "--id", "+44 20 7946 0958").exit_code == 0
    assert cli("add", "Bob Cold", "--id", "bob@cold.example").exit_code == 0
    assert cli("add", "Carol Quiet", "--id", "carol@quiet.example").exit_code == 0
    for day in ("2026-08-03", "2026-08-24", "2026-09-14", "2026-10-05", "2026-10-26", "2026-11-16"):
        assert cli("log", "meeting", "Grace Hopper", "--at", day, "--minutes", "60").exit_code == 0
    for day, by in (("2026-10-01", "them"), ("2026-10-20", "me"), ("2026-11-10", "them")):
        assert cli("log", "call", "Alan Turing", "--at", day, "--minutes", "20", "--by", by).exit_code == 0
    for day in ("2026-11-01", "2026-11-08", "2026-11-15"):
        assert cli("log", "email", "Bob Cold", "--at", day).exit_code == 0
    assert cli("log", "email", "Carol Quiet", "--at", "2025-01-10", "--by", "them").exit_code == 0
    assert cli("add", "Dana New", "--id", "dana@new.example").exit_code == 0
    assert cli("log", "email", "Dana New", "--at", "2026-10-30", "--by", "them").exit_code == 0
    assert cli("remember", "Dana New", "an intro to a seed investor", "--kind", "ask").exit_code == 0
    # Frank (a friend) works at Acme with Eve, whom the user has never met; Yan works at a far-away firm
    assert cli("add", "Frank Bridge", "--org", "Acme").exit_code == 0
    assert cli("add", "Eve Target", "--org", "Acme", "--id", "eve@acme.example").exit_code == 0
    assert cli("add", "Yan Far", "--org", "Faraway Ltd").exit_code == 0
    for day in ("2026-10-10", "2026-11-12"):
        assert (
            cli("log", "meeting", "Frank Bridge", "Grace Hopper", "--at", day, "--minutes", "30").exit_code
            == 0
        )
    assert cli("remember", "Grace Hopper", "daughter starts university in October").exit_code == 0


def _ties(cli, *args: str) -> list[dict]:  # type: ignore[no-untyped-def]
    r = cli("ties", "--json", "--as-of", "2026-11-20", *args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_ties_json_contract(net) -> None:  # type: ignore[no-untyped-def]
    cli = net
    rows = _ties(cli)
    by_name = {r["name"]: r for r in rows}
    assert {"Grace Hopper", "Alan Turing", "Bob Cold", "Carol Quiet", "Dana New"} <= set(by_name)
    for r in rows:
        assert {"person_id", "name", "identities", "strength", "tier", "last_contact", "components"} <= set(r)
        assert 0.0 <= r["strength"] <= 1.0
    assert "grace@navy.example" in by_name["Grace Hopper"]["identities"]
    assert "+442079460958" in by_name["Alan Turing"]["identities"]
    assert [r["strength"] for r in rows] == sorted((r["strength"] for r in rows), reverse=True)
    # regular meetings beat a one-way mail stream and a single old mail
    assert by_name["Grace Hopper"]["strength"] > by_name["Bob Cold"]["strength"]
    assert by_name["Bob Cold"]["components"]["reciprocity"] == 0.0
    assert by_name["Carol Quiet"]["strength"] < by_name["Alan Turing"]["strength"]
    assert by_name["Grace Hopper"]["last_contact"].startswith("2026-11-16")


def test_as_of_ignores_later_interactions(net) -> None:  # type: ignore[no-untyped-def]
    cli = net
    early = {r["name"]: r for r in json.loads(cli("ties", "--json", "--as-of", "2026-09-01").stdout)}
    assert early["Alan Turing"]["last_contact"] is None
    assert early["Grace Hopper"]["last_contact"].startswith("2026-08-24")
    assert cli("ties", "--json", "--limit", "2", "--as-of", "2026-11-20").stdout.count('"person_id"') == 2


def test_pin_and_closeness_change_tier(net) -> None:  # type: ignore[no-untyped-def]
    cli = net
    assert cli("pin", "Carol Quiet", "inner", "--closeness", "0.9", "--cadence", "30").exit_code == 0
    carol = next(r for r in _ties(cli) if r["name"] == "Carol Quiet")
    assert carol["tier"] == "inner"
    assert carol["strength"] >= 0.9
    assert carol["components"]["closeness"] == 0.9
    inner = json.loads(cli("people", "--tier", "inner", "--json").stdout)
    assert "Carol Quiet" in {p["name"] for p in inner}
    assert [r["name"] for r in _ties(cli, "--tier", "inner")].count("Carol Quiet") == 1
    assert cli("pin", "Carol Quiet", "none").exit_code == 0
    assert next(r for r in _ties(cli) if r["name"] == "Carol Quiet")["components"]["closeness"] == 0.9


def test_show_json_has_tie_with_reasons(net) -> None:  # type: ignore[no-untyped-def]
    cli = net
    data = json.loads(cli("show", "Grace Hopper", "--json", "--as-of", "2026-11-20").stdout)
    tie = data["tie"]
    assert tie["half_life_days"] > 0
    assert tie["reasons"] and tie["components"]["reciprocity"] == 1.0
    assert tie["tier"] in ("inner", "close", "active", "known", "tail")
    text = cli("show", "Grace Hopper").stdout
    assert "tie strength" in text


def _followups(cli, *args: str) -> list[dict]:  # type: ignore[no-untyped-def]
    r = cli("followups", "--json", *args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_followups_due_new_and_marks(net) -> None:  # type: ignore[no-untyped-def]
    cli = net
    items = _followups(cli, "--as-of", "2026-12-20")
    kinds = {(f["name"], f["kind"]) for f in items}
    assert ("Dana New", "new") in kinds
    dana = next(f for f in items if f["name"] == "Dana New" and f["kind"] == "new")
    assert "14 days" in dana["reason"]
    assert dana["draft"].startswith("Hi Dana,") and "seed investor" in dana["draft"]
    grace = next(f for f in items if f["name"] == "Grace Hopper")
    assert grace["kind"] in ("due", "overdue", "cooling")
    assert "daughter starts university" in grace["draft"]
    assert all(f["reason"] and f["draft"] for f in items)
    assert all(f["draft"].endswith("Best,\nAda") for f in items)  # signed with the owner's first name
    # as of a moment before Dana wrote, she is not there
    assert "Dana New" not in {f["name"] for f in _followups(cli, "--as-of", "2026-10-29")}
    assert cli("followups", "done", "Dana New").exit_code == 0
    assert cli("followups", "snooze", "Grace Hopper", "--days", "30").exit_code == 0
    names = {f["name"] for f in _followups(cli)}
    assert "Dana New" not in names and "Grace Hopper" not in names
    assert cli("followups", "snooze", "Grace Hopper", "--days", "0").exit_code == 1
    assert "follow-ups as of" in cli("followups", "--as-of", "2027-06-01").stdout


def test_intro_paths_evidence_and_no_warm_path(net) -> None:  # type: ignore[no-untyped-def]
    cli = net
    r = cli("intro", "Eve Target", "--json", "--as-of", "2026-11-20")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["found"] and data["warm"] and data["paths"] and data["paths"][0]["warm"]
    best = data["paths"][0]
    assert best["names"][-2:] == ["Frank Bridge", "Eve Target"]
    assert best["hops"][-1]["evidence"] == ["both at Acme"]
    assert 0 < best["strength"] <= min(h["strength"] for h in best["hops"])
    assert best["hops"][0]["evidence"][0].startswith("your ")  # the user's own tie to Frank
    by_org = json.loads(cli("intro", "--org", "acme", "--json", "--as-of", "2026-11-20").stdout)
    assert by_org["found"] and by_org["target"] == "Acme"
    # an organization's exact name given as the target reads as --org (no person is called "Acme")
    named = json.loads(cli("intro", "ACME", "--json", "--as-of", "2026-11-20").stdout)
    assert named["target"] == "Acme" and named["paths"] == by_org["paths"]
    far = json.loads(cli("intro", "Yan Far", "--json").stdout)
    assert not far["found"] and "no warm path" in far["summary"]
    unknown = json.loads(cli("intro", "someone@acme.example", "--json").stdout)
    assert not unknown["found"] and {c["name"] for c in unknown["closest"]} == {"Eve Target"}
    assert "no warm path" in cli("intro", "--org", "Nowhere Inc").stdout
    assert "path strength" in cli("intro", "eve@acme.example").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pin", "Grace Hopper", "bestie"), "unknown tier"),
        (("pin", "Grace Hopper", "--closeness", "3"), "between 0 and 1"),
        (("pin", "Grace Hopper"), "nothing to change"),
        (("pin", "Nobody Atall", "inner"), "no person matches"),
        (("ties", "--tier", "bestie"), "unknown tier"),
        (("ties", "--as-of", "someday"), "not a date"),
        (("intro",), "give a person"),
        (("intro", "Nobody Atall"), "no person matches"),
    ],
)
def test_bad_input_is_one_line(net, args, message) -> None:  # type: ignore[no-untyped-def]
    r = net(*args)
    assert r.exit_code == 1
    assert message in r.stderr
    assert "Traceback" not in r.output


def test_a_path_through_a_faded_tie_is_cold_not_warm(net) -> None:  # type: ignore[no-untyped-def]
    cli = net
    # Walt (a few mails, silent since July) works at Quiet Labs with Quinn, whom the user wants to reach
    assert cli("add", "Walt Faded", "--org", "Quiet Labs", "--id", "walt@quiet.example").exit_code == 0
    assert cli("add", "Quinn Goal", "--org", "Quiet Labs").exit_code == 0
    for day, by in (("2026-06-02", "them"), ("2026-06-20", "me"), ("2026-07-08", "them")):
        assert cli("log", "email", "Walt Faded", "--at", day, "--by", by).exit_code == 0
    data = json.loads(cli("intro", "Quinn Goal", "--json", "--as-of", "2026-11-20").stdout)
    assert data["found"] and not data["warm"]
    best = data["paths"][0]
    assert best["names"] == ["Ada Lovelace", "Walt Faded", "Quinn Goal"] and not best["warm"]
    first, second = best["hops"]
    assert not first["warm"] and first["trend"] == "cooling" and first["days_silent"] == 134
    assert first["last_contact"].startswith("2026-07-08") and second["warm"]
    assert data["summary"].startswith("no warm path to Quinn Goal yet; a cold path you could warm up first: ")
    assert "your active tie with Walt Faded is cooling" in data["summary"]  # kept while it cools
    assert "last contact 2026-07-08, 134 days ago" in data["summary"]
    text = cli("intro", "Quinn Goal", "--as-of", "2026-11-20").stdout
    assert (
        "no warm path" in text
        and "cold" in text
        and "warm path to" not in text.replace("no warm path to", "")
    )


def test_review_intros_are_the_intro_commands_paths(net) -> None:  # type: ignore[no-untyped-def]
    cli = net
    goal = ("goal", "add", "Sell to Acme", "--org", "Acme", "--org", "Faraway Ltd", "--org", "Nowhere Inc")
    assert cli(*goal).exit_code == 0
    review = json.loads(cli("review", "--json", "--as-of", "2026-11-20").stdout)
    got = {i["target"]: i for i in review["intros"]}
    assert set(got) == {"Acme", "Faraway Ltd", "Nowhere Inc"}
    assert all(i["goal"] == "Sell to Acme" for i in got.values())
    for org in ("Acme", "Faraway Ltd", "Nowhere Inc"):
        same = json.loads(cli("intro", "--org", org, "--json", "--as-of", "2026-11-20").stdout)
        item = got[org]
        assert (item["found"], item["summary"], item["paths"]) == (
            same["found"],
            same["summary"],
            same["paths"],
        )
        assert item["people"] == len(same["target_ids"])
    assert got["Acme"]["found"] and got["Acme"]["paths"][0]["hops"][0]["evidence"]
    assert not got["Faraway Ltd"]["found"] and got["Faraway Ltd"]["closest"][0]["name"] == "Yan Far"
    assert "nobody there" in got["Nowhere Inc"]["summary"] and got["Nowhere Inc"]["people"] == 0


def test_done_clears_a_birthday_until_next_year(cli) -> None:  # type: ignore[no-untyped-def]
    today = datetime.now(UTC).date()
    soon = today + timedelta(days=3)
    assert cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com").exit_code == 0
    assert cli("add", "Grace Hopper", "--id", "grace@navy.example").exit_code == 0
    assert cli("log", "meeting", "Grace Hopper", "--at", str(today - timedelta(days=2))).exit_code == 0
    on = soon.replace(year=1992)  # a leap year: any day of the year exists
    assert cli("remember", "Grace Hopper", "birthday", "--kind", "birthday", "--on", str(on)).exit_code == 0

    def birthdays(*args: str) -> list[dict]:  # type: ignore[type-arg]
        return [f for f in _followups(cli, *args) if f["kind"] == "birthday"]

    due = birthdays()
    assert [f["due"] for f in due] == [str(soon)]
    assert cli("followups", "done", "Grace Hopper").exit_code == 0
    assert birthdays() == []  # marked done: it no longer shows this year
    a_year_on = today + timedelta(days=366)  # the next birthday is 2 or 3 days away then
    assert [f["kind"] for f in birthdays("--as-of", str(a_year_on))] == ["birthday"]  # next year again


def test_a_close_friend_going_quiet_is_a_warm_first_hop_to_reconnect_with(net) -> None:  # type: ignore[no-untyped-def]
    cli = net
    # Wendy, weekly mails in June then silent since July (cooling), works at Harbor Co with Hal
    assert cli("add", "Wendy Friend", "--org", "Harbor Co", "--id", "wendy@harbor.example").exit_code == 0
    assert cli("add", "Hal Target", "--org", "Harbor Co").exit_code == 0
    for n, day in enumerate(("2026-06-03", "2026-06-10", "2026-06-17", "2026-06-24", "2026-07-01")):
        assert cli("log", "email", "Wendy Friend", "--at", day, "--by", ("me", "them")[n % 2]).exit_code == 0

    def best() -> dict:  # type: ignore[type-arg]
        data = json.loads(cli("intro", "Hal Target", "--json", "--as-of", "2026-11-20").stdout)
        assert data["paths"][0]["names"] == ["Ada Lovelace", "Wendy Friend", "Hal Target"]
        return data  # type: ignore[no-any-return]

    cold = best()
    assert not cold["warm"] and cold["paths"][0]["hops"][0]["trend"] == "cooling"
    assert cold["paths"][0]["hops"][0]["note"] is None
    # the user's own word: Wendy is close. Warm enough to ask, but reconnect first
    assert cli("pin", "Wendy Friend", "--closeness", "0.9").exit_code == 0
    data = best()
    first = data["paths"][0]["hops"][0]
    assert data["warm"] and first["warm"] and first["trend"] == "cooling"
    # the same count of days as the tie's own reason (one rounding for both)
    shown = json.loads(cli("show", "Wendy Friend", "--json", "--as-of", "2026-11-20").stdout)
    assert any("silent 142 days" in r for r in shown["tie"]["reasons"]), shown["tie"]["reasons"]
    assert first["note"] == "cooling: last contact 142 days ago — reconnect before asking"
    assert data["summary"].startswith("warm path to Hal Target: Ada Lovelace →(0.90) Wendy Friend (cooling: ")
    text = cli("intro", "Hal Target", "--as-of", "2026-11-20").stdout
    assert "Wendy Friend (cooling: last contact 142 days ago — reconnect before asking)" in text
    # a pin to a close tier says the same; a pin to 'known' does not
    assert cli("pin", "Wendy Friend", "known", "--closeness", "0.1").exit_code == 0
    assert not best()["warm"]
    assert cli("pin", "Wendy Friend", "close").exit_code == 0
    pinned = best()
    assert pinned["warm"] and "reconnect before asking" in pinned["summary"]


def test_someone_who_wrote_and_got_no_answer_is_a_reply(net) -> None:  # type: ignore[no-untyped-def]
    cli = net
    # Dana wrote on 30 October; the user never answered
    items = _followups(cli, "--as-of", "2026-11-20")
    dana = [f for f in items if f["name"] == "Dana New"]
    assert [f["kind"] for f in dana] == ["reply"]
    assert dana[0]["reason"] == (
        "reply: they reached out 1 time and you have not answered (their last message 20 days ago)"
    )
    assert dana[0]["draft"].startswith("Hi Dana,\n\nThank you for getting in touch")
    focus = json.loads(cli("focus", "--json", "--limit", "50", "--as-of", "2026-11-20").stdout)
    mine = next(i for i in focus if i["name"] == "Dana New")
    assert mine["why_now"] == "reply" and mine["reasons"][0].startswith("reply: they reached out 1 time")
    assert "reply: they reached out 1 time" in cli("focus", "--as-of", "2026-11-20").stdout
    # once the user writes back, nothing is waiting
    assert cli("log", "email", "Dana New", "--at", "2026-11-15").exit_code == 0
    assert not [f for f in _followups(cli, "--as-of", "2026-11-20") if f["kind"] == "reply"]
    focus = json.loads(cli("focus", "--json", "--limit", "50", "--as-of", "2026-11-20").stdout)
    assert next(i for i in focus if i["name"] == "Dana New")["why_now"] != "reply"
