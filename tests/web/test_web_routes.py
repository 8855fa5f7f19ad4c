"""Pages and forms against a real SQLite file, through FastAPI's TestClient."""

from __future__ import annotations

from icalendar import Calendar

from innercircle.services import Workspace
from innercircle.store import events, goals, interactions, people


def test_dashboard_shows_counts_events_and_goals(client, seeded):
    r = client.get("/")
    assert r.status_code == 200
    assert "AI founders meetup" in r.text
    assert "Old conference" not in r.text  # past events are not upcoming
    assert "Raise a seed round" in r.text
    assert "2 people" in r.text


def test_people_search_and_goal_filter(client, seeded):
    assert "Alan Turing" in client.get("/people").text
    r = client.get("/people", params={"q": "grace"})
    assert "Grace Hopper" in r.text and "Alan Turing" not in r.text
    r = client.get("/people", params={"goal": seeded["goal"]})
    assert "Grace Hopper" in r.text and "Alan Turing" not in r.text  # the investor fits the goal


def test_people_search_as_htmx_fragment(client, seeded):
    r = client.get(
        "/people", params={"q": "alan"}, headers={"HX-Request": "true", "HX-Target": "people-table"}
    )
    assert r.status_code == 200
    assert "Alan Turing" in r.text and "<html" not in r.text


def test_person_page_shows_identities_details_and_timeline(client, seeded):
    r = client.get(f"/people/{seeded['grace']}")
    assert r.status_code == 200
    for text in ("grace@navy.example", "loves COBOL", "seed round", "Investor", "Navy Labs"):
        assert text in r.text


def test_log_form_records_the_interaction(client, seeded, csrf, ws: Workspace):
    pid = seeded["grace"]
    token = csrf(client.get(f"/people/{pid}").text)
    r = client.post(
        f"/people/{pid}/log",
        data={
            "csrf_token": token,
            "channel": "meeting",
            "at": "yesterday",
            "minutes": "45",
            "note": "EU labs",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "EU labs" in client.get(r.headers["location"]).text
    with ws.read() as tx:
        notes = [it.note for it in interactions.interactions_of(tx.conn, pid)]
    assert "EU labs" in notes


def test_log_form_by_htmx_answers_the_timeline(client, seeded, csrf):
    pid = seeded["grace"]
    token = csrf(client.get(f"/people/{pid}").text)
    r = client.post(
        f"/people/{pid}/log",
        data={"channel": "call", "note": "quick check-in"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert r.status_code == 200
    assert "quick check-in" in r.text and "<html" not in r.text


def test_bad_log_input_shows_one_clear_error_and_writes_nothing(client, seeded, csrf, ws: Workspace):
    pid = seeded["grace"]
    token = csrf(client.get(f"/people/{pid}").text)
    with ws.read() as tx:
        before = interactions.count_interactions(tx.conn)
    r = client.post(f"/people/{pid}/log", data={"csrf_token": token, "channel": "pigeon"})
    assert r.status_code == 400
    assert "unknown channel" in r.text and "Traceback" not in r.text
    r = client.post(f"/people/{pid}/log", data={"csrf_token": token, "channel": "call", "at": "someday"})
    assert r.status_code == 400 and "not a date" in r.text
    with ws.read() as tx:
        assert interactions.count_interactions(tx.conn) == before


def test_remember_form_keeps_the_detail(client, seeded, csrf):
    pid = seeded["alan"]
    token = csrf(client.get(f"/people/{pid}").text)
    r = client.post(
        f"/people/{pid}/remember", data={"csrf_token": token, "text": "runs marathons", "kind": "passion"}
    )
    assert r.status_code == 200  # followed the 303 back to the page
    assert "runs marathons" in r.text


def test_unknown_person_is_a_friendly_404(client, seeded):
    r = client.get("/people/9999")
    assert r.status_code == 404
    assert "no person with id 9999" in r.text and "<html" in r.text


def test_names_are_escaped(client, ws: Workspace, csrf):
    from datetime import UTC, datetime

    from innercircle.core.model import Person

    with ws.begin() as tx:
        pid = people.add_person(tx.conn, Person(name="<script>alert(1)</script>"), datetime.now(UTC))
    for url in ("/people", f"/people/{pid}"):
        text = client.get(url).text
        assert "<script>alert(1)</script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_goals_add_and_done(client, seeded, csrf, ws: Workspace):
    token = csrf(client.get("/goals").text)
    r = client.post(
        "/goals", data={"csrf_token": token, "text": "Hire two engineers", "roles": "engineer, cto"}
    )
    assert r.status_code == 200 and "Hire two engineers" in r.text
    with ws.read() as tx:
        goal = next(g for g in goals.list_goals(tx.conn) if g.text == "Hire two engineers")
    assert goal.roles == ["engineer", "cto"]
    client.post(f"/goals/{goal.id}/done", data={"csrf_token": token})
    with ws.read() as tx:
        assert next(g for g in goals.list_goals(tx.conn) if g.id == goal.id).done_at is not None


def test_event_decision(client, seeded, csrf, ws: Workspace):
    eid = seeded["upcoming"]
    token = csrf(client.get("/events").text)
    r = client.post(
        f"/events/{eid}/decision",
        data={"decision": "skip"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert r.status_code == 200 and 'aria-pressed="true"' in r.text
    with ws.read() as tx:
        assert next(e for e in events.list_events(tx.conn) if e.id == eid).decision == "skip"
    assert (
        client.post(f"/events/{eid}/decision", data={"csrf_token": token, "decision": "dance"}).status_code
        == 400
    )


def test_calendar_feed_has_planned_events(client, seeded, csrf):
    r = client.get("/calendar.ics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    titles = [str(c.get("summary")) for c in cal.walk("VEVENT")]
    assert "AI founders meetup" in titles and "Old conference" not in titles
    token = csrf(client.get("/events").text)
    client.post(f"/events/{seeded['upcoming']}/decision", data={"csrf_token": token, "decision": "skip"})
    cal = Calendar.from_ical(client.get("/calendar.ics").content)
    assert "AI founders meetup" not in [str(c.get("summary")) for c in cal.walk("VEVENT")]


def test_pages_render_on_an_empty_database(client):
    for url in ("/", "/people", "/goals", "/events", "/review", "/import", "/docs", "/calendar.ics"):
        assert client.get(url).status_code == 200, url


def test_docs_work_offline(client):
    html = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/htmx.min.js").status_code == 200


def test_unexpected_errors_show_a_friendly_page(client):
    def boom() -> None:
        raise RuntimeError("secret internals")

    client.app.add_api_route("/boom", boom)
    r = client.get("/boom", headers={"Accept": "text/html"})
    assert r.status_code == 500
    assert "Something went wrong" in r.text
    assert "secret internals" not in r.text and "Traceback" not in r.text


def test_followup_done_leaves_the_list(client, seeded, csrf):
    pid = seeded["alan"]
    page = client.get("/").text
    assert f'id="followup-{pid}"' in page and "Smith" in page
    r = client.post(f"/followups/{pid}/done", headers={"HX-Request": "true", "X-CSRF-Token": csrf(page)})
    assert r.status_code == 200 and r.text == ""
    assert f'id="followup-{pid}"' not in client.get("/").text
    assert [f for f in client.get("/api/followups").json()["items"] if f["person_id"] == pid] == []


def test_followup_snooze_and_bad_action(client, seeded, csrf):
    pid = seeded["alan"]
    token = csrf(client.get("/").text)
    assert client.post(f"/followups/{pid}/nap", data={"csrf_token": token}).status_code == 400
    r = client.post(
        f"/followups/{pid}/snooze", data={"csrf_token": token, "days": "3"}, follow_redirects=False
    )
    assert r.status_code == 303
    assert f'id="followup-{pid}"' not in client.get("/").text


def test_person_page_shows_tie_components_as_a_chart(client, seeded):
    html = client.get(f"/people/{seeded['grace']}").text
    assert '<svg class="chart bars"' in html and "recency" in html
    data = client.get(f"/api/people/{seeded['grace']}").json()
    assert 0 <= data["tie"]["strength"] <= 1 and "recency" in data["tie"]["components"]
    # each feature's contribution, signed: the ones that lower the strength are drawn apart
    parts = data["tie"]["components"]
    for name in ("contacts", "recency", "age", "duration", "last 30 days", "reciprocity", "traces"):
        assert name in parts and f">{name}</text>" in html
    negative = [v for v in parts.values() if isinstance(v, float) and v < 0]
    assert html.count('class="bar neg"') == len(negative)


def test_review_page_and_reflection(client, seeded, csrf, ws: Workspace):
    page = client.get("/review").text
    assert "Weekly review" in page and "<svg" in page and "burnout" in page
    # the offline report's template (reports/templates/review.html): its returns, inside the app's page
    assert "By channel" in page and "By relationship" in page and 'href="/static/style.css"' in page
    questions = client.get("/api/review").json()["reflection"]["questions"]
    r = client.post(
        "/review/reflect",
        data={"csrf_token": csrf(page), "question": questions[:2], "answer": ["Talked to Grace", ""]},
    )
    assert r.status_code == 200 and "Talked to Grace" in r.text


def test_api_ties_followups_health(client, seeded):
    ties = client.get("/api/ties").json()["items"]
    assert {t["name"] for t in ties} >= {"Grace Hopper"}
    assert ties == sorted(ties, key=lambda t: -t["strength"])
    assert {s["name"] for s in client.get("/api/health").json()["signs"]} >= {"burnout", "reciprocity"}
    assert any(f["kind"] == "achievement" for f in client.get("/api/followups").json()["items"])


def test_writes_from_elsewhere_are_seen_at_once(client, seeded, cli):
    before = {t["name"]: t["strength"] for t in client.get("/api/ties").json()["items"]}
    # the CLI writes to the same file from its own connection, while the app keeps its cache
    result = cli("log", "meeting", "Alan Turing", "--at", "2026-03-01", "--minutes", "60")
    assert result.exit_code == 0, result.output
    after = {t["name"]: t["strength"] for t in client.get("/api/ties").json()["items"]}
    assert after["Alan Turing"] > before.get("Alan Turing", 0.0)
    assert "2026-03-01" in client.get(f"/people/{seeded['alan']}").text


def test_analyses_are_precomputed_at_startup(ws: Workspace, db_path, seeded):
    import threading

    from fastapi.testclient import TestClient

    from innercircle.config import Config
    from innercircle.web import create_app, data

    app = create_app(Config(db=str(db_path)), workspace=ws)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        for t in threading.enumerate():
            if t.name == "innercircle-warm":
                t.join(60)
        made = []
        with ws.read() as tx:
            data.served(tx, app.state.clock(), ("review", None), lambda: made.append(1))
        assert made == []  # the review was there before the first page asked for it
        assert c.get("/").status_code == 200


def test_review_page_shows_the_intros_paths_hops_and_no_path(client, seeded, ws: Workspace):
    from tests.web.conftest import NOW

    from innercircle.core.model import Goal, Person
    from innercircle.services import plans
    from innercircle.services.people import ensure_me

    with ws.begin() as tx:
        ensure_me(tx, NOW, "Ada Lovelace")
        people.add_person(tx.conn, Person(name="Hedy Lamarr", org="Navy Labs"), NOW)
        plans.add_goal(tx, Goal(text="Sell to the Navy", orgs=["Navy Labs", "Nowhere Inc"]), NOW)
    review = client.get("/api/review").json()
    intros = {i["target"]: i for i in review["intros"]}
    navy, nowhere = intros["Navy Labs"], intros["Nowhere Inc"]
    assert navy["paths"] and not nowhere["paths"]
    page = client.get("/review").text
    assert "Navy Labs" in page and "Nowhere Inc" in page and "Sell to the Navy" in page
    assert "2 in your network there" in page and "0 in your network there" in page
    assert navy["warm"] and navy["paths"][0]["names"] == ["Ada Lovelace", "Grace Hopper"]
    assert "Ada Lovelace → Grace Hopper" in page and "warm</span>" in page
    assert navy["paths"][0]["hops"][0]["evidence"][0] in page  # "your inner tie (strength …)"
    assert "no path</span>" in page and "nobody there in your network" in page
