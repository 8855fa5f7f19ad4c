"""The HTML pages' rendering: one Jinja environment for the web app and the offline weekly review.

The weekly review page is one template (``templates/review.html``): the web app renders it inside its
navigation, and ``review --html`` renders the same template as one self-contained file (the stylesheet
inlined, no links to the app, no scripts, no CDN).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2

from innercircle.core.dates import show_day, show_time
from innercircle.core.words import counted
from innercircle.reports.svg import bars, line, review_charts

if TYPE_CHECKING:
    from innercircle.results.review import Review

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"  # the stylesheet the app serves and the offline page inlines


def environment(*folders: Path) -> jinja2.Environment:
    """Templates from ``folders`` and this package's, with the filters and charts every page uses."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, TEMPLATES]),
        autoescape=True,  # every page: names and notes come from imported files
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(bars=bars, spark=line)
    env.filters["day"] = _day
    env.filters["when"] = _when
    env.filters["counted"] = counted  # {{ n | counted("person") }}: "1 person", "2 people"
    env.filters["pct"] = lambda v: "" if v is None else f"{float(v) * 100:.0f}%"
    env.filters["num"] = lambda v, d=2: (
        "" if v is None else (f"{v:.{d}f}" if isinstance(v, float) else str(v))
    )
    return env


def page_zone(context: Mapping[str, Any]) -> tzinfo:
    """The owner's zone a page shows its times in: the context's ``zone`` (a zone or its IANA name),
    else the review's ``timezone``, else UTC (which the label then says)."""
    zone = context.get("zone")
    if zone is None:
        zone = getattr(context.get("review"), "timezone", None)
    if isinstance(zone, tzinfo):
        return zone
    try:
        return ZoneInfo(str(zone)) if zone else UTC
    except (ValueError, ZoneInfoNotFoundError):
        return UTC


@jinja2.pass_context
def _when(context: Mapping[str, Any], value: object) -> str:
    """A moment on the owner's clock with the zone's short name: ``2026-12-07 18:30 CET``."""
    return "" if value is None else show_time(value, page_zone(context))


@jinja2.pass_context
def _day(context: Mapping[str, Any], value: object) -> str:
    """The owner's calendar day of a moment."""
    return "" if value is None else show_day(value, page_zone(context))


def review_context(review: Review) -> dict[str, Any]:
    """What the review template reads besides the review itself: its charts."""
    return {"review": review, "charts": review_charts(review.charts)}


def render_html(review: Review) -> str:
    """The weekly review as one self-contained HTML page."""
    page = environment().get_template("review.html")
    style = (STATIC / "style.css").read_text(encoding="utf-8")
    return page.render(review_context(review), base="standalone.html", standalone=True, style=style) + "\n"
