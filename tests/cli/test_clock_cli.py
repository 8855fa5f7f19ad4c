"""One clock: every time the CLI prints is on the owner's clock (``budget set --timezone``) and says so.

An event added at 18:30 in Berlin prints 18:30 (not 17:30, the UTC it is stored as) in the echo, the
triage, the timeline, the review and its HTML page; machine output carries the owner's offset."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest


@pytest.fixture
def berlin(cli):  # type: ignore[no-untyped-def]
    """A fresh database whose owner lives in Berlin, with one person."""
    assert cli("init", "--name", "Ada").exit_code == 0
    assert cli("budget", "set", "--timezone", "Europe/Berlin").exit_code == 0
    assert cli("add", "Grace Hopper").exit_code == 0
    return cli


def test_an_interaction_logged_at_1830_prints_1830_everywhere(berlin) -> None:  # type: ignore[no-untyped-def]
    logged = berlin("log", "meeting", "Grace Hopper", "--at", "2026-12-01T18:30")
    assert "at 2026-12-01 18:30 CET" in logged.stdout
    shown = berlin("show", "Grace Hopper").stdout
    assert "times in Europe/Berlin" in shown and re.search(r"2026-12-01 18:30 #\d+ meeting", shown)
    assert "17:30" not in shown
    data = json.loads(berlin("show", "Grace Hopper", "--json").stdout)
    at = data["timeline"][0]["at"]
    assert at == "2026-12-01T18:30:00+01:00"  # machine output: the owner's offset, the same instant
    assert datetime.fromisoformat(at) == datetime(2026, 12, 1, 17, 30, tzinfo=UTC)


def test_an_event_at_1830_is_1830_in_triage_review_and_html(berlin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    added = berlin("event", "add", "Meetup", "--at", "2026-12-20T18:30", "--hours", "2")
    assert "on 2026-12-20 18:30 CET" in added.stdout
    triage = berlin("event", "triage", "--as-of", "2026-12-10").stdout
    assert "times in Europe/Berlin" in triage and "2026-12-20 18:30" in triage and "17:30" not in triage
    review = berlin("review", "--as-of", "2026-12-10").stdout
    assert "2026-12-20 18:30  Meetup" in review and "17:30" not in review
    page = tmp_path / "review.html"
    assert berlin("review", "--as-of", "2026-12-10", "--html", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "2026-12-20 18:30 CET" in html and "17:30" not in html
    # the as-of moment is the start of the owner's day: midnight in Berlin, said as such
    assert "as of 2026-12-10 00:00 CET" in html


def test_as_of_echo_is_the_owners_midnight(berlin) -> None:  # type: ignore[no-untyped-def]
    echo = berlin("ties", "--as-of", "2026-07-01").stdout
    assert "as of 2026-07-01 00:00 CEST" in echo  # summer time: the label follows the date
    assert "2026-06-30 22:00" not in echo


def test_a_utc_owner_is_told_it_is_utc(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada").exit_code == 0
    assert cli("budget", "set", "--timezone", "UTC").exit_code == 0
    assert cli("add", "Grace Hopper").exit_code == 0
    assert "at 2026-12-01 18:30 UTC" in cli("log", "call", "Grace Hopper", "--at", "2026-12-01T18:30").stdout
