"""The forms in Chromium (Playwright): a rejected entry shows its message where it was typed and stores
nothing, a log refreshes the tie card, quick capture from the dashboard, an event reviewed end to end."""

from __future__ import annotations

from playwright.sync_api import expect
from tests.web.test_web_browser import browser_context, page, pytestmark, server  # noqa: F401

from innercircle.services import Workspace, plans
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
    with page.expect_response("**/followups/card") as card:  # the follow-ups card reloads itself
        capture.get_by_role("button", name="called").click()
    assert card.value.ok
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
    capture.get_by_role("link", name="Add Ada Lovelace").click()
    expect(page.locator("#add-person input[name=name]")).to_have_value("Ada Lovelace")


def test_review_an_event_end_to_end(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, ids, ws = server
    page.goto(base + "/events")
    row = page.locator(f"#past-{ids['past']}")
    row.locator("summary").click()
    row.locator("select[name=rating]").select_option("5")
    row.locator("input[name=met]").fill("Alan Turing, Ada Lovelace")
    row.get_by_role("button", name="Save the review").click()
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
    page.locator("#add-event").get_by_role("button", name="Add event").click()
    expect(page.locator(".flash")).to_contain_text("Added Demo day.")
    expect(page.locator("tr", has_text="Demo day")).to_have_count(1)


def test_add_and_edit_a_person(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, _ids, _ws = server
    page.goto(base + "/people")
    page.get_by_role("link", name="+ Add a person").click()
    page.locator("input[name=name]").fill("Katherine Johnson")
    page.locator("input[name=ident]").fill("grace@navy.example")  # Grace's: refused in place
    page.get_by_role("button", name="Add").click()
    expect(page.locator("[role=alert]")).to_contain_text("already belongs")
    page.locator("input[name=ident]").fill("kj@nasa.example")
    page.get_by_role("button", name="Add").click()
    expect(page.locator("h1")).to_have_text("Katherine Johnson")
    expect(page.locator(".flash")).to_contain_text("Added Katherine Johnson.")
    page.locator("#edit-person summary").click()
    page.locator("#edit-person input[name=org]").fill("NASA Langley")
    page.locator("#edit-person").get_by_role("button", name="Save").click()
    expect(page.locator(".hello")).to_contain_text("NASA Langley")


def test_snooze_a_follow_up_from_the_person_page(server, page):  # type: ignore[no-untyped-def]  # noqa: F811
    base, ids, _ws = server
    page.goto(f"{base}/people/{ids['alan']}")
    card = page.locator(f"#followup-{ids['alan']}")
    card.locator("select[name=days]").select_option("30")
    card.get_by_role("button", name="snooze").click()
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
