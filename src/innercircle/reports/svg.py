"""Small hand-written SVG charts (inline, no scripts, no external resources)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

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
    rows: Sequence[tuple[str, float, float | None]], label: str, unit: str = "", width: int = 560
) -> str:
    """Horizontal bars (label, value, optional cap drawn as a marker)."""
    row_h, left, right = 30, 190, 70
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
    width: int = 560,
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


def spark(values: Sequence[float], threshold: float | None = None, width: int = 120, height: int = 28) -> str:
    """A small trend line of eight weekly values, with the threshold dashed."""
    if not values:
        return ""
    top = max([*values, threshold or 0, 1e-9]) * 1.1
    step = width / max(1, len(values) - 1)
    pts = " ".join(f"{i * step:.1f},{height - 2 - v / top * (height - 4):.1f}" for i, v in enumerate(values))
    body = [f'<polyline points="{pts}" fill="none" stroke="{BLUE}" stroke-width="2"/>']
    if threshold is not None:
        y = height - 2 - threshold / top * (height - 4)
        body.append(
            f'<line x1="0" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="{AMBER}" stroke-dasharray="3 3"/>'
        )
    return _svg(width, height, body, "8-week trend")


__all__ = ["AMBER", "BLUE", "RED", "TEAL", "hbars", "spark", "vbars"]
