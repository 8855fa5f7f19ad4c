"""`event import`: a calendar of events to attend becomes events for triage (real Outlook .ics sample)."""

from __future__ import annotations

import json

from tests.conftest import SAMPLES, needs_samples

OUTLOOK = SAMPLES / "biweekly/src/test/resources/biweekly/io/text/outlook-2010.ics"


@needs_samples()
def test_event_import_makes_a_triageable_event_with_its_attendees(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada Lovelace", "--me", "janedoe@example.com").exit_code == 0
    res = cli("event", "import", str(OUTLOOK), "--json")
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["files"][0]["format"] == "ics-events"
    assert summary["totals"]["events"] == 1 and summary["totals"].get("interactions", 0) == 0
    # a meeting with attendees is an event to triage here, not a meeting the user had
    triage = json.loads(cli("event", "triage", "--as-of", "2013-06-01", "--json").stdout)
    assert [t["title"] for t in triage] == ["Team Meeting"]
    people = {p["name"] for p in json.loads(cli("people", "--json").stdout)}
    assert "John Doe" in people or "Doe, John" in people  # who will be there is kept
    assert not any(
        "Jane" in name for name in people if name != "Ada Lovelace"
    )  # the owner is not an attendee
    again = json.loads(cli("event", "import", str(OUTLOOK), "--json").stdout)
    assert again["files"][0]["already_imported"] is True
    assert len(json.loads(cli("event", "triage", "--as-of", "2013-06-01", "--json").stdout)) == 1


@needs_samples()
def test_plain_import_keeps_the_same_file_a_meeting(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada Lovelace", "--me", "janedoe@example.com").exit_code == 0
    summary = json.loads(cli("import", str(OUTLOOK), "--json").stdout)
    assert summary["files"][0]["format"] == "ics"
    assert summary["totals"]["interactions"] == 1 and summary["totals"].get("events", 0) == 0


def test_event_import_refuses_a_file_that_is_not_a_calendar(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "agenda.ics"
    bad.write_text("SUMMARY:not a calendar\n", encoding="utf-8")
    res = cli("event", "import", str(bad))
    assert res.exit_code == 1 and "agenda.ics" in res.output
    assert json.loads(cli("event", "triage", "--json").stdout) == []
