"""Event triage through the CLI on a real SQLite file: the budget in date order, travel time shown."""

from __future__ import annotations

import json
from pathlib import Path

CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:late@test
DTSTART:20261020T170000Z
DTEND:20261020T190000Z
SUMMARY:Climate investors night
CATEGORIES:climate,fundraising
END:VEVENT
BEGIN:VEVENT
UID:early@test
DTSTART:20261006T170000Z
DTEND:20261006T190000Z
SUMMARY:Fundraising breakfast
CATEGORIES:fundraising
END:VEVENT
END:VCALENDAR
"""


def test_triage_counts_the_budget_in_date_order_with_travel(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ics = tmp_path / "events.ics"
    ics.write_text(CALENDAR)
    ok = [
        cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com"),
        cli(
            "goal",
            "add",
            "Raise a seed round",
            "--role",
            "investor",
            "--tag",
            "climate",
            "--tag",
            "fundraising",
        ),
        cli("budget", "set", "--hours-per-week", "5", "--events-per-month", "1"),
        cli("event", "import", str(ics)),
    ]
    assert all(r.exit_code == 0 for r in ok), [r.output for r in ok if r.exit_code]
    r = cli("event", "triage", "--json", "--as-of", "2026-10-01")
    assert r.exit_code == 0, r.output
    items = json.loads(r.stdout)
    assert [i["title"] for i in items] == ["Fundraising breakfast", "Climate investors night"]
    early, late = items
    for i in items:  # two hours from start to end, and the hour of travel event_hours adds
        assert i["hours"] == 3 and i["travel_hours"] == 1
        assert any(x.startswith("2 h + 1 h travel against") for x in i["reasons"])
    # the earlier event took the month's one event: the later one cannot have it, however good
    assert late["score"] >= early["score"]
    assert early["decision"] == "attend" and early["month_events_left"] == 0
    assert early["week_hours_left"] == 2
    assert late["decision"] != "attend" and "over budget" in late["reasons"][0]
    assert any("1 of 1 events that month already" in x for x in late["reasons"])
    shown = cli("event", "triage", "--as-of", "2026-10-01").stdout
    assert "(2 h + 1 h travel)" in shown
