"""Times written without a zone (WhatsApp, floating iCalendar, naive CSV) are the owner's local time."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SAMPLES, needs_samples

CHAT = SAMPLES / "whatsapp-chat-parser/samples/short-chat.txt"


def _first_at(cli) -> str:  # type: ignore[no-untyped-def]
    rows = json.loads(cli("export", "--format", "json").stdout)["tables"]["interactions"]
    return min(r["at"] for r in rows)


@needs_samples()
def test_whatsapp_times_are_read_in_the_owners_zone(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Sample User").exit_code == 0
    assert cli("budget", "set", "--timezone", "Europe/Berlin").exit_code == 0
    assert cli("import", str(CHAT), "--format", "whatsapp").exit_code == 0
    # "06/03/2017, 00:45" on a phone in Berlin (CET, UTC+1) is 23:45 UTC the day before
    assert _first_at(cli).startswith("2017-03-05T23:45")


def test_floating_calendar_and_naive_csv_times_are_local(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada", "--me", "ada@example.com").exit_code == 0
    assert cli("budget", "set", "--timezone", "America/New_York").exit_code == 0
    cal = tmp_path / "floating.ics"
    cal.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:f-1\r\nDTSTART:20260715T190000\r\n"
        b"DTEND:20260715T200000\r\nSUMMARY:Dinner\r\nORGANIZER:mailto:ada@example.com\r\n"
        b"ATTENDEE;CN=Grace:mailto:grace@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert cli("import", str(cal)).exit_code == 0
    assert _first_at(cli).startswith("2026-07-15T23:00")  # 19:00 EDT
    csv = tmp_path / "log.csv"
    csv.write_text("timestamp,from,to,channel\n2026-01-10 09:00,ada@example.com,grace@example.com,call\n")
    assert cli("import", str(csv)).exit_code == 0
    rows = json.loads(cli("export", "--format", "json").stdout)["tables"]["interactions"]
    assert any(r["at"].startswith("2026-01-10T14:00") for r in rows)  # 09:00 EST
