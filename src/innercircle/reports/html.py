"""The HTML pages' rendering: one Jinja environment for the web app and the offline weekly review.

The weekly review page is one template (``templates/review.html``): the web app renders it inside its
navigation, and ``review --html`` renders the same template as one self-contained file (the stylesheet
inlined, no links to the app, no scripts, no CDN).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from innercircle.reports.svg import bars, line, review_charts

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
    env.filters["day"] = lambda v: "" if v is None else str(v)[:10]
    env.filters["when"] = lambda v: "" if v is None else str(v)[:16].replace("T", " ")
    env.filters["pct"] = lambda v: "" if v is None else f"{float(v) * 100:.0f}%"
    env.filters["num"] = lambda v, d=2: (
        "" if v is None else (f"{v:.{d}f}" if isinstance(v, float) else str(v))
    )
    return env


def review_context(review: Mapping[str, Any]) -> dict[str, Any]:
    """What the review template reads besides the review itself: its charts."""
    return {"review": review, "charts": review_charts(dict(review.get("charts") or {}))}


def render_html(review: Mapping[str, Any]) -> str:
    """The weekly review (as plain data: ISO strings for moments) as one self-contained HTML page."""
    page = environment().get_template("review.html")
    style = (STATIC / "style.css").read_text(encoding="utf-8")
    return page.render(review_context(review), base="standalone.html", standalone=True, style=style) + "\n"
