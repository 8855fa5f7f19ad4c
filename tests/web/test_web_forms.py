"""The web forms over HTTP: what htmx gets back when an entry is rejected or accepted."""

from __future__ import annotations

import re
from urllib.parse import unquote

from tests.web.test_web_accounts import ring  # noqa: F401

from innercircle.services import Workspace
from innercircle.services import people as people_service

HTMX = {"HX-Request": "true"}


def _interactions(ws: Workspace) -> int:
    with ws.read() as tx:
        return people_service.counts(tx).interactions


def test_a_rejected_htmx_form_gets_a_fragment_for_its_slot(client, seeded, csrf, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    pid = seeded["grace"]
    token = csrf(client.get(f"/people/{pid}").text)
    before = _interactions(ws)
    form = {"csrf_token": token, "channel": "call", "at": "next <b>blursday</b>"}
    r = client.post(f"/people/{pid}/log", data=form, headers=HTMX)
    assert r.status_code == 400
    assert r.headers["hx-reswap"] == "innerHTML"
    assert r.text.startswith('<p class="flash bad" role="alert">') and "<html" not in r.text
    assert "not a date" in r.text and "&lt;b&gt;blursday" in r.text
    assert _interactions(ws) == before
    # without htmx, the same refusal is a whole page
    r = client.post(f"/people/{pid}/log", data=form)
    assert r.status_code == 400 and "<html" in r.text


def test_a_missing_field_and_an_expired_form_answer_in_the_slot_too(client, seeded, csrf) -> None:  # type: ignore[no-untyped-def]
    pid = seeded["grace"]
    token = csrf(client.get(f"/people/{pid}").text)
    r = client.post(f"/people/{pid}/log", data={"csrf_token": token}, headers=HTMX)
    assert r.status_code == 422 and 'role="alert"' in r.text and "channel" in r.text
    r = client.post(f"/people/{pid}/log", data={"csrf_token": "stale", "channel": "call"}, headers=HTMX)
    assert r.status_code == 403 and 'role="alert"' in r.text


def test_a_log_answers_the_timeline_and_the_tie_card_out_of_band(client, seeded, csrf) -> None:  # type: ignore[no-untyped-def]
    pid = seeded["alan"]
    token = csrf(client.get(f"/people/{pid}").text)
    r = client.post(
        f"/people/{pid}/log", data={"csrf_token": token, "channel": "call", "minutes": "30"}, headers=HTMX
    )
    assert r.status_code == 200
    assert "Logged call." in r.text
    assert '<section class="card" id="tie" hx-swap-oob="true">' in r.text and "Tie strength" in r.text
    assert 'id="tier-chip" hx-swap-oob="true"' in r.text


def test_capture_names_offers_matches_and_ids_for_shared_names(client, seeded, csrf, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/capture/names", params={"person": "g"}).text == ""  # one letter: too many
    r = client.get("/capture/names", params={"person": "hop"})
    assert '<option value="Grace Hopper">Navy Labs · Investor</option>' in r.text
    token = csrf(client.get("/").text)
    client.post("/people/new", data={"csrf_token": token, "name": "Grace Hopper", "org": "<i>Yale</i>"})
    r = client.get("/capture/names", params={"person": "grace h"})
    assert r.text.count("<option") == 2 and "(id " in r.text and "&lt;i&gt;Yale" in r.text
    values = re.findall(r'value="([^"]+)"', r.text)
    other = next(v for v in values if v != f"Grace Hopper (id {seeded['grace']})")
    assert other.startswith("Grace Hopper (id ")
    before = _interactions(ws)
    r = client.post("/capture", data={"csrf_token": token, "person": other, "do": "message"}, headers=HTMX)
    assert r.status_code == 200 and "Logged message for Grace Hopper." in r.text
    assert r.headers["hx-trigger"] == "captured"  # the follow-ups card reloads on it
    assert 'hx-get="/followups/card" hx-trigger="captured from:body"' in client.get("/").text
    card = client.get("/followups/card", headers=HTMX)
    assert card.status_code == 200 and "Follow-ups due" in card.text and "<html" not in card.text
    assert client.get("/followups/card", follow_redirects=False).headers["location"] == "/#followups"
    assert _interactions(ws) == before + 1


def test_capture_refuses_an_empty_detail_and_an_unknown_action(client, seeded, csrf, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    token = csrf(client.get("/").text)
    form = {"csrf_token": token, "person": "Grace Hopper"}
    r = client.post("/capture", data=form | {"do": "remember", "text": " "}, headers=HTMX)
    assert r.status_code == 400 and "type the detail" in r.text
    r = client.post("/capture", data=form | {"do": "dance"}, headers=HTMX)
    assert r.status_code == 400 and "unknown action" in r.text
    r = client.post("/capture", data=form | {"do": "remember", "text": "Admiral"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/?flash=Remembered")


def _page(client, pid: int) -> str:  # type: ignore[no-untyped-def]
    r = client.get(f"/people/{pid}")
    assert r.status_code == 200
    return str(r.text)


def test_add_edit_and_pin_a_person(client, seeded, csrf) -> None:  # type: ignore[no-untyped-def]
    token = csrf(client.get("/people/new").text)
    form = {"csrf_token": token, "name": "Katherine Johnson", "ident": "kj@nasa.example", "org": "NASA"}
    r = client.post("/people/new", data=form, headers=HTMX)
    assert r.status_code == 204 and r.headers["hx-redirect"].startswith("/people/")
    pid = int(r.headers["hx-redirect"].split("/")[2].split("?")[0])
    assert "Katherine Johnson" in _page(client, pid) and "kj@nasa.example" in _page(client, pid)
    r = client.post("/people/new", data=form | {"name": "KJ again"}, headers=HTMX)
    assert r.status_code == 400 and "already belongs" in r.text  # the identity is taken: in place
    edit = {
        "csrf_token": token,
        "name": "Katherine G. Johnson",
        "org": "NASA Langley",
        "tags": "math, orbits",
    }
    r = client.post(f"/people/{pid}/edit", data=edit, headers=HTMX)
    assert r.status_code == 204 and "flash=Saved" in r.headers["hx-redirect"]
    page = _page(client, pid)
    assert "Katherine G. Johnson" in page and "NASA Langley" in page and ">orbits<" in page
    r = client.post(f"/people/{pid}/edit", data=edit | {"name": " "}, headers=HTMX)
    assert r.status_code == 400 and "empty name" in r.text
    r = client.post(
        f"/people/{pid}/pin", data={"csrf_token": token, "tier": "inner", "cadence": "14"}, headers=HTMX
    )
    assert r.status_code == 204
    page = _page(client, pid)
    assert "(pinned: inner)" in page and 'name="cadence" inputmode="numeric" value="14"' in page
    r = client.post(f"/people/{pid}/pin", data={"csrf_token": token, "closeness": "very"}, headers=HTMX)
    assert r.status_code == 400 and "closeness must be a number" in r.text
    r = client.post(f"/people/{pid}/pin", data={"csrf_token": token, "closeness": "2"}, headers=HTMX)
    assert r.status_code == 400 and "between 0 and 1" in r.text


def test_favours_merge_and_forget(client, seeded, csrf) -> None:  # type: ignore[no-untyped-def]
    grace, alan = seeded["grace"], seeded["alan"]
    token = csrf(_page(client, grace))
    r = client.post(
        f"/people/{grace}/favor",
        data={"csrf_token": token, "direction": "gave", "text": "intro to <b>IBM</b>"},
        headers=HTMX,
    )
    assert r.status_code == 200 and "Noted." in r.text and "intro to &lt;b&gt;IBM" in r.text
    r = client.post(
        f"/people/{grace}/favor", data={"csrf_token": token, "direction": "owed", "text": "x"}, headers=HTMX
    )
    assert r.status_code == 400 and 'role="alert"' in r.text
    r = client.post(
        "/people/new",
        data={"csrf_token": token, "name": "G. Hopper", "ident": "g@yale.example"},
        headers=HTMX,
    )
    dup = int(r.headers["hx-redirect"].split("/")[2].split("?")[0])
    r = client.post(
        f"/people/{grace}/merge", data={"csrf_token": token, "other": f"G. Hopper (id {dup})"}, headers=HTMX
    )
    assert r.status_code == 204 and "Merged" in r.headers["hx-redirect"]
    assert "g@yale.example" in _page(client, grace)
    assert client.get(f"/people/{dup}").status_code == 404
    r = client.post(f"/people/{grace}/unmerge", data={"csrf_token": token}, headers=HTMX)
    assert r.status_code == 204 and f"G. Hopper (id {dup}) back" in unquote(r.headers["hx-redirect"])
    assert "g@yale.example" in _page(client, dup) and "g@yale.example" not in _page(client, grace)
    r = client.post(f"/people/{grace}/unmerge", data={"csrf_token": token}, headers=HTMX)
    assert r.status_code == 404 and "no merge to undo" in r.text
    r = client.post(f"/people/{alan}/forget", data={"csrf_token": token, "confirm": "Alan"}, headers=HTMX)
    assert r.status_code == 400 and "type their name, Alan Turing" in r.text
    assert client.get(f"/people/{alan}").status_code == 200
    r = client.post(
        f"/people/{alan}/forget", data={"csrf_token": token, "confirm": "Alan Turing"}, headers=HTMX
    )
    assert r.status_code == 204 and r.headers["hx-redirect"].startswith("/people?flash=Forgot")
    assert client.get(f"/people/{alan}").status_code == 404


def test_add_an_event_and_review_one(client, seeded, csrf) -> None:  # type: ignore[no-untyped-def]
    token = csrf(client.get("/events").text)
    form = {
        "csrf_token": token,
        "title": "Demo day",
        "at": "2026-03-20T18:30",
        "hours": "2,5",
        "attendees": "Grace",
    }
    r = client.post("/events", data=form, headers=HTMX)
    assert r.status_code == 204 and "flash=Added+Demo+day" in r.headers["hx-redirect"].replace("%20", "+")
    page = client.get("/events").text
    assert "Demo day" in page and "2.5" in page
    r = client.post("/events", data=form | {"at": "someday"}, headers=HTMX)
    assert r.status_code == 400 and "not a date" in r.text
    past = seeded["past"]
    review = {"csrf_token": token, "rating": "4", "met": "Alan Turing, Ada Lovelace"}
    r = client.post(f"/events/{past}/review", data=review, headers=HTMX)
    assert r.status_code == 204
    assert "Reviewed Old conference: met " in unquote(r.headers["hx-redirect"])
    page = client.get("/events").text
    assert "★★★★<" in page
    assert (
        "Ada Lovelace" in client.get("/people", params={"q": "lovelace"}).text
    )  # a new name became a person
    r = client.post(f"/events/{seeded['upcoming']}/review", data=review | {"met": ""}, headers=HTMX)
    assert r.status_code == 400 and "has not happened yet" in r.text
    r = client.post(f"/events/{past}/review", data={"csrf_token": token}, headers=HTMX)
    assert r.status_code == 400 and "give a rating or who you met" in r.text


def test_record_an_outcome(client, seeded, csrf) -> None:  # type: ignore[no-untyped-def]
    token = csrf(client.get("/goals").text)
    form = {"csrf_token": token, "kind": "intro", "through": "Grace Hopper", "goal": str(seeded["goal"])}
    r = client.post("/outcomes", data=form | {"note": "to <b>Acme</b> Ventures"}, headers=HTMX)
    assert r.status_code == 204 and r.headers["hx-redirect"].startswith("/goals?flash=Recorded")
    assert r.headers["hx-redirect"].endswith(f"#goal-{seeded['goal']}")
    page = client.get("/goals").text
    assert "to &lt;b&gt;Acme&lt;/b&gt; Ventures" in page
    r = client.post("/outcomes", data=form | {"kind": "luck"}, headers=HTMX)
    assert r.status_code == 400 and "unknown outcome kind" in r.text
    r = client.post("/outcomes", data=form | {"through": "Nobody Known"}, headers=HTMX)
    assert r.status_code == 404 and 'role="alert"' in r.text


def test_undo_an_import(client, seeded, csrf) -> None:  # type: ignore[no-untyped-def]
    token = csrf(client.get("/import").text)
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Katherine Johnson\r\nEMAIL:kj@nasa.example\r\nEND:VCARD\r\n"
    r = client.post("/import", data={"csrf_token": token}, files={"file": ("kj.vcf", card, "text/vcard")})
    assert r.status_code == 200 and 'id="imports"' in r.text
    assert "Katherine Johnson" in client.get("/people", params={"q": "katherine"}).text
    batch = int(re.findall(r'id="batch-(\d+)"', r.text)[0])
    r = client.post(f"/import/{batch}/undo", data={"csrf_token": token}, headers=HTMX)
    assert r.status_code == 204 and "Undid import" in unquote(r.headers["hx-redirect"])
    assert "Katherine Johnson" not in client.get("/people", params={"q": "katherine"}).text
    assert f'id="batch-{batch}"' not in client.get("/import").text
    r = client.post(f"/import/{batch}/undo", data={"csrf_token": token}, headers=HTMX)
    assert r.status_code == 404 and "no import batch" in r.text


def test_remove_an_account(client, csrf, ring) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    token = csrf(client.get("/accounts").text)
    form = {"kind": "carddav", "name": "book", "url": "https://dav.example/", "user": "u", "password": "pw"}
    r = client.post("/accounts", data={"csrf_token": token, **form}, follow_redirects=False)
    assert r.status_code == 303 and ring.get_password("innercircle", "book") == "pw"
    r = client.post("/accounts/remove", data={"csrf_token": token, "name": "book"}, headers=HTMX)
    assert r.status_code == 204 and "Removed the account book" in unquote(r.headers["hx-redirect"])
    assert ring.get_password("innercircle", "book") is None
    assert "No accounts yet" in client.get("/accounts").text
    r = client.post("/accounts/remove", data={"csrf_token": token, "name": "book"}, headers=HTMX)
    assert r.status_code == 404 and 'role="alert"' in r.text


def test_goals_add_and_reach_by_htmx_and_unarchive(client, seeded, csrf) -> None:  # type: ignore[no-untyped-def]
    token = csrf(client.get("/goals").text)
    r = client.post(
        "/goals", data={"csrf_token": token, "text": "Find a mentor", "due": "soon"}, headers=HTMX
    )
    assert (
        r.status_code == 400 and 'role="alert"' in r.text and "Find a mentor" not in client.get("/goals").text
    )
    r = client.post("/goals", data={"csrf_token": token, "text": "Find a mentor"}, headers=HTMX)
    assert r.status_code == 204 and "Goal+added" in r.headers["hx-redirect"].replace("%20", "+")
    r = client.post(f"/goals/{seeded['goal']}/done", data={"csrf_token": token}, headers=HTMX)
    assert r.status_code == 204 and r.headers["hx-redirect"].endswith(f"#goal-{seeded['goal']}")
    r = client.post(f"/people/{seeded['alan']}/unarchive", data={"csrf_token": token}, headers=HTMX)
    assert r.status_code == 400 and "is not archived" in r.text


def test_an_unknown_person_in_capture_links_to_adding_them(client, seeded, csrf) -> None:  # type: ignore[no-untyped-def]
    token = csrf(client.get("/").text)
    r = client.post("/capture", data={"csrf_token": token, "person": "Ada <L>", "do": "call"}, headers=HTMX)
    assert r.status_code == 404 and "innercircle add" not in r.text
    assert '<a href="/people/new?name=Ada%20%3CL%3E">Add Ada &lt;L&gt;</a>' in r.text
    assert 'value="Ada &lt;L&gt;"' in client.get("/people/new", params={"name": "Ada <L>"}).text


def test_a_due_follow_up_on_the_person_page_snoozes_for_the_days_chosen(client, seeded, csrf) -> None:  # type: ignore[no-untyped-def]
    alan = seeded["alan"]
    page = _page(client, alan)
    assert f'<section class="card" id="followup-{alan}">' in page and "Smith" in page
    assert f'id="followup-{seeded["grace"]}"' not in _page(client, seeded["grace"])
    r = client.post(f"/followups/{alan}/snooze", data={"csrf_token": csrf(page), "days": "400"}, headers=HTMX)
    assert r.status_code == 422 and 'role="alert"' in r.text
    r = client.post(f"/followups/{alan}/snooze", data={"csrf_token": csrf(page), "days": "14"}, headers=HTMX)
    assert r.status_code == 200 and r.text == ""
    assert f'id="followup-{alan}"' not in _page(client, alan)
    assert f'id="followup-{alan}"' not in client.get("/").text


def test_the_review_answers_its_follow_ups_in_place(client, seeded, csrf) -> None:  # type: ignore[no-untyped-def]
    alan = seeded["alan"]
    page = client.get("/review").text
    assert f'hx-post="/followups/{alan}/done"' in page and f'<li id="followup-{alan}">' in page
    r = client.post(f"/followups/{alan}/done", data={"csrf_token": csrf(page)}, headers=HTMX)
    assert r.status_code == 200 and r.text == ""
    assert f'id="followup-{alan}"' not in client.get("/review").text


def test_numbers_past_what_can_be_stored_are_refused_and_store_nothing(client, seeded, csrf, db_path) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import stored_rows

    pid = seeded["grace"]
    token = csrf(client.get(f"/people/{pid}").text)
    before = stored_rows(db_path)
    refused = [
        (f"/people/{pid}/pin", {"cadence": "99999999999999999999"}, "cadence"),
        (f"/people/{pid}/log", {"channel": "call", "minutes": "99999999999999999999"}, "minutes"),
        ("/events", {"title": "Endless", "at": "2026-05-01", "hours": "inf"}, "hours"),
        ("/events", {"title": "Vague", "at": "2026-05-01", "hours": "nan"}, "hours"),
    ]
    for path, form, words in refused:
        r = client.post(path, data={"csrf_token": token, **form}, headers=HTMX)
        assert r.status_code == 400 and words in r.text, (path, form, r.status_code, r.text)
    assert stored_rows(db_path) == before
    # an infinite amount stored once would break every JSON list of the events
    assert client.get("/api/events", headers={"X-CSRF-Token": token}).status_code == 200


def test_ids_and_numbers_typed_oddly_are_refused_not_crashed_on(client, seeded, csrf, db_path) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import stored_rows

    pid, past = seeded["grace"], seeded["past"]
    token = csrf(client.get(f"/people/{pid}").text)
    before = stored_rows(db_path)
    huge = "99999999999999999999"  # past the database's integer
    cases = [
        (f"/people/{pid}/merge", {"other": huge}, 404),
        ("/capture", {"person": huge, "do": "call"}, 404),
        ("/outcomes", {"kind": "intro", "through": huge}, 404),
        ("/events", {"title": "T", "at": "2026-05-01", "attendees": huge}, 404),
        ("/outcomes", {"kind": "intro", "through": "Grace Hopper", "goal": huge}, 404),
        (f"/people/{pid}/log", {"channel": "call", "minutes": "²"}, 400),  # a digit int() cannot read
        (f"/events/{past}/review", {"rating": "²"}, 400),
    ]
    for path, form, status in cases:
        r = client.post(path, data={"csrf_token": token, **form}, headers=HTMX)
        assert r.status_code == status, (path, form, r.status_code, r.text)
    assert stored_rows(db_path) == before
    assert client.get("/people?goal=²").status_code == 200
