"""The foundation commands through the CLI, against a real SQLite file."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from innercircle.services import Workspace
from innercircle.services.export import export_json


def _setup(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com").exit_code == 0
    assert cli("add", "Grace Hopper", "--id", "grace@navy.example", "--org", "US Navy").exit_code == 0
    assert cli("add", "Grace Kelly", "--id", "+1 415 555 0100").exit_code == 0
    assert cli("add", "Charles Babbage", "--title", "Engineer").exit_code == 0


def _snapshot(db_path) -> dict:  # type: ignore[no-untyped-def]
    ws = Workspace(str(db_path))
    try:
        with ws.read() as tx:
            return export_json(tx).model_dump()
    finally:
        ws.close()


def test_log_remember_show_roundtrip(cli, db_path) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    r = cli(
        "log",
        "meeting",
        "Grace Hopper",
        "--minutes",
        "45",
        "--note",
        "wants intros to EU labs",
        "--at",
        "2026-11-20T10:00",
    )
    assert r.exit_code == 0, r.output
    assert cli("log", "call", "grace@navy.example", "--by", "them", "--at", "2026-11-21").exit_code == 0
    assert cli("remember", "Hopper", "daughter starts university in October").exit_code == 0
    r = cli("show", "grace@navy.example", "--json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["name"] == "Grace Hopper"
    assert data["org"] == "US Navy"
    assert [i["value"] for i in data["identities"]] == ["grace@navy.example"]
    assert [d["text"] for d in data["details"]] == ["daughter starts university in October"]
    tl = data["timeline"]
    assert [(t["channel"], t["direction"]) for t in tl] == [("call", "in"), ("meeting", "out")]
    assert tl[1]["duration_s"] == 45 * 60
    assert tl[1]["note"] == "wants intros to EU labs"


def test_show_as_of_hides_later_interactions(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    cli("log", "call", "Babbage", "--at", "2026-01-10")
    cli("log", "call", "Babbage", "--at", "2026-03-10")
    data = json.loads(cli("show", "Babbage", "--json", "--as-of", "2026-02-01").stdout)
    assert [t["at"][:10] for t in data["timeline"]] == ["2026-01-10"]


def test_people_json_lists_everyone_but_me(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    data = json.loads(cli("people", "--json").stdout)
    assert sorted(p["name"] for p in data) == ["Charles Babbage", "Grace Hopper", "Grace Kelly"]
    phone = next(p for p in data if p["name"] == "Grace Kelly")["identities"][0]
    assert phone["kind"] == "phone" and phone["value"] == "+14155550100"
    assert len(json.loads(cli("people", "--json", "--limit", "1").stdout)) == 1


def test_person_found_by_id_email_phone_and_fuzzy_name(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    assert json.loads(cli("show", "2", "--json").stdout)["name"] == "Grace Hopper"
    assert json.loads(cli("show", "+14155550100", "--json").stdout)["name"] == "Grace Kelly"
    assert json.loads(cli("show", "Charles Babage", "--json").stdout)["name"] == "Charles Babbage"


def test_ambiguous_name_lists_candidates(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    r = cli("show", "Grace")
    assert r.exit_code != 0
    assert "Grace Hopper" in r.stderr and "Grace Kelly" in r.stderr
    assert "Traceback" not in r.output


@pytest.mark.parametrize(
    "args, message",
    [
        (("log", "meeting", "Nobody Atall"), "no person matches"),
        (("log", "meeting", "Babbage", "--at", "2026-02-30"), "not a date"),
        (("log", "teleport", "Babbage"), "unknown channel"),
        (("log", "meeting", "Babbage", "--note", "  "), "empty note"),
        (("remember", "Babbage", ""), "empty detail"),
        (("remember", "Nobody Atall", "likes tea"), "no person matches"),
        (("goal", "add", " "), "empty goal"),
        (("goal", "add", "Raise", "--outcome", "riches"), "unknown outcome kind"),
        (("goal", "add", "Raise", "--due", "someday"), "not a date"),
        (("goal", "done", "99"), "no goal with id 99"),
        (("outcome", "add", "funding", "Nobody Atall"), "no person matches"),
        (("outcome", "add", "riches", "Babbage"), "unknown outcome kind"),
        (("favor", "gave", "Babbage", ""), "empty favour"),
        (("event", "add", "", "--at", "2026-12-01"), "empty event title"),
        (("event", "add", "Meetup", "--at", "tomorrowish"), "not a date"),
        (("add", "Someone", "--id", "grace@navy.example"), "already belongs"),
    ],
)
def test_bad_input_is_one_line_nonzero_and_writes_nothing(cli, db_path, args, message) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    before = _snapshot(db_path)
    r = cli(*args)
    assert r.exit_code != 0
    assert message in r.stderr
    assert "Traceback" not in r.output
    assert len(r.stderr.strip().splitlines()) == 1
    assert _snapshot(db_path) == before


def test_goals_events_favours_outcomes(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    assert (
        cli(
            "goal",
            "add",
            "Raise a seed round",
            "--role",
            "investor",
            "--outcome",
            "funding",
            "--due",
            "2027-06-30",
        ).exit_code
        == 0
    )
    goals = json.loads(cli("goal", "list", "--json").stdout)
    assert goals[0]["roles"] == ["investor"] and goals[0]["due"] == "2027-06-30"
    assert (
        cli(
            "event",
            "add",
            "AI founders meetup",
            "--at",
            "2026-12-03T18:30",
            "--hours",
            "3",
            "--topic",
            "ai",
            "--attendee",
            "Babbage",
        ).exit_code
        == 0
    )
    assert cli("favor", "gave", "Hopper", "introduced her to the EU lab").exit_code == 0
    assert cli("favor", "received", "Hopper", "reviewed my deck").exit_code == 0
    r = cli("outcome", "add", "funding", "Hopper", "--goal", "seed", "--event", "founders", "--note", "angel")
    assert r.exit_code == 0, r.output
    data = json.loads(cli("export", "--format", "json").stdout)["tables"]
    assert len(data["favors"]) == 2
    assert data["outcomes"][0]["goal_id"] == goals[0]["id"]
    assert data["outcomes"][0]["event_id"] == data["events"][0]["id"]
    assert data["event_attendees"][0]["person_id"] == 4
    assert cli("goal", "done", "seed").exit_code == 0
    assert json.loads(cli("goal", "list", "--json").stdout) == []
    assert len(json.loads(cli("goal", "list", "--json", "--all").stdout)) == 1


def test_every_command_has_an_example(cli) -> None:  # type: ignore[no-untyped-def]
    import typer.main

    from innercircle.cli.main import app

    group = typer.main.get_command(app)

    def walk(cmd, path):  # type: ignore[no-untyped-def]
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                yield from walk(sub, [*path, name])
        else:
            yield path, cmd

    missing = [" ".join(p) for p, c in walk(group, []) if "Example:" not in (c.help or "")]
    assert missing == []
    top = cli("--help").output
    names = list(group.commands)  # type: ignore[attr-defined]
    assert top.count("e.g. innercircle") == len(names), "every command in --help shows an example"


def test_log_reads_times_on_the_owners_clock(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    assert cli("budget", "set", "--timezone", "Asia/Tokyo").exit_code == 0
    r = cli("log", "call", "Grace Hopper", "--at", "2026-03-02T08:30")
    assert r.exit_code == 0, r.output
    data = json.loads(cli("show", "Grace Hopper", "--json").stdout)
    # 08:30 in Tokyo, printed on the owner's clock: the same instant as 23:30 UTC the day before
    assert data["timeline"][0]["at"] == "2026-03-02T08:30:00+09:00"
    assert datetime.fromisoformat(data["timeline"][0]["at"]) == datetime(2026, 3, 1, 23, 30, tzinfo=UTC)


def test_as_of_starts_at_the_owners_midnight(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    assert cli("budget", "set", "--timezone", "Asia/Tokyo").exit_code == 0
    # 2 March 08:30 in Tokyo is 1 March 23:30 UTC: before Tokyo's 3 March, after Tokyo's 2 March begins
    assert cli("log", "call", "Grace Hopper", "--at", "2026-03-02T08:30").exit_code == 0

    def last(day: str) -> object:
        rows = json.loads(cli("ties", "--json", "--as-of", day).stdout)
        return next(r for r in rows if r["name"] == "Grace Hopper")["last_contact"]

    assert last("2026-03-03") == "2026-03-02T08:30:00+09:00"  # 1 March 23:30 UTC, on Tokyo's clock
    assert last("2026-03-02") is None  # Tokyo's 2 March starts at 1 March 15:00 UTC, before the call
