"""The forms in Chromium (Playwright): a rejected entry shows its message where it was typed and stores
nothing, a log refreshes the tie card, quick capture from the dashboard, an event reviewed end to end."""

from __future__ import annotations

from playwright.sync_api import expect
from tests.web.test_web_browser import browser_context, page, pytestmark, server  # noqa: F401

from innercircle.services import Workspace
from innercircle.services import people as people_service


def _interactions(ws: Workspace) -> int:
    with ws.read() as tx:
        return people_service.counts(tx).interactions


def test_a_bad_date_shows_in_place_and_stores_nothing(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, ids, ws = server
    page.goto(f"{base}/people/{ids['grace']}")
    form = page.locator("#timeline form").first
    form.locator("input[name=note]").fill("coffee")
    form.get_by_role("button", name="Log").click()
    expect(page.locator("#timeline .flash")).to_contain_text("Logged meeting")
    before = _interactions(ws)
    form = page.locator("#timeline form").first
    form.locator("input[name=at]").fill("next blursday")
    form.locator("input[name=note]").fill("never stored")
    form.get_by_role("button", name="Log").click()
    alert = page.locator("#timeline [role=alert]")
    expect(alert).to_contain_text("not a date")
    expect(page.locator("#timeline .flash[role=status]")).to_have_count(0)  # the old success is gone
    assert form.locator("input[name=note]").input_value() == "never stored"  # what was typed stays
    assert _interactions(ws) == before
    form.locator("input[name=at]").fill("yesterday")
    form.get_by_role("button", name="Log").click()
    expect(page.locator("#timeline .flash")).to_contain_text("Logged meeting")
    expect(page.locator("#timeline [role=alert]")).to_have_count(0)
    assert _interactions(ws) == before + 1


def test_a_log_refreshes_the_tie_card(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, ids, _ws = server
    page.goto(f"{base}/people/{ids['alan']}")
    before = page.locator("#tie").inner_text()
    form = page.locator("#timeline form").first
    form.locator("input[name=minutes]").fill("90")
    form.get_by_role("button", name="Log").click()
    expect(page.locator("#timeline .flash")).to_contain_text("Logged")
    expect(page.locator("#tie")).not_to_have_text(before)
    assert page.locator("#tie").count() == 1


def test_quick_capture_logs_and_remembers_from_the_dashboard(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, ids, ws = server
    page.goto(base + "/")
    capture = page.locator("#capture")
    who = capture.locator("input[name=person]")
    who.fill("tur")
    expect(capture.locator("#capture-names option[value='Alan Turing']")).to_have_count(1)
    who.fill("Alan Turing")  # what picking the suggestion puts in the field
    before = _interactions(ws)
    capture.get_by_role("button", name="called").click()
    expect(capture.locator(".flash")).to_contain_text("Logged call for Alan Turing.")
    assert _interactions(ws) == before + 1
    capture.locator("input[name=text]").fill("Training for the London marathon")
    capture.get_by_role("button", name="remember").click()
    expect(capture.locator(".flash")).to_contain_text("Remembered for Alan Turing.")
    page.goto(f"{base}/people/{ids['alan']}")
    expect(page.locator("#details")).to_contain_text("Training for the London marathon")
    expect(page.locator("#timeline .timeline")).to_contain_text("call")


def test_quick_capture_shows_an_unknown_person_in_place(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, _ids, ws = server
    page.goto(base + "/")
    capture = page.locator("#capture")
    before = _interactions(ws)
    capture.locator("input[name=person]").fill("Ada Lovelace")
    capture.get_by_role("button", name="met").click()
    expect(capture.locator("[role=alert]")).to_contain_text("no person matches")
    assert capture.locator("input[name=person]").input_value() == "Ada Lovelace"
    assert _interactions(ws) == before
