"""Every page on a phone (390×844, touch) and on a desktop (1280×900), in Debian's Chromium: no sideways
scrolling, no control off the screen, controls a thumb can hit, no explanation only in a hover tooltip;
and the home-screen app: manifest, icons, a service worker that shows an offline page."""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.web.browser import pytestmark, serve  # noqa: F401  (the same skip and group)
from tests.web.conftest import NOW, seed

from innercircle.config import Config
from innercircle.core.dates import as_of_moment
from innercircle.core.model import IdentityKind, IdentityRef, Person
from innercircle.services import Workspace, logbook
from innercircle.services.demo import load_demo
from innercircle.services.runtime.localzone import get_zone
from innercircle.store import people
from innercircle.web import create_app

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}
SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
LONG_MAIL = "maximiliane.wolkenstein-trostburg@entwicklungsfinanzierungsberatung.example"
MIN_TAP = 44  # px: the smallest target a thumb hits reliably
DEMO_DAY = "2026-11-25"
# pages that are not the app's own: Swagger UI's layout is its package's
NOT_OURS = {"/docs"}
NOT_PAGES = (
    "/api/",
    "/static/",
    "/openapi.json",
    "/calendar.ics",
    "/healthz",
    "/manifest.webmanifest",
    "/sw.js",
)

# What is wrong with the page, measured in it: overflow, controls off the screen or too small to tap,
# explanations only in a title attribute. One script, so a page costs one round trip.
MEASURE = """(minTap) => {
  const W = window.innerWidth;
  const out = {scrollWidth: document.documentElement.scrollWidth, innerWidth: W,
               offscreen: [], small: [], titled: []};
  const name = (el) => {
    const text = (el.getAttribute("aria-label") || el.innerText || el.value || el.name || "").trim();
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + JSON.stringify(text.slice(0, 40));
  };
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]");
  for (const el of controls) {
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    let r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.left < -0.5 || r.right > W + 0.5) out.offscreen.push(name(el) + " x=" + Math.round(r.left) +
        ".." + Math.round(r.right));
    // a checkbox is tapped through its label
    if (el.matches("input[type=checkbox], input[type=radio]") && el.closest("label")) {
      r = el.closest("label").getBoundingClientRect();
    }
    if (r.height < minTap - 0.5) out.small.push(name(el) + " " + Math.round(r.width) + "x" + Math.round(r.height));
  }
  for (const el of document.body.querySelectorAll("[title]")) out.titled.push(name(el));
  return out;
}"""


@dataclass
class Site:
    """A served network: its address and the pages to visit."""

    base: str
    pages: list[str] = field(default_factory=list)


def _page_routes(app: Any) -> list[str]:
    """The GET paths of the app's own pages (every router, so a page added later is visited too)."""
    paths: list[str] = []
    for route in app.router.routes:
        included = getattr(route, "original_router", None)
        for r in included.routes if included else [route]:
            path = getattr(r, "path", "")
            get = "GET" in (getattr(r, "methods", None) or ())
            if get and not path.startswith(NOT_PAGES) and path not in NOT_OURS:
                paths.append(path)
    return paths


def _pages(app: Any, examples: dict[str, list[str]]) -> list[str]:
    """Every page, path parameters filled in from ``examples``; plus the archived list and an error page."""
    pages: list[str] = []
    for path in _page_routes(app):
        params = re.findall(r"{(\w+)}", path)
        if not params:
            pages.append(path)
            continue
        missing = [p for p in params if p not in examples]
        assert not missing, f"{path}: add example values for {missing} to this test so the page is visited"
        for value in examples[params[0]]:
            pages.append(path.replace("{" + params[0] + "}", value))
    return [*pages, "/people?archived=1", "/people/999999"]


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The demo network at the start of its story day, and a few of its people (the busiest, the longest
    name and organization, an archived one)."""
    db = str(tmp_path_factory.mktemp("phone-demo") / "demo.db")
    ws = Workspace(db)
    load_demo(ws, seed=42, today=DEMO_DAY, now=datetime(2026, 11, 25, 9, 30, tzinfo=UTC))
    with ws.read() as tx:
        moment = as_of_moment(DEMO_DAY, datetime(2026, 11, 25, tzinfo=UTC), get_zone(tx))
        q = tx.conn.exec_driver_sql
        people = [
            q(
                "select p.id from people p join participants x on x.person_id = p.id where not p.is_me "
                "group by p.id order by count(*) desc limit 1"
            ).scalar(),
            q("select id from people where not is_me order by length(name) desc limit 1").scalar(),
            q(
                "select p.id from people p join organizations o on o.id = p.org_id "
                "order by length(o.name) desc limit 1"
            ).scalar(),
            q("select id from people where archived limit 1").scalar(),
        ]
    app = create_app(Config(db=db), clock=lambda: moment, workspace=ws, warm=False)
    base, stop = serve(app)
    yield Site(base, _pages(app, {"person_id": [str(p) for p in people if p]}))
    stop()
    ws.close()


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A small fresh network: two people, a goal, a past and an upcoming event; and a third person whose
    name, organization and address are as long as real ones get."""
    db = str(tmp_path_factory.mktemp("phone-small") / "small.db")
    ws = Workspace(db)
    ids = seed(ws)
    with ws.begin() as tx:
        long = Person(
            name="Maximiliane Wolkenstein-Trostburg-Hohenems",
            org="Internationale Entwicklungsfinanzierungsberatungsgesellschaft mbH",
            title="Leiterin Kommunikations- und Öffentlichkeitsarbeitsabteilung",
            identities=[IdentityRef(IdentityKind.EMAIL, LONG_MAIL, LONG_MAIL)],
        )
        ids["long"] = people.add_person(tx.conn, long, NOW)
        logbook.log_interaction(
            tx, "meeting", [long.name], NOW, NOW, 45, "Kooperationsvereinbarungsentwurf" * 3
        )
    app = create_app(Config(db=db), clock=lambda: NOW, workspace=ws, warm=False)
    base, stop = serve(app)
    yield Site(base, _pages(app, {"person_id": [str(ids[k]) for k in ("grace", "alan", "long")]}))
    stop()
    ws.close()


@pytest.fixture(scope="module")
def empty_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A fresh database, nothing in it yet: every page shows its empty state."""
    db = str(tmp_path_factory.mktemp("phone-empty") / "empty.db")
    ws = Workspace(db)
    app = create_app(Config(db=db), clock=lambda: NOW, workspace=ws, warm=False)
    base, stop = serve(app)
    yield Site(base, _pages(app, {"person_id": ["1"]}))
    stop()
    ws.close()


@pytest.fixture(scope="module")
def browser(chromium: Any) -> Any:
    return chromium


def _problems(browser: Any, site: Site, device: dict[str, Any], phone: bool) -> list[str]:
    context = browser.new_context(**device)
    context.set_default_timeout(20_000)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    problems: list[str] = []
    try:
        for path in site.pages:
            response = page.goto(site.base + path)
            assert response is not None
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            page.wait_for_load_state("load")
            m = page.evaluate(MEASURE, MIN_TAP)
            if m["scrollWidth"] > m["innerWidth"]:
                problems.append(f"{path}: {m['scrollWidth']} px wide in a {m['innerWidth']} px window")
            problems += [f"{path}: off the screen: {c}" for c in m["offscreen"]]
            problems += [f"{path}: explained only on hover (title): {c}" for c in m["titled"]]
            if phone:
                problems += [f"{path}: smaller than {MIN_TAP} px to tap: {c}" for c in m["small"]]
        problems += [f"refused by the page's policy: {r}" for r in refused]
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("network", ["demo", "small", "empty"])
@pytest.mark.parametrize(
    ("device", "phone"),
    [(PHONE, True), (SMALL_PHONE, True), (DESKTOP, False)],
    ids=["phone", "phone360", "desktop"],
)
def test_every_page_fits_the_screen(request, browser, network, device, phone):  # type: ignore[no-untyped-def]
    site: Site = request.getfixturevalue(f"{network}_site")
    assert {"/", "/people", "/goals", "/events", "/review"} <= set(site.pages)
    problems = _problems(browser, site, device, phone)
    assert not problems, "\n".join(problems[:60])


def test_the_tab_bar_and_its_menu_on_a_phone(browser, small_site):  # type: ignore[no-untyped-def]
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(small_site.base + "/events")
        tabs = page.locator("nav.tabs")
        box = tabs.bounding_box()
        assert box is not None and box["y"] + box["height"] == pytest.approx(844, abs=1), (
            "tab bar at the bottom"
        )
        assert tabs.locator("a.on").inner_text().strip() == "Events"
        tabs.locator("summary").tap()
        accounts = page.locator(".more .menu").get_by_role("link", name="Accounts")
        accounts_box = accounts.bounding_box()
        assert accounts_box is not None and accounts_box["height"] >= MIN_TAP
        assert accounts_box["x"] >= 0 and accounts_box["x"] + accounts_box["width"] <= 390
        page.locator("h1").tap()  # a tap elsewhere closes the menu
        assert not accounts.is_visible()
        tabs.locator("summary").tap()
        accounts.tap()
        page.wait_for_url("**/accounts")
        # the attend button of an upcoming event is on the screen and answers a tap
        page.goto(small_site.base + "/events")
        attend = page.locator("tr[id^=event-] button", has_text="attend").first
        attend.tap()
        page.locator("tr[id^=event-] button.chosen.attend").wait_for()
    finally:
        context.close()


def test_health_signs_explain_themselves_on_tap(browser, demo_site):  # type: ignore[no-untyped-def]
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(demo_site.base + "/")
        sign = page.locator("#health li.sign").first
        why = sign.locator(".why")
        assert not why.is_visible()
        sign.locator("summary").tap()
        assert why.is_visible() and len(why.inner_text()) > 20
    finally:
        context.close()


def test_login_and_logout_on_a_phone(browser, tmp_path: Path):  # type: ignore[no-untyped-def]
    """With a token: the login page has no tab bar (its pages are closed until then); after it, "Log out"
    is in the More menu, on the screen and big enough to tap."""
    db = str(tmp_path / "token.db")
    ws = Workspace(db)
    seed(ws)
    app = create_app(Config(db=db, token="s3cret-phone-token"), clock=lambda: NOW, workspace=ws, warm=False)
    base, stop = serve(app)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(base + "/people")
        page.wait_for_url("**/login**")
        assert page.locator("nav.tabs").count() == 0
        m = page.evaluate(MEASURE, MIN_TAP)
        assert m["scrollWidth"] <= m["innerWidth"] and not m["small"] and not m["offscreen"], m
        page.locator("input[name=token]").fill("s3cret-phone-token")
        page.get_by_role("button", name="Log in").tap()
        page.wait_for_url("**/people")
        page.locator("nav.tabs summary").tap()
        logout = page.get_by_role("button", name="Log out")
        box = logout.bounding_box()
        assert box is not None and box["height"] >= MIN_TAP and box["x"] + box["width"] <= 390
        logout.tap()
        page.wait_for_url("**/login")
    finally:
        context.close()
        stop()
        ws.close()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_manifest_and_its_icons(browser, small_site):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(small_site.base + "/")
        href = page.locator("link[rel=manifest]").get_attribute("href")
        response = context.request.get(small_site.base + href)
        assert response.ok and response.headers["content-type"].startswith("application/manifest+json")
        manifest = json.loads(response.body())
        assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
        sizes = set()
        for icon in manifest["icons"]:
            got = context.request.get(small_site.base + icon["src"])
            assert got.ok, icon
            if icon["type"] == "image/png":
                w, h = _png_size(got.body())
                assert f"{w}x{h}" == icon["sizes"]
                sizes.add(w)
        assert {192, 512} <= sizes
        assert any(i.get("purpose") == "maskable" for i in manifest["icons"])
    finally:
        context.close()


def test_the_service_worker_shows_an_offline_page(browser, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Installed from a page, the worker answers a visit with its offline page once the server is gone;
    an open page shows the offline notice when the connection drops."""
    db = str(tmp_path / "sw.db")
    ws = Workspace(db)
    seed(ws)
    base, stop = serve(create_app(Config(db=db), clock=lambda: NOW, workspace=ws, warm=False))
    context = browser.new_context(**PHONE, service_workers="allow")
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(base + "/people")
        scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
        assert scope == base + "/"
        page.reload()  # now under the worker's control
        assert page.evaluate("!!navigator.serviceWorker.controller")
        # what Chromium itself checks before it offers "Install app" (a test's throwaway profile counts as
        # incognito, where nothing installs: that one reason is the profile's, not the app's)
        errors = context.new_cdp_session(page).send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == [], errors
        note = page.locator("#offline-note")
        assert not note.is_visible()
        context.set_offline(True)
        note.wait_for(state="visible")
        context.set_offline(False)
        note.wait_for(state="hidden")
        stop()
        page.goto(base + "/goals")
        assert page.locator("h1").inner_text() == "You are offline"
        assert page.get_by_role("button", name="Try again").is_visible()
        assert not refused, refused
    finally:
        context.close()
        stop()
        ws.close()
