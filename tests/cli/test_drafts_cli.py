"""Drafts through the CLI on a real SQLite file: remembered details and the last real subject or event."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

# `remember` stamps a detail with the clock, and a draft never uses a detail remembered after its "now":
# the story is told relative to today (the tests pin TZ=UTC, the owner's zone)
TODAY = datetime.now(UTC).date()


def _day(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


def _said(d: date) -> str:
    """A day as drafts say it."""
    return f"{d.day} {d:%B}" + ("" if d.year == TODAY.year else f" {d.year}")


def _mail(sender: str, to: str, subject: str, days_ago: int, mid: str) -> str:
    at = datetime.combine(_day(days_ago), datetime.min.time(), UTC).replace(hour=10)
    return (
        f"From x {at:%a %b %d %H:%M:%S %Y}\nFrom: {sender}\nTo: {to}\nSubject: {subject}\n"
        f"Date: {format_datetime(at)}\n"
        f"Message-ID: <{mid}@example.com>\n\nHello\n\n"
    )


def _drafts(cli, name: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    r = cli("followups", "--json")
    assert r.exit_code == 0, r.output
    return {f["kind"]: f["draft"] for f in json.loads(r.stdout) if f["name"] == name}


def test_drafts_use_remembered_details_and_the_last_real_subject(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok = [
        cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com"),
        cli("add", "Grace Hopper", "--id", "grace@navy.example"),
        cli(
            "log", "meeting", "Grace Hopper", "--at", _day(20).isoformat(), "--minutes", "45",
            "--note", "wants intros to EU labs",
        ),
        cli("remember", "Grace Hopper", "daughter starts university in October"),
    ]  # fmt: skip
    assert all(r.exit_code == 0 for r in ok), [r.output for r in ok if r.exit_code]
    # a meeting logged by hand: the draft names the meeting by its day, never the note as a topic
    drafts = _drafts(cli, "Grace Hopper")
    assert drafts, "Grace is a new contact not followed up: a follow-up is due"
    for text in drafts.values():
        assert "EU labs" not in text and "“" not in text
        assert "You mentioned: daughter starts university in October — how is that going?" in text
    assert f"It was great to meet you on {_said(_day(20))}." in drafts["new"]
    # she then wrote about a real subject; her out-of-office answer afterwards is not one
    box = tmp_path / "mail.mbox"
    box.write_text(
        _mail("Grace Hopper <grace@navy.example>", "ada@example.com", "Re: Grid pilot data", 10, "a")
        + _mail("grace@navy.example", "ada@example.com", "Automatic reply: Grid pilot data", 9, "b")
    )  # fmt: skip
    r = cli("import", str(box), "--me", "ada@example.com")
    assert r.exit_code == 0, r.output
    drafts = _drafts(cli, "Grace Hopper")
    assert "Thank you for your note about “Grid pilot data”" in drafts["reply"]
    assert "You mentioned: daughter starts university in October — how is that going?" in drafts["reply"]
    assert "EU labs" not in drafts["reply"] and "Automatic" not in drafts["reply"]


def test_a_draft_names_the_event_both_attended(cli) -> None:  # type: ignore[no-untyped-def]
    ok = [
        cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com"),
        cli("event", "add", "PyData Berlin", "--at", f"{_day(6).isoformat()}T18:30", "--hours", "3"),
        cli("event", "review", "PyData Berlin", "--rating", "4", "--met", "Alan Turing"),
        cli("remember", "Alan Turing", "Marathon in Berlin", "--kind", "passion"),
    ]
    assert all(r.exit_code == 0 for r in ok), [r.output for r in ok if r.exit_code]
    drafts = _drafts(cli, "Alan Turing")
    assert f"It was great to meet you at PyData Berlin on {_said(_day(6))}." in drafts["new"]
    assert "I hope you are still finding time for marathon in Berlin." in drafts["new"]
