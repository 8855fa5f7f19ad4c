"""End to end in Debian's Chromium (Playwright): the dashboard, logging, the timeline, events, import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from tests.web.browser import ARGS, CHROMIUM, pytestmark, serve  # noqa: F401  (the skip and group)
from tests.web.conftest import NOW, seed

from innercircle.config import Config
from innercircle.services import Workspace
from innercircle.web import create_app

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Katherine Johnson\r\nN:Johnson;Katherine;;;\r\n"
    "EMAIL;TYPE=INTERNET:katherine@nasa.example\r\nORG:NASA Langley\r\nTITLE:Mathematician\r\nEND:VCARD\r\n"
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, int], Workspace]]:
    """uvicorn on a free loopback port, in a thread, over a seeded real SQLite file."""
    db = tmp_path / "e2e.db"
    ws = Workspace(str(db))
    ids = seed(ws)
    app = create_app(Config(db=str(db)), clock=lambda: NOW, workspace=ws, warm=False)
    base, stop = serve(app)
    yield base, ids, ws
    stop()
    ws.close()


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Chromium with a fresh profile (one launch per module: a launch costs seconds)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        context.set_default_timeout(15_000)
        yield context
        context.close()


@pytest.fixture
def page(browser_context):  # type: ignore[no-untyped-def]
    """A new tab without the previous test's cookies."""
    browser_context.clear_cookies()
    tab = browser_context.new_page()
    yield tab
    tab.close()


def test_dashboard_log_and_timeline(server, page):  # type: ignore[no-untyped-def]
    base, ids, _ws = server
    page.goto(base + "/")
    assert page.locator("h1").inner_text().startswith("Today")
    assert page.get_by_text("AI founders meetup").count() >= 1
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Grace Hopper").click()
    page.wait_for_url(f"**/people/{ids['grace']}")
    form = page.locator("#timeline form")
    form.locator("select[name=channel]").select_option("meeting")
    form.locator("input[name=minutes]").fill("40")
    form.locator("input[name=note]").fill("Intro to the EU labs")
    form.get_by_role("button", name="Log").click()
    page.locator("#timeline").get_by_text("Intro to the EU labs").wait_for()
    page.reload()
    assert page.locator("#timeline").get_by_text("Intro to the EU labs").count() == 1


def test_remember_and_event_decision(server, page):  # type: ignore[no-untyped-def]
    base, ids, _ws = server
    page.goto(f"{base}/people/{ids['alan']}")
    page.locator("#details input[name=text]").fill("Runs marathons")
    page.locator("#details").get_by_role("button", name="Remember").click()
    page.locator("#details").get_by_text("Runs marathons").wait_for()
    page.goto(base + "/")
    row = page.locator(f"#event-{ids['upcoming']}")
    row.get_by_role("button", name="attend").click()
    page.locator(f"#event-{ids['upcoming']} button.chosen.attend").wait_for()
    page.reload()
    assert page.locator(f"#event-{ids['upcoming']} button.chosen.attend").count() == 1


def test_mark_a_followup_done(server, page):  # type: ignore[no-untyped-def]
    base, ids, _ws = server
    page.goto(base + "/")
    row = page.locator(f"#followup-{ids['alan']}")
    assert "Smith" in row.inner_text()
    row.locator("details summary").click()
    assert "Alan" in row.locator(".draft").inner_text()
    row.get_by_role("button", name="done").click()
    row.wait_for(state="detached")
    page.reload()
    assert page.locator(f"#followup-{ids['alan']}").count() == 0


def test_people_search_filters_as_you_type(server, page):  # type: ignore[no-untyped-def]
    base, _ids, _ws = server
    page.goto(base + "/people")
    page.locator("input[name=q]").fill("turing")
    # the page's policy forbids eval, so wait with a locator assertion rather than a JS predicate
    expect(page.locator("#people-table")).not_to_contain_text("Grace Hopper")
    assert "Alan Turing" in page.locator("#people-table").inner_text()


def test_upload_a_vcard(server, page, tmp_path):  # type: ignore[no-untyped-def]
    base, _ids, _ws = server
    card = tmp_path / "katherine.vcf"
    card.write_text(VCARD, encoding="utf-8")
    page.goto(base + "/import")
    page.locator("input[type=file]").set_input_files(str(card))
    page.get_by_role("button", name="Import").click()
    page.locator("#import-summary").wait_for()
    assert "Imported katherine.vcf" in page.locator("#import-summary").inner_text()
    page.goto(base + "/people?q=katherine")
    assert page.get_by_role("link", name="Katherine Johnson").count() == 1


def test_pages_run_under_their_security_policy(server, page):  # type: ignore[no-untyped-def]
    """Every page, the API docs included, works with its Content-Security-Policy: the browser
    reports no blocked script, style or frame, and the error page's "Go back" still goes back."""
    base, ids, _ws = server
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    for path in (
        "/",
        "/people",
        f"/people/{ids['grace']}",
        "/events",
        "/goals",
        "/review",
        "/import",
        "/docs",
    ):
        response = page.goto(base + path)
        assert response is not None and response.ok, path
        assert "script-src" in (response.headers.get("content-security-policy") or ""), path
    page.locator(".swagger-ui").wait_for()  # Swagger UI ran: its inline start script was allowed
    page.goto(base + "/people")
    page.goto(base + "/people/999999")
    page.get_by_role("link", name="Go back").click()
    page.wait_for_url(base + "/people")
    assert blocked == []
