"""The forms in Chromium (Playwright), on a phone (390×844, touch: every press a tap) and on a desktop
(1280×900): a rejected entry shows its message where it was typed and stores nothing, a log refreshes the
tie card, quick capture from the dashboard, an event reviewed end to end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect
from tests.web.browser import pytestmark  # noqa: F401  (the same skip and group)
from tests.web.test_web_browser import server  # noqa: F401

from innercircle.services import Workspace, plans
from innercircle.services import people as people_service

DEVICES: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}


@pytest.fixture(params=list(DEVICES))
def page(request: pytest.FixtureRequest, chromium: Any) -> Iterator[Page]:
    """A tab on a phone or a desktop, without the previous test's cookies."""
    context = chromium.new_context(**DEVICES[request.param])
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def press(page: Page, control: Locator) -> None:
    """A tap on a phone, a click on a desktop."""
    size = page.viewport_size
    if size is not None and size["width"] < 600:
        control.tap()
    else:
        control.click()


def _interactions(ws: Workspace) -> int:
    with ws.read() as tx:
        return people_service.counts(tx).interactions


def test_a_bad_date_shows_in_place_and_stores_nothing(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, ids, ws = server
    page.goto(f"{base}/people/{ids['grace']}")
    form = page.locator("#timeline form").first
    form.locator("input[name=note]").fill("coffee")
    press(page, form.get_by_role("button", name="Log"))
    expect(page.locator("#timeline .flash")).to_contain_text("Logged meeting")
    before = _interactions(ws)
    form = page.locator("#timeline form").first
    form.locator("input[name=at]").fill("next blursday")
    form.locator("input[name=note]").fill("never stored")
    press(page, form.get_by_role("button", name="Log"))
    alert = page.locator("#timeline [role=alert]")
    expect(alert).to_contain_text("not a date")
    expect(page.locator("#timeline .flash[role=status]")).to_have_count(0)  # the old success is gone
    assert form.locator("input[name=note]").input_value() == "never stored"  # what was typed stays
    assert _interactions(ws) == before
    form.locator("input[name=at]").fill("yesterday")
    press(page, form.get_by_role("button", name="Log"))
    expect(page.locator("#timeline .flash")).to_contain_text("Logged meeting")
    expect(page.locator("#timeline [role=alert]")).to_have_count(0)
    assert _interactions(ws) == before + 1


def test_a_log_refreshes_the_tie_card(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, ids, _ws = server
    page.goto(f"{base}/people/{ids['alan']}")
    before = page.locator("#tie").inner_text()
    form = page.locator("#timeline form").first
    form.locator("input[name=minutes]").fill("90")
    press(page, form.get_by_role("button", name="Log"))
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
    with page.expect_response("**/followups/card") as card:  # the follow-ups card reloads itself
        press(page, capture.get_by_role("button", name="called"))
    assert card.value.ok
    expect(capture.locator(".flash")).to_contain_text("Logged call for Alan Turing.")
    assert _interactions(ws) == before + 1
    capture.locator("input[name=text]").fill("Training for the London marathon")
    press(page, capture.get_by_role("button", name="remember"))
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
    press(page, capture.get_by_role("button", name="met"))
    expect(capture.locator("[role=alert]")).to_contain_text("no person matches")
    assert capture.locator("input[name=person]").input_value() == "Ada Lovelace"
    assert _interactions(ws) == before
    press(page, capture.get_by_role("link", name="Add Ada Lovelace"))
    expect(page.locator("#add-person input[name=name]")).to_have_value("Ada Lovelace")


def test_review_an_event_end_to_end(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, ids, ws = server
    page.goto(base + "/events")
    row = page.locator(f"#past-{ids['past']}")
    press(page, row.locator("summary"))
    row.locator("select[name=rating]").select_option("5")
    row.locator("input[name=met]").fill("Alan Turing, Ada Lovelace")
    press(page, row.get_by_role("button", name="Save the review"))
    expect(page.locator(".flash")).to_contain_text("Reviewed Old conference: met")
    expect(page.locator(f"#past-{ids['past']}")).to_contain_text("★★★★★")
    with ws.read() as tx:
        (event,) = [e for e in plans.events(tx) if e.id == ids["past"]]
        assert event.rating == 5
        met = {people_service.names(tx)[pid] for pid in event.attendees}
    assert {"Alan Turing", "Ada Lovelace"} <= met
    # and a new event, added on the same page, is there to decide on
    page.goto(base + "/events")
    page.locator("#add-event input[name=title]").fill("Demo day")
    page.locator("#add-event input[name=at]").fill("2026-03-20T18:30")
    press(page, page.locator("#add-event").get_by_role("button", name="Add event"))
    expect(page.locator(".flash")).to_contain_text("Added Demo day.")
    expect(page.locator("tr", has_text="Demo day")).to_have_count(1)


def test_add_and_edit_a_person(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, _ids, _ws = server
    page.goto(base + "/people")
    press(page, page.get_by_role("link", name="+ Add a person"))
    page.locator("input[name=name]").fill("Katherine Johnson")
    page.locator("input[name=ident]").fill("grace@navy.example")  # Grace's: refused in place
    press(page, page.get_by_role("button", name="Add"))
    expect(page.locator("[role=alert]")).to_contain_text("already belongs")
    page.locator("input[name=ident]").fill("kj@nasa.example")
    press(page, page.get_by_role("button", name="Add"))
    expect(page.locator("h1")).to_have_text("Katherine Johnson")
    expect(page.locator(".flash")).to_contain_text("Added Katherine Johnson.")
    press(page, page.locator("#edit-person summary"))
    page.locator("#edit-person input[name=org]").fill("NASA Langley")
    press(page, page.locator("#edit-person").get_by_role("button", name="Save"))
    expect(page.locator(".hello")).to_contain_text("NASA Langley")


def test_snooze_a_follow_up_from_the_person_page(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, ids, _ws = server
    page.goto(f"{base}/people/{ids['alan']}")
    card = page.locator(f"#followup-{ids['alan']}")
    card.locator("select[name=days]").select_option("30")
    press(page, card.get_by_role("button", name="snooze"))
    card.wait_for(state="detached")
    page.goto(base + "/")
    expect(page.locator(f"#followup-{ids['alan']}")).to_have_count(0)


def test_a_double_tap_logs_once(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, _ids, ws = server
    page.goto(base + "/")
    capture = page.locator("#capture")
    capture.locator("input[name=person]").fill("Grace Hopper")
    before = _interactions(ws)
    capture.get_by_role("button", name="met").dblclick()
    expect(capture.locator(".flash")).to_contain_text("Logged meeting for Grace Hopper.")
    page.wait_for_timeout(300)  # htmx drops a second submission while the first is in flight
    assert _interactions(ws) == before + 1


def test_a_follow_ups_log_starts_quick_capture_with_them(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, ids, ws = server
    page.goto(base + "/")
    press(page, page.locator(f"#followup-{ids['alan']}").get_by_role("link", name="log"))
    who = page.locator("#capture input[name=person]")
    expect(who).to_have_value(f"Alan Turing (id {ids['alan']})")
    before = _interactions(ws)
    press(page, page.locator("#capture").get_by_role("button", name="messaged"))
    expect(page.locator("#capture .flash")).to_contain_text("Logged message for Alan Turing.")
    assert _interactions(ws) == before + 1
