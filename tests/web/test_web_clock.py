"""The web app and the API on the owner's clock, and dates that do not exist refused with a 400."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from tests.web.conftest import NOW

from innercircle.services.runtime.localzone import set_zone
from innercircle.services.undo import list_batches
from innercircle.web.common import for_the_web

BAD = ("2026-02-30", "2025-13-45", "0001-01-01")


@pytest.mark.parametrize("day", BAD)
def test_api_answers_400_with_the_message_for_a_day_that_does_not_exist(client, seeded, day):
    for path in (f"/api/people/{seeded['grace']}", "/api/ties"):
        r = client.get(path, params={"as_of": day})
        assert r.status_code == 400, (path, r.text)
        assert r.json()["detail"].startswith(f"not a date: '{day}'")


@pytest.fixture
def berlin(ws, seeded):
    """The seeded network with the owner in Berlin (CET in winter: UTC+1)."""
    with ws.begin() as tx:
        set_zone(tx, "Europe/Berlin")
    return seeded


def test_pages_show_times_on_the_owners_clock_with_the_zone(client, berlin):
    """The call at 09:00 UTC three days before NOW was at 10:00 in Berlin: the timeline says 10:00 CET;
    the meetup starts at 10:00 CET on the events page."""
    page = client.get(f"/people/{berlin['grace']}").text
    assert "2026-02-27 10:00 CET" in page and "09:00" not in page
    events = client.get("/events").text
    assert "2026-03-07 10:00 CET" in events and "2026-03-07 09:00" not in events


def test_utc_owner_sees_utc_labelled(client, seeded, ws):
    with ws.begin() as tx:
        set_zone(tx, "UTC")
    page = client.get(f"/people/{seeded['grace']}").text
    assert "2026-02-27 09:00 UTC" in page


def test_api_moments_carry_the_owners_offset(client, berlin):
    person = client.get(f"/api/people/{berlin['grace']}").json()
    at = person["timeline"][0]["at"]
    assert at == "2026-02-27T10:00:00+01:00"
    assert datetime.fromisoformat(at) == NOW - timedelta(days=3)  # the same instant
    review = client.get("/api/review").json()
    assert review["timezone"] == "Europe/Berlin" and review["as_of"].endswith("+01:00")
    ties = client.get("/api/ties").json()["items"]
    grace = next(t for t in ties if t["person_id"] == berlin["grace"])
    assert grace["last_contact"] == "2026-02-27T10:00:00+01:00"


def test_web_errors_name_the_field_not_a_cli_flag(client, seeded, csrf):
    """'--by must be me or them' is the CLI's wording; the form has a field, not a flag."""
    pid = seeded["grace"]
    token = csrf(client.get(f"/people/{pid}").text)
    r = client.post(f"/people/{pid}/log", data={"csrf_token": token, "channel": "call", "by": "someone"})
    assert r.status_code == 400
    assert "the “who reached out” field must be" in r.text
    assert "--by" not in r.text
    api = client.post(
        "/api/import",
        headers={"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]},
        files={"file": ("x.vcf", b"x")},
        data={"format": "nope"},
    )
    assert api.status_code == 400 and "--" not in api.json()["detail"]


def test_an_upload_is_listed_under_the_uploaded_files_name(client, ws):
    vcard = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Katherine Johnson\r\nEMAIL:kj@nasa.example\r\nEND:VCARD\r\n"
    r = client.post(
        "/api/import",
        headers={"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]},
        files={"file": ("team contacts.vcf", vcard)},
    )
    assert r.status_code == 200, r.text
    with ws.read() as tx:
        rows = list_batches(tx)
    assert [b.path for b in rows] == ["team contacts.vcf (uploaded)"]


def test_for_the_web_keeps_quoted_commands_and_names_fields() -> None:
    assert for_the_web("--minutes must not be negative") == "the “minutes” field must not be negative"
    assert for_the_web("give --hours-per-week") == "give the “hours per week” field"
    kept = "record who you are first: innercircle init --me EMAIL"
    assert for_the_web(kept) == kept
