"""Small hand-written SVG charts, inline (no scripts, no external resources): the weekly review's bars and
columns (drawn in their own colours, for the offline page and the web alike) and the pages' component bars
and trend lines (styled by reports/static/style.css)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from innercircle.results.review import Charts

INK = "#1f2933"
MUTED = "#7b8794"
GRID = "#e4e7eb"
BLUE = "#2f6fde"
TEAL = "#14a37f"
AMBER = "#e8a317"
RED = "#d64545"


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(label)}" font-family="system-ui, sans-serif" font-size="12">'
        f"<title>{escape(label)}</title>" + "".join(body) + "</svg>"
    )


def _num(v: float) -> str:
    """A figure for a chart label: whole numbers from 10 up, one decimal below."""
    return f"{v:.0f}" if abs(v) >= 10 else f"{round(v, 1):g}"


def _text(x: float, y: float, s: str, anchor: str = "start", fill: str = INK, size: int = 12) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" font-size="{size}">'
        f"{escape(s)}</text>"
    )


def hbars(
    rows: Sequence[tuple[str, float, float | None]], label: str, unit: str = "", width: int = 440
) -> str:
    """Horizontal bars (label, value, optional cap drawn as a marker)."""
    # the labels' column as wide as the longest label needs: short tier names leave the bars room,
    # which matters when a phone scales the chart down to its width
    row_h, right = 30, 60
    left = min(190, 20 + 7 * max((min(len(name), 28) for name, _, _ in rows), default=4))
    height = 20 + row_h * max(1, len(rows))
    top = max([v for _, v, _ in rows] + [c or 0 for _, _, c in rows] + [1.0])
    scale = (width - left - right) / top
    body = []
    for n, (name, value, cap) in enumerate(rows):
        y = 10 + n * row_h
        over = cap is not None and value > cap
        body.append(_text(left - 8, y + 17, name if len(name) <= 28 else name[:27] + "…", "end"))
        body.append(
            f'<rect x="{left}" y="{y + 5}" width="{max(value * scale, 1):.1f}" height="16" rx="3" '
            f'fill="{RED if over else BLUE}"/>'
        )
        body.append(_text(left + value * scale + 6, y + 17, f"{_num(value)}{unit}", fill=MUTED))
        if cap is not None:
            x = left + cap * scale
            body.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 1}" y2="{y + 25}" stroke="{INK}" stroke-width="2"/>'
            )
            body.append(_text(x + 3, y + 4, f"cap {cap:g}", fill=MUTED, size=10))
    return _svg(width, height, body, label)


def vbars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], str]],
    label: str,
    line: float | None = None,
    line_label: str = "",
    width: int = 440,
    height: int = 240,
) -> str:
    """Vertical (stacked) bars per label, with an optional horizontal reference line (the budget)."""
    left, bottom, top_pad = 40, 40, 24
    n = max(1, len(labels))
    totals = [sum(s[1][i] for s in series) for i in range(len(labels))]
    top = max([*totals, line or 0, 1.0]) * 1.1
    plot_h = height - bottom - top_pad
    step = (width - left - 10) / n
    y0 = height - bottom
    body = [f'<line x1="{left}" x2="{width - 10}" y1="{y0}" y2="{y0}" stroke="{GRID}"/>']
    for frac in (0.5, 1.0):
        y = y0 - plot_h * frac
        body.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 4, _num(top / 1.1 * frac), "end", MUTED, 10))
    for i, name in enumerate(labels):
        x = left + i * step + step * 0.15
        base: float = y0
        for _, values, color in series:
            h = values[i] / top * plot_h
            if h > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" fill="{color}"/>'
                )
            base -= h
        body.append(_text(x + step * 0.35, y0 + 16, name, "middle", MUTED, 10))
        if totals[i]:
            body.append(_text(x + step * 0.35, base - 4, _num(totals[i]), "middle", INK, 10))
    if line is not None:
        y = y0 - line / top * plot_h
        body.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="{RED}" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        body.append(_text(width - 12, y - 5, line_label, "end", RED, 11))
    for k, (name, _, color) in enumerate(series):
        x = left + k * 130
        body.append(f'<rect x="{x}" y="{height - 16}" width="10" height="10" fill="{color}"/>')
        body.append(_text(x + 14, height - 7, name, fill=INK, size=11))
    return _svg(width, height, body, label)


def _value(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def bars(items: Sequence[tuple[str, object]], width: int = 330, unit_max: float | None = None) -> Markup:
    """A horizontal bar per (label, value); values scale to ``unit_max`` (or the largest magnitude); a
    negative value (a component that lowers the strength) is drawn in the ``neg`` colour."""
    rows = [(label, v) for label, raw in items if (v := _value(raw)) is not None]
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
    pts = [v for raw in values if (v := _value(raw)) is not None]
    if len(pts) < 2:
        return Markup("")
    limit = _value(threshold)
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


def review_charts(c: Charts) -> dict[str, Markup]:
    """The weekly review's four charts (every text in them escaped)."""
    goals = c.outcomes_per_goal
    out = {
        # the long tail (hundreds of dormant connections) would flatten the capped tiers: named, not drawn
        "tiers": hbars(
            [(t.tier, float(t.count), float(t.cap)) for t in c.tiers if t.cap is not None],
            "Ties per tier against Dunbar's caps",
        )
        + f"<p class='muted small'>Long tail, beyond Dunbar's 150: "
        f"{sum(t.count for t in c.tiers if t.cap is None)} people.</p>",
        "hours": vbars(
            c.weeks,
            [("networking hours", c.hours.hours, BLUE)],
            "Networking hours per week against the budget",
            line=c.hours.budget,
            line_label=f"budget {c.hours.budget or 0:g} h",
        ),
        "interactions": vbars(
            c.weeks,
            [("nurtured", c.interactions.nurtured, TEAL), ("new people", c.interactions.new, AMBER)],
            "New against nurtured interactions per week",
        ),
        "goals": hbars([(g.goal, float(g.outcomes), None) for g in goals], "Outcomes per goal")
        if goals
        else "",
    }
    return {k: Markup(v) for k, v in out.items()}
