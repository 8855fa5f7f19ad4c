"""``/brief``, ``/api/brief`` and the briefs in ``/calendar.ics`` over the small seeded network."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar
from tests.web.conftest import NOW

from innercircle.services import Workspace, logbook
from innercircle.store import people

MEETUP_DAY = (NOW + timedelta(days=5)).date()  # the seeded "AI founders meetup", with Grace Hopper


def test_the_page_briefs_the_meetup_with_grace(client, seeded) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/brief?date={MEETUP_DAY.isoformat()}").text
    assert "AI founders meetup" in html and f'href="/people/{seeded["grace"]}"' in html
    assert "loves COBOL" in html and "Last contact:</b> 2026-02-27 (call, out)" in html
    assert "Raise a seed round" in html  # the goal she fits
    assert 'href="/brief"' in client.get("/").text  # reachable from the navigation
    empty = client.get("/brief").text  # today and tomorrow: no meeting
    assert "No meetings with other people on these days." in empty


def test_the_api_answers_the_same_brief(client, seeded) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/brief", params={"date": MEETUP_DAY.isoformat(), "days": 1})
    assert r.status_code == 200
    (meeting,) = r.json()["meetings"]
    assert meeting["source"] == "event" and meeting["event_id"] == seeded["upcoming"]
    (card,) = meeting["cards"]
    assert card["name"] == "Grace Hopper" and card["details"][0]["text"] == "loves COBOL"
    assert card["last_contact"]["channel"] == "call"
    assert client.get("/api/brief", params={"date": "2026-02-30"}).status_code == 400
    assert client.get("/api/brief", params={"days": 99}).status_code == 422


def test_names_are_escaped_on_the_page(client, seeded, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    with ws.begin() as tx:
        people.update_person(tx.conn, seeded["grace"], name="<script>alert(1)</script>")
    html = client.get(f"/brief?date={MEETUP_DAY.isoformat()}").text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_feed_carries_the_brief_of_each_meeting(client, seeded, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    with ws.begin() as tx:
        planned = logbook.log_interaction(
            tx, "meeting", ["Alan Turing"], NOW + timedelta(days=2), NOW, 60, "Enigma lunch", planned=True
        )
    cal = Calendar.from_ical(client.get("/calendar.ics").content)
    by_summary = {str(c.get("summary")): c for c in cal.walk("VEVENT")}
    meetup = str(by_summary["AI founders meetup"].get("description"))
    assert (
        "Grace Hopper" in meetup
        and "loves COBOL" in meetup
        and "last contact: 27 Feb 2026 (call, out)" in meetup
    )
    lunch = by_summary["Enigma lunch"]
    assert str(lunch.get("uid")) == f"meeting-{planned.id}@innercircle"
    assert "Alan Turing" in str(lunch.get("description"))
    assert "won the Smith's Prize" in str(lunch.get("description"))


def test_the_dashboard_points_to_the_brief_of_tomorrows_meeting(client, seeded, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    assert 'id="meetings"' not in client.get("/").text  # no meeting today or tomorrow: no card
    with ws.begin() as tx:
        logbook.log_interaction(
            tx, "meeting", ["Alan Turing"], NOW + timedelta(days=1), NOW, 60, "Enigma lunch", planned=True
        )
    html = client.get("/").text
    card = html[html.index('id="meetings"') : html.index('id="capture"')]
    assert "Enigma lunch" in card and "with Alan Turing" in card
    assert 'href="/brief#meeting-1"' in card
    assert 'id="meeting-1"' in client.get("/brief").text  # the link lands on that meeting
