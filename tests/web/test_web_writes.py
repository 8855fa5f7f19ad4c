"""The web person page: a future date refused unless planned, the delete control behind a second click and
the CSRF token, archived people left out of the list, marked, and brought back."""

from __future__ import annotations

import re

from innercircle.services import Workspace
from innercircle.store import interactions
from innercircle.store import people as people_store


def _timeline(ws: Workspace, pid: int) -> list[tuple[int, str | None]]:
    with ws.read() as tx:
        return [(it.id or 0, it.note) for it in interactions.interactions_of(tx.conn, pid)]


def _entry(page: str, text: str) -> str:
    """The timeline entry (``<li>…</li>``) that shows ``text``."""
    found = re.search(
        rf"<li class=\"ch-[^>]*>(?:(?!</li>).)*{re.escape(text)}(?:(?!</li>).)*</li>", page, re.S
    )
    assert found, text
    return found.group(0)


def test_a_future_date_is_refused_unless_planned(client, seeded, csrf, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    pid = seeded["grace"]
    token = csrf(client.get(f"/people/{pid}").text)
    before = _timeline(ws, pid)
    form = {"csrf_token": token, "channel": "meeting", "at": "2030-01-01", "note": "board dinner"}
    r = client.post(f"/people/{pid}/log", data=form)
    assert r.status_code == 400
    assert "2030-01-01 is after today" in r.text and "planned" in r.text and "--future" not in r.text
    assert _timeline(ws, pid) == before
    r = client.post(f"/people/{pid}/log", data=form | {"planned": "1"}, follow_redirects=False)
    assert r.status_code == 303
    assert _timeline(ws, pid)[0][1] == "board dinner"
    page = client.get(f"/people/{pid}").text
    assert 'class="chip static">planned<' in _entry(page, "board dinner")
    assert ">planned<" not in _entry(page, "seed round")  # the seeded call three days ago


def test_delete_asks_wants_the_token_and_deletes(client, seeded, csrf, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    pid = seeded["grace"]
    ((iid, note),) = _timeline(ws, pid)
    assert note == "seed round"
    page = client.get(f"/people/{pid}").text
    action = f"/people/{pid}/interactions/{iid}/delete"
    # behind a <details> summary: the first click only shows the button that deletes
    assert re.search(rf'<details class="delete">.*?action="{action}"', page, re.S)
    assert client.post(action, data={}).status_code == 403
    assert _timeline(ws, pid) == [(iid, note)]
    token = csrf(page)
    # only from the page of someone who took part
    assert (
        client.post(
            f"/people/{seeded['alan']}/interactions/{iid}/delete", data={"csrf_token": token}
        ).status_code
        == 404
    )
    assert _timeline(ws, pid) == [(iid, note)]
    r = client.post(action, data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and _timeline(ws, pid) == []
    shown = client.get(r.headers["location"]).text
    assert "Deleted the call of 2026-02-27" in shown and "No interactions recorded yet" in shown
    assert client.post(action, data={"csrf_token": token}).status_code == 404


def test_delete_by_htmx_answers_the_timeline(client, seeded, csrf, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    pid = seeded["grace"]
    ((iid, _),) = _timeline(ws, pid)
    token = csrf(client.get(f"/people/{pid}").text)
    r = client.post(
        f"/people/{pid}/interactions/{iid}/delete", headers={"HX-Request": "true", "X-CSRF-Token": token}
    )
    assert r.status_code == 200 and "<html" not in r.text
    assert "Deleted the call" in r.text and "seed round" not in r.text


def test_archived_people_are_left_out_marked_and_brought_back(client, seeded, csrf, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    alan = seeded["alan"]
    with ws.begin() as tx:
        people_store.update_person(tx.conn, alan, archived=True)
    listed = client.get("/people").text
    assert "Alan Turing" not in listed and "Grace Hopper" in listed
    assert '<a href="/people?archived=1">1 archived</a>' in listed
    only = client.get("/people?archived=1").text
    assert "Alan Turing" in only and "Grace Hopper" not in only
    assert re.search(r"Alan Turing</a> <span class=\"chip static\">archived</span>", only)
    assert [p["name"] for p in client.get("/api/people?archived=true").json()["items"]] == ["Alan Turing"]
    assert "Alan Turing" not in [p["name"] for p in client.get("/api/people").json()["items"]]
    page = client.get(f"/people/{alan}").text
    assert f'action="/people/{alan}/unarchive"' in page
    assert client.post(f"/people/{alan}/unarchive", data={}).status_code == 403
    r = client.post(f"/people/{alan}/unarchive", data={"csrf_token": csrf(page)}, follow_redirects=False)
    assert r.status_code == 303
    assert "No longer archived." in client.get(r.headers["location"]).text
    assert "Alan Turing" in client.get("/people").text
    assert client.get("/people?archived=1").text.count("Alan Turing") == 0
