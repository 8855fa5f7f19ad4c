"""The web forms over HTTP: what htmx gets back when an entry is rejected or accepted."""

from __future__ import annotations

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
