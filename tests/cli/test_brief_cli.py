"""``brief``: a meeting logged ahead for tomorrow, briefed on the owner's clock, as text and as JSON."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_meeting_logged_for_tomorrow_is_briefed_by_default(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada").exit_code == 0
    assert cli("budget", "set", "--timezone", "Europe/Berlin").exit_code == 0
    assert cli("add", "Grace Hopper").exit_code == 0
    assert cli("add", "Evil\x1b[31m [bold]Name").exit_code == 0
    assert cli("log", "email", "Grace Hopper", "--at", "yesterday", "--note", "compiler notes").exit_code == 0
    assert cli("remember", "Grace Hopper", "loves sailing", "--kind", "passion").exit_code == 0
    tomorrow = (datetime.now(BERLIN) + timedelta(days=1)).date()
    at = f"{tomorrow.isoformat()}T10:00"
    logged = cli("log", "meeting", "Grace Hopper", "Evil", "--at", at, "--future", "--note", "Compiler lunch")
    assert logged.exit_code == 0, logged.output

    text = cli("brief")
    assert text.exit_code == 0, text.output
    assert f"{tomorrow:%a %d %b} 10:00  Compiler lunch" in text.stdout  # the owner's clock
    assert "Grace Hopper" in text.stdout and "last contact:" in text.stdout and "(email, out)" in text.stdout
    assert "loves sailing" in text.stdout
    assert "\x1b" not in text.stdout and "[bold]Name" in text.stdout  # outside text prints as itself

    data = json.loads(cli("brief", "--json").stdout)
    (meeting,) = data["meetings"]
    assert (
        meeting["start"]
        == datetime.combine(tomorrow, datetime.min.time().replace(hour=10), BERLIN).isoformat()
    )
    grace = next(c for c in meeting["cards"] if c["name"] == "Grace Hopper")
    assert grace["last_contact"]["channel"] == "email" and grace["details"][0]["text"] == "loves sailing"
    assert data["timezone"] == "Europe/Berlin"


def test_no_meetings_and_bad_options(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada").exit_code == 0
    res = cli("brief", "--date", "2020-01-01", "--days", "3")
    assert res.exit_code == 0 and res.stdout.strip() == "No meetings with other people 01 Jan to 03 Jan 2020."
    assert json.loads(cli("brief", "--json", "--date", "2020-01-01").stdout)["meetings"] == []
    bad = cli("brief", "--date", "2020-02-30")
    assert bad.exit_code != 0 and "February 2020 has 29 days" in bad.stderr
    assert cli("brief", "--days", "40").exit_code != 0
