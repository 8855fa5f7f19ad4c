"""The API's writes: each daily change through its typed body, stored in the real SQLite file (read back
through a use case), refused with a JSON message and a 4xx, and only with the token or the session's
CSRF header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from innercircle.services import Workspace, directory, plans
from innercircle.services.followups import followups_at
from innercircle.web.security import CSRF_HEADER

from .conftest import NOW, stored_rows

TOKEN = "correct-horse-battery-staple"


@pytest.fixture
def api(client: TestClient) -> TestClient:
    """The loopback client with this session's CSRF header on every request."""
    client.headers[CSRF_HEADER] = client.get("/api/csrf").json()["csrf_token"]
    return client


def _profile(ws: Workspace, person_id: int) -> Any:
    with ws.read() as tx:
        return directory.profile(tx, str(person_id), NOW)


def test_log_remember_favour_are_stored(api: TestClient, ws: Workspace, seeded: dict[str, int]) -> None:
    grace, alan = seeded["grace"], seeded["alan"]
    r = api.post(
        f"/api/people/{grace}/interactions",
        json={
            "channel": "meeting",
            "at": "2026-03-01T15:00",
            "minutes": 45,
            "note": "coffee",
            "with_people": [alan],
        },
    )
    assert r.status_code == 201, r.text
    logged = r.json()
    assert logged["channel"] == "meeting" and logged["duration_s"] == 45 * 60 and logged["note"] == "coffee"
    assert {p["name"] for p in logged["participants"]} >= {"Grace Hopper", "Alan Turing"}
    r = api.post(f"/api/people/{grace}/details", json={"text": "has a cat named Ada", "kind": "family"})
    assert r.status_code == 201 and r.json()["name"] == "Grace Hopper"
    r = api.post(f"/api/people/{grace}/favours", json={"direction": "received", "text": "an intro to Bob"})
    assert r.status_code == 201 and r.json()["direction"] == "received"
    stored = _profile(ws, grace)
    assert [t.note for t in stored.timeline][:1] == ["coffee"]
    assert "has a cat named Ada" in [d.text for d in stored.details]
    assert [f.text for f in stored.favors] == ["an intro to Bob"]
    assert "coffee" in [t.note for t in _profile(ws, alan).timeline]
    # the pages read the change at once (the analyses were dropped after the write)
    assert api.get(f"/api/people/{grace}").json()["timeline"][0]["note"] == "coffee"


def test_add_edit_and_pin_a_person(api: TestClient, ws: Workspace, seeded: dict[str, int]) -> None:
    r = api.post(
        "/api/people",
        json={
            "name": "Ada Lovelace",
            "org": "Analytical Engines",
            "identities": ["ada@engines.example"],
            "tags": ["math"],
        },
    )
    assert r.status_code == 201, r.text
    ada = r.json()["person_id"]
    r = api.patch(
        f"/api/people/{ada}", json={"title": "Countess", "org": "", "add_identities": ["+44 20 7946 0000"]}
    )
    assert r.status_code == 200, r.text
    assert (r.json()["title"], r.json()["org"], r.json()["tags"]) == ("Countess", None, ["math"])
    r = api.post(f"/api/people/{ada}/pin", json={"tier": "close", "cadence_days": 21, "closeness": 0.8})
    assert r.status_code == 200 and r.json()["tier_pin"] == "close" and r.json()["cadence_days"] == 21
    stored = _profile(ws, ada)
    assert (stored.name, stored.title, stored.org, stored.cadence_days) == (
        "Ada Lovelace",
        "Countess",
        None,
        21,
    )
    assert len(stored.identities) == 2
    assert [p["name"] for p in api.get("/api/people", params={"q": "engines.example"}).json()["items"]] == [
        "Ada Lovelace"
    ]


def test_followups_goals_events_outcomes(api: TestClient, ws: Workspace, seeded: dict[str, int]) -> None:
    alan = seeded["alan"]
    assert alan in [f["person_id"] for f in api.get("/api/followups").json()["items"]]
    r = api.post(f"/api/followups/{alan}/snooze", json={"days": 3})
    assert r.status_code == 200 and r.json()["until"].startswith("2026-03-05")
    assert api.post(f"/api/followups/{alan}/done").json()["action"] == "done"
    with ws.read() as tx:
        assert alan not in [f.person_id for f in followups_at(tx, NOW)]
    r = api.post(
        "/api/goals",
        json={"text": "Hire a CTO", "roles": ["cto"], "outcome_kinds": ["job"], "due": "2026-09-01"},
    )
    assert r.status_code == 201 and r.json()["due"] == "2026-09-01"
    goal = r.json()["id"]
    assert api.post(f"/api/goals/{goal}/done").json()["done_at"] is not None
    assert [g["text"] for g in api.get("/api/goals", params={"done": False}).json()] == ["Raise a seed round"]
    r = api.post(
        "/api/events",
        json={
            "title": "Rust meetup",
            "start": "2026-03-12T18:30",
            "hours": 2.5,
            "topics": ["rust"],
            "attendees": [alan],
        },
    )
    assert r.status_code == 201 and r.json()["attendees"] == [alan]
    event = r.json()["id"]
    assert api.post(f"/api/events/{event}/decision", json={"decision": "skip"}).json()["decision"] == "skip"
    r = api.post(f"/api/events/{seeded['past']}/review", json={"rating": 5, "met": ["Linus Torvalds"]})
    assert r.status_code == 200 and r.json()["recorded"] == ["Linus Torvalds"]
    r = api.post(
        "/api/outcomes",
        json={"kind": "intro", "people": [seeded["grace"]], "event_id": seeded["past"], "note": "met Bob"},
    )
    assert r.status_code == 201 and r.json()["names"] == ["Grace Hopper"]
    with ws.read() as tx:
        events = {e.id: e for e in plans.events(tx)}
        assert events[event].decision == "skip" and events[seeded["past"]].rating == 5
        assert [(o.kind, o.event_id) for o in plans.outcomes(tx)] == [("intro", seeded["past"])]
    (outcome,) = api.get("/api/outcomes").json()
    assert (outcome["kind"], outcome["names"], outcome["note"]) == ("intro", ["Grace Hopper"], "met Bob")
    assert [e["title"] for e in api.get("/api/events", params={"q": "RUST"}).json()["items"]] == [
        "Rust meetup"
    ]
    upcoming = api.get("/api/events", params={"upcoming": True}).json()["items"]
    assert {e["title"] for e in upcoming} == {"AI founders meetup", "Rust meetup"}


def test_refusals_are_json_with_a_message_and_change_nothing(
    api: TestClient, ws: Workspace, seeded: dict[str, int], db_path: Path
) -> None:
    grace = seeded["grace"]
    before = stored_rows(db_path)
    cases: list[tuple[str, str, Any, int, str]] = [
        (
            "post",
            f"/api/people/{grace}/interactions",
            {"channel": "call", "at": "next blursday"},
            400,
            "not a date",
        ),
        (
            "post",
            f"/api/people/{grace}/interactions",
            {"channel": "call", "at": "2026-04-01"},
            400,
            "planned",
        ),
        ("post", f"/api/people/{grace}/interactions", {"channel": "pigeon"}, 400, "unknown channel"),
        ("post", "/api/people/424242/interactions", {"channel": "call"}, 404, "no person"),
        (
            "post",
            f"/api/people/{grace}/details",
            {"text": "loves COBOL", "kind": "passion"},
            400,
            "already remembered",
        ),
        ("post", f"/api/people/{grace}/favours", {"direction": "sideways", "text": "x"}, 400, "gave"),
        (
            "post",
            "/api/people",
            {"name": "Someone", "identities": ["grace@navy.example"]},
            400,
            "already belongs",
        ),
        ("patch", f"/api/people/{grace}", {}, 400, "nothing to change"),
        ("post", f"/api/events/{seeded['upcoming']}/review", {"rating": 4}, 400, "not happened yet"),
        ("post", "/api/events/424242/decision", {"decision": "attend"}, 404, "no event"),
        ("post", "/api/outcomes", {"kind": "fame", "people": [grace]}, 400, "unknown outcome kind"),
        ("post", "/api/goals/424242/done", None, 404, "no goal"),
    ]
    for method, path, body, status, words in cases:
        r = api.request(method, path, json=body)
        assert r.status_code == status, (path, body, r.text)
        assert words in r.json()["detail"], (path, r.json())
    invalid = [
        ("post", f"/api/people/{grace}/interactions", {"channel": "call", "minutes": -5}),
        ("post", f"/api/people/{grace}/interactions", {"channel": "call", "mood": "great"}),
        ("post", "/api/people", {"name": "x" * 301}),
        ("post", "/api/people", {"name": "nul\x00byte"}),
        ("post", "/api/outcomes", {"kind": "intro", "people": []}),
        ("post", f"/api/followups/{grace}/snooze", {"days": 0}),
        ("post", "/api/events", {"title": "x", "start": "2026-03-09", "cost": float("inf")}),
    ]
    for method, path, body in invalid:
        r = api.request(method, path, content=_json(body), headers={"Content-Type": "application/json"})
        assert r.status_code == 422 and isinstance(r.json()["detail"], list), (path, body, r.text)
        assert r.json()["message"], (path, body, r.text)  # the errors in words, for a client to show
    minutes = api.post(f"/api/people/{grace}/interactions", json={"channel": "call", "minutes": -5}).json()
    assert minutes["message"].startswith("minutes: ") and "greater than or equal to 0" in minutes["message"]
    stored = _profile(ws, grace)
    assert len(stored.timeline) == 1 and len(stored.details) == 1 and stored.favors == []
    assert stored_rows(db_path) == before  # no row of any table, read from the file itself


def _json(body: Any) -> str:
    import json

    return json.dumps(body)  # NaN and Infinity as Python writes them, which a JSON parser may accept


def test_writes_need_the_token_or_the_sessions_csrf_header(
    make_client, ws: Workspace, seeded: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    body = {"text": "plays the flute"}
    path = f"/api/people/{seeded['grace']}/details"
    with make_client() as c:  # loopback without a token: the session's CSRF header, as the forms send it
        r = c.post(path, json=body)
        assert r.status_code == 403 and "X-CSRF-Token" in r.json()["detail"]
        assert c.post(path, json=body, headers={CSRF_HEADER: "forged"}).status_code == 403
        assert (
            c.post(
                path, json=body, headers={CSRF_HEADER: c.get("/api/csrf").json()["csrf_token"]}
            ).status_code
            == 201
        )
        # a file's import too: refused without the header, before anything is read or stored
        card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dora Upload\r\nEND:VCARD\r\n"
        assert c.post("/api/import", files={"file": ("d.vcf", card)}).status_code == 403
        assert "Dora Upload" not in c.get("/api/people").text
    with make_client(token=TOKEN, host="0.0.0.0") as c:
        assert c.post(path, json={"text": "two"}).status_code == 401
        assert (
            c.post(
                path, json={"text": "two"}, headers={"Authorization": "Bearer wrong-wrong-wrong"}
            ).status_code
            == 401
        )
        r = c.post(path, json={"text": "two"}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201, r.text
        # a logged-in session: its cookie alone opens nothing of the API, its CSRF header with it does
        c.post("/login", data={"csrf_token": _page_csrf(c), "token": TOKEN, "next": "/"})
        assert c.post(path, json={"text": "three"}).status_code == 401
        assert c.get("/api/people").status_code == 401
        csrf = _page_csrf(c)
        assert c.get("/api/people", headers={CSRF_HEADER: csrf}).status_code == 200
        assert c.post(path, json={"text": "three"}, headers={CSRF_HEADER: csrf}).status_code == 201
        # the session learns its token from /api/csrf, with the cookie alone, as /docs says
        asked = c.get("/api/csrf").json()["csrf_token"]
        assert c.post(path, json={"text": "3b"}, headers={CSRF_HEADER: asked}).status_code == 201
        # another site's page cannot post, whatever it carries
        cross = c.post(
            path, json={"text": "four"}, headers={CSRF_HEADER: csrf, "Origin": "https://evil.example"}
        )
        assert cross.status_code == 403
    assert {"plays the flute", "two", "three"} <= {d.text for d in _profile(ws, seeded["grace"]).details}
    assert "four" not in {d.text for d in _profile(ws, seeded["grace"]).details}


def _page_csrf(c: TestClient) -> str:
    from .conftest import csrf_of

    return csrf_of(c.get("/login").text)
