"""Small inline SVG charts (no script, no CDN): bars for components, a line for a trend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape


def _num(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def bars(items: Sequence[tuple[str, object]], width: int = 330, unit_max: float | None = None) -> Markup:
    """A horizontal bar per (label, value); values scale to ``unit_max`` (or the largest magnitude); a
    negative value (a component that lowers the strength) is drawn in the ``neg`` colour."""
    rows = [(label, v) for label, raw in items if (v := _num(raw)) is not None]
    if not rows:
        return Markup("")
    top = unit_max or max((abs(v) for _, v in rows), default=1.0) or 1.0
    label_w, bar_w, row_h = 88, width - 128, 24
    height = row_h * len(rows) + 4
    parts = [
        f'<svg class="chart bars" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg"><title>components</title>'
    ]
    for i, (label, v) in enumerate(rows):
        y = i * row_h + 2
        w = max(1.0, min(1.0, abs(v) / top) * bar_w) if v else 0.0
        kind = "bar neg" if v < 0 else "bar"  # a contribution that lowers the strength
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" class="lbl">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 8}" class="track" rx="3"/>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" class="{kind}" rx="3"/>'
            f'<text x="{label_w + bar_w + 6}" y="{y + 15}" class="val">{v:.2f}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def line(values: Sequence[object], width: int = 160, height: int = 36, threshold: object = None) -> Markup:
    """A sparkline of a trend, with a dashed line at the threshold when there is one."""
    pts = [v for raw in values if (v := _num(raw)) is not None]
    if len(pts) < 2:
        return Markup("")
    limit = _num(threshold)
    lo = min([*pts, limit] if limit is not None else pts)
    hi = max([*pts, limit] if limit is not None else pts)
    span = (hi - lo) or 1.0

    def y(v: float) -> float:
        return height - 3 - (v - lo) / span * (height - 6)

    step = (width - 6) / (len(pts) - 1)
    path = " ".join(f"{3 + i * step:.1f},{y(v):.1f}" for i, v in enumerate(pts))
    parts = [
        f'<svg class="chart spark" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg"><title>trend</title>'
    ]
    if limit is not None:
        parts.append(f'<line x1="0" x2="{width}" y1="{y(limit):.1f}" y2="{y(limit):.1f}" class="limit"/>')
    parts.append(f'<polyline points="{path}" class="trend"/>')
    parts.append(f'<circle cx="{3 + (len(pts) - 1) * step:.1f}" cy="{y(pts[-1]):.1f}" r="2.5" class="dot"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(items: Sequence[tuple[str, object]], width: int = 480, height: int = 140) -> Markup:
    """Vertical columns per (label, value), e.g. networking hours per week."""
    rows = [(label, v) for label, raw in items if (v := _num(raw)) is not None]
    if not rows:
        return Markup("")
    top = max((v for _, v in rows), default=1.0) or 1.0
    col_w = (width - 10) / len(rows)
    parts = [
        f'<svg class="chart cols" role="img" viewBox="0 0 {width} {height + 18}" width="{width}" '
        f'height="{height + 18}" xmlns="http://www.w3.org/2000/svg"><title>columns</title>'
    ]
    for i, (label, v) in enumerate(rows):
        h = max(0.0, v) / top * (height - 14)
        x = 5 + i * col_w
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{height - h:.1f}" width="{max(1.0, col_w - 4):.1f}" height="{h:.1f}" '
            f'class="bar" rx="2"><title>{escape(label)}: {v:g}</title></rect>'
            f'<text x="{x + col_w / 2:.1f}" y="{height + 13}" text-anchor="middle" class="lbl">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def review_charts(c: dict[str, object]) -> dict[str, Markup]:
    """The weekly review's four charts, drawn by the report's own SVG code (its text is escaped)."""
    from innercircle.reports.svg import AMBER, BLUE, TEAL, hbars, vbars

    tiers: Any = c.get("tiers") or []
    hours: Any = c.get("hours") or {}
    inter: Any = c.get("interactions") or {}
    weeks: Any = c.get("weeks") or []
    goals: Any = c.get("outcomes_per_goal") or []
    out = {
        "tiers": hbars(
            [(t["tier"], float(t["count"]), None if t["cap"] is None else float(t["cap"])) for t in tiers],
            "Ties per tier against Dunbar's caps",
        ),
        "hours": vbars(
            weeks,
            [("networking hours", hours.get("hours", []), BLUE)],
            "Networking hours per week against the budget",
            line=hours.get("budget"),
            line_label=f"budget {hours.get('budget') or 0:g} h",
        ),
        "interactions": vbars(
            weeks,
            [("nurtured", inter.get("nurtured", []), TEAL), ("new people", inter.get("new", []), AMBER)],
            "New against nurtured interactions per week",
        ),
        "goals": hbars([(g["goal"], float(g["outcomes"]), None) for g in goals], "Outcomes per goal")
        if goals
        else "",
    }
    return {k: Markup(v) for k, v in out.items()}
