"""Strategy commands through the CLI on a small hand-built network (real SQLite file)."""

from __future__ import annotations

import json
import re

from innercircle.core.health import SIGNS

AS_OF = "2026-10-15"


def _setup(cli) -> None:  # type: ignore[no-untyped-def]
    ok = [
        cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com"),
        cli(
            "add",
            "Grace Hopper",
            "--id",
            "grace@vc.example",
            "--org",
            "Climate Ventures",
            "--title",
            "Partner",
        ),
        cli("add", "Bob Chef", "--title", "Chef", "--org", "Bistro"),
        cli("add", "Carol Smith", "--title", "Engineer", "--org", "Acme"),
        cli(
            "goal",
            "add",
            "Raise a seed round",
            "--role",
            "investor",
            "--tag",
            "climate",
            "--outcome",
            "funding",
        ),
        cli("budget", "set", "--hours-per-week", "4", "--events-per-month", "2"),
    ]
    for day in ("2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01"):
        ok.append(cli("log", "meeting", "Grace Hopper", "--minutes", "60", "--at", day))
        ok.append(cli("log", "email", "Carol Smith", "--at", day, "--by", "them"))
    ok.append(
        cli(
            "event",
            "add",
            "Climate investors night",
            "--at",
            "2026-10-20T18:30",
            "--hours",
            "3",
            "--topic",
            "climate",
            "--topic",
            "fundraising",
            "--attendee",
            "Grace Hopper",
        )
    )
    ok.append(
        cli(
            "event",
            "add",
            "Knitting circle",
            "--at",
            "2026-10-21T18:30",
            "--hours",
            "3",
            "--topic",
            "knitting",
        )
    )
    ok.append(
        cli(
            "event", "add", "Climate drinks", "--at", "2026-09-10T19:00", "--hours", "2", "--topic", "climate"
        )
    )
    assert all(r.exit_code == 0 for r in ok), [r.output for r in ok if r.exit_code]


def test_focus_ranks_goal_fit_with_reasons(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    r = cli("focus", "--json", "--as-of", AS_OF)
    assert r.exit_code == 0, r.output
    items = json.loads(r.stdout)
    assert items[0]["name"] == "Grace Hopper"
    assert any("investor" in reason for reason in items[0]["reasons"])
    assert "Bob Chef" not in [i["name"] for i in items]
    assert json.loads(cli("focus", "--json", "--limit", "1", "--as-of", AS_OF).stdout) == items[:1]


def test_prune_lists_then_archives_never_deletes(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    listed = json.loads(cli("prune", "--json").stdout)
    assert [i["name"] for i in listed] == ["Bob Chef"]
    assert cli("prune", "--apply").exit_code == 0
    people = {p["name"]: p for p in json.loads(cli("people", "--json").stdout)}
    archived = {p["name"]: p for p in json.loads(cli("people", "--archived", "--json").stdout)}
    assert "Bob Chef" not in people and archived["Bob Chef"]["archived"] is True
    assert people["Grace Hopper"]["archived"] is False and "Grace Hopper" not in archived
    assert json.loads(cli("prune", "--json").stdout) == []


def test_budget_and_bad_budget(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    shown = json.loads(cli("budget", "show", "--json").stdout)
    assert isinstance(shown.pop("timezone"), str)  # the machine's zone until one is set
    assert shown == {"hours_per_week": 4.0, "events_per_month": 2.0}
    r = cli("budget", "set")
    assert r.exit_code == 1 and "error" in r.output and "Traceback" not in r.output
    assert cli("budget", "set", "--hours-per-week", "-3").exit_code == 1


def test_event_triage_decide_and_review(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    r = cli("event", "triage", "--json", "--as-of", AS_OF)
    assert r.exit_code == 0, r.output
    items = {i["title"]: i for i in json.loads(r.stdout)}
    assert set(items) == {"Climate investors night", "Knitting circle"}
    assert items["Climate investors night"]["decision"] == "attend"
    assert items["Knitting circle"]["decision"] == "skip"
    assert all(i["reasons"] for i in items.values())
    assert cli("event", "skip", "Knitting").exit_code == 0
    again = {i["title"]: i for i in json.loads(cli("event", "triage", "--json", "--as-of", AS_OF).stdout)}
    assert again["Knitting circle"]["user_decision"] == "skip"
    r = cli(
        "event",
        "review",
        "Climate drinks",
        "--rating",
        "4",
        "--met",
        "Grace Hopper",
        "--met",
        "Dan New",
        "--json",
    )
    assert r.exit_code == 0, r.output
    ret = json.loads(r.stdout)
    assert sorted(ret["met_names"]) == ["Dan New", "Grace Hopper"]
    assert ret["rating"] == 4 and ret["hours"] == 2
    assert ret["followed_up_names"] == []  # the next meeting with Grace was 21 days later
    assert "Dan New" in [p["name"] for p in json.loads(cli("people", "--json").stdout)]
    assert cli("event", "review", "Climate drinks", "--rating", "9").exit_code == 1
    assert cli("event", "attend", "no such event").exit_code == 1


def test_health_signs_are_named_exactly(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    r = cli("health", "--json", "--as-of", AS_OF)
    assert r.exit_code == 0, r.output
    h = json.loads(r.stdout)
    assert [s["name"] for s in h["signs"]] == list(SIGNS)
    for s in h["signs"]:
        assert {"name", "value", "threshold", "alert_at", "worse", "insufficient", "status", "trend"} <= set(
            s
        )
        assert s["status"] in ("ok", "warning", "alert") and len(s["trend"]) in (0, 8)
    assert len(h["actions"]) == 3 and h["verdict"]


def test_review_json_html_and_reflect(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    page = tmp_path / "review.html"
    r = cli("review", "--json", "--as-of", AS_OF, "--html", str(page))
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert {"focus", "followups", "events", "health", "outcomes", "intros", "reflection"} <= set(data)
    assert all("reasons" in i for i in data["focus"])
    assert all("decision" in i and "reasons" in i for i in data["events"])
    assert len(data["reflection"]["questions"]) == 3
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") >= 4
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", html, re.I)
    assert "<script" not in html and "Grace Hopper" in html
    r = cli("review", "--reflect", "--as-of", AS_OF, input="Grace's intro\n\nCall Carol\n")
    assert r.exit_code == 0, r.output
    assert "Stored 2 reflection(s)" in r.output
    again = json.loads(cli("review", "--json", "--as-of", AS_OF).stdout)
    assert [a["answer"] for a in again["reflection"]["answers"]] == ["Grace's intro", "Call Carol"]
    assert cli("review", "--reflect", "--json").exit_code == 1


def test_review_prints_in_the_terminal(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    r = cli("review", "--as-of", AS_OF)
    assert r.exit_code == 0, r.output
    for heading in ("Weekly review", "Verdict", "Focus", "Events", "Health", "Outcomes", "Reflect"):
        assert heading in r.output


def _burnout(cli, as_of: str) -> str:  # type: ignore[no-untyped-def]
    signs = json.loads(cli("health", "--json", "--as-of", as_of).stdout)["signs"]
    return str(next(x for x in signs if x["name"] == "burnout")["explanation"])


def test_evenings_are_judged_in_the_owners_time_zone(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com").exit_code == 0
    assert cli("add", "Grace Hopper", "--org", "Climate Ventures").exit_code == 0
    # 19:30 in Berlin on a summer Wednesday is 17:30 UTC: an evening at home, an afternoon in UTC
    at = "2026-07-15T17:30:00+00:00"
    assert cli("log", "meeting", "Grace Hopper", "--at", at, "--minutes", "60").exit_code == 0
    assert cli("budget", "set", "--timezone", "UTC").exit_code == 0
    assert "0 of 1 h in the evening or at a weekend (UTC time)" in _burnout(cli, "2026-07-20")
    r = cli("budget", "set", "--timezone", "Europe/Berlin")
    assert r.exit_code == 0 and "time zone Europe/Berlin" in r.stdout
    assert json.loads(cli("budget", "show", "--json").stdout)["timezone"] == "Europe/Berlin"
    assert "1 of 1 h in the evening or at a weekend (Europe/Berlin time)" in _burnout(cli, "2026-07-20")
    bad = cli("budget", "set", "--timezone", "Mars/Olympus")
    assert bad.exit_code == 1 and "unknown time zone 'Mars/Olympus'" in bad.stderr
    assert json.loads(cli("budget", "show", "--json").stdout)["timezone"] == "Europe/Berlin"
