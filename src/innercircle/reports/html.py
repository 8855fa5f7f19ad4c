"""The weekly review as one self-contained, offline HTML page (inline CSS and SVG; no scripts, no CDN)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from innercircle.reports.svg import AMBER, BLUE, TEAL, hbars, spark, vbars

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2933;background:#f5f7fa;margin:0}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:28px;margin:0 0 4px}h2{font-size:20px;margin:0 0 12px}
.sub{color:#7b8794;margin:0 0 20px}
.card{background:#fff;border-radius:10px;padding:18px 20px;margin:0 0 18px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:18px}.grid .card{margin:0}
.verdict{border-left:6px solid #7b8794}.verdict.alert{border-color:#d64545}.verdict.warning{border-color:#e8a317}
.verdict.ok{border-color:#14a37f}
.pill{display:inline-block;padding:1px 9px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}
.ok{background:#14a37f}.warning{background:#e8a317}.alert{background:#d64545}
.attend{background:#14a37f}.maybe{background:#e8a317}.skip{background:#9aa5b1}
.card.verdict{background:#fff}
table{border-collapse:collapse;width:100%;font-size:14px}
th{text-align:left;color:#52606d;font-weight:600;border-bottom:2px solid #e4e7eb;padding:6px}
td{border-bottom:1px solid #eef1f4;padding:7px 6px;vertical-align:top}
td.num{text-align:right;white-space:nowrap}.why{color:#52606d;font-size:13px}
.nw{white-space:nowrap}.draft{background:#f0f4f8;border-radius:6px;padding:8px 10px;font-size:13px;white-space:pre-wrap;margin-top:4px}
ol.actions li{margin:4px 0}summary{cursor:pointer;color:#52606d;font-size:13px}.q{font-style:italic;margin:6px 0}
@media (max-width:800px){.grid{grid-template-columns:1fr}}
"""


def _e(v: object) -> str:
    return escape("" if v is None else str(v))


def _pill(kind: str) -> str:
    return f'<span class="pill {_e(kind)}">{_e(kind)}</span>'


def _card(title: str, body: str, cls: str = "", anchor: str = "") -> str:
    ident = f' id="{anchor}"' if anchor else ""
    return f'<section class="card {cls}"{ident}><h2>{_e(title)}</h2>{body}</section>'


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], empty: str) -> str:
    if not rows:
        return f'<p class="why">{_e(empty)}</p>'
    th = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _verdict(h: Mapping[str, Any]) -> str:
    actions = "".join(f"<li>{_e(a)}</li>" for a in h["actions"])
    body = f"<p>{_pill(h['status'])} {_e(h['verdict'])}</p><ol class='actions'>{actions}</ol>"
    return _card("This week", body, f"verdict {h['status']}")


def _focus(items: Sequence[Mapping[str, Any]]) -> str:
    rows = [
        [
            f"<b>{_e(i['name'])}</b>",
            _e(i["tier"]),
            f"{i['strength']:.2f}",
            f"{i['fit']:.2f}",
            _e(i["why_now"]),
            f"<span class='why'>{_e('; '.join(i['reasons'][:3]))}</span>",
        ]
        for i in items
    ]
    return _card(
        "Focus: who to invest in now",
        _table(["person", "tier", "strength", "goal fit", "why now", "reasons"], rows, "No one yet."),
        anchor="focus",
    )


def _followups(items: Sequence[Mapping[str, Any]]) -> str:
    rows = []
    for n, f in enumerate(items[:12]):
        name = f.get("name") or f.get("person") or f"#{f.get('person_id')}"
        reason = f.get("reason") or "; ".join(f.get("reasons") or [])
        draft = (
            f"<details{' open' if n < 3 else ''}><summary>draft</summary>"
            f"<div class='draft'>{_e(f.get('draft'))}</div></details>"
            if f.get("draft")
            else ""
        )
        rows.append([f"<b>{_e(name)}</b>", f"<span class='why'>{_e(reason)}</span>{draft}"])
    more = f"<p class='why'>and {len(items) - 12} more: innercircle followups</p>" if len(items) > 12 else ""
    return _card(
        f"Follow-ups ({len(items)})",
        _table(["person", "why, and a draft"], rows, "Nothing due.") + more,
        anchor="followups",
    )


def _events(items: Sequence[Mapping[str, Any]]) -> str:
    rows = [
        [
            f"<span class='nw'>{_e(str(i['start'])[:10])}</span><br>{_e(str(i['start'])[11:16])}",
            f"<b>{_e(i['title'])}</b>",
            f"<span class='nw'>{i['hours']:g} h</span>",
            _pill(str(i["decision"])),
            f"<span class='why'>{_e('; '.join(i['reasons'][1:]))}</span>",
        ]
        for i in items[:15]
    ]
    return _card(
        "Events: attend or skip",
        _table(["when", "event", "cost", "advice", "why"], rows, "No upcoming events."),
        anchor="events",
    )


def _health(h: Mapping[str, Any]) -> str:
    rows = [
        [
            f"<b>{_e(s['name'].replace('_', ' '))}</b>",
            f"{s['value']:g} <span class='why'>{_e(s.get('unit', ''))}</span>",
            f"{s['threshold']:g}",
            _pill(s["status"]),
            spark(s["trend"], s["threshold"]),
            f"<span class='why'>{_e(s['explanation'])}</span>",
        ]
        for s in h["signs"]
    ]
    return _card(
        "Health: signs of over-networking",
        _table(["sign", "value", "threshold", "status", "8 weeks", "why"], rows, ""),
        anchor="health",
    )


def _charts(c: Mapping[str, Any]) -> str:
    # the long tail (hundreds of dormant connections) would flatten the capped tiers: named, not drawn
    capped = [t for t in c["tiers"] if t["cap"] is not None]
    tail = sum(int(t["count"]) for t in c["tiers"] if t["cap"] is None)
    tiers = (
        hbars(
            [(t["tier"], float(t["count"]), float(t["cap"])) for t in capped],
            "Ties per tier against Dunbar's caps",
        )
        + f"<p class='why'>Long tail, beyond Dunbar's 150: {tail} people.</p>"
    )
    hours = vbars(
        c["weeks"],
        [("networking hours", c["hours"]["hours"], BLUE)],
        "Networking hours per week against the budget",
        line=c["hours"]["budget"],
        line_label=f"budget {c['hours']['budget']:g} h",
    )
    inter = vbars(
        c["weeks"],
        [("nurtured", c["interactions"]["nurtured"], TEAL), ("new people", c["interactions"]["new"], AMBER)],
        "New against nurtured interactions per week",
    )
    goals = [(g["goal"], float(g["outcomes"]), None) for g in c["outcomes_per_goal"]]
    outc = hbars(goals, "Outcomes per goal") if goals else "<p class='why'>No goals yet.</p>"
    return (
        "<div class='grid'>"
        + _card("Ties per tier (Dunbar's caps)", tiers)
        + _card("Networking hours per week vs budget", hours)
        + _card("New vs nurtured interactions", inter)
        + _card("Outcomes per goal", outc)
        + "</div><p></p>"
    )


def _outcomes(o: Mapping[str, Any]) -> str:
    goals = [
        [
            _e(g["goal"]),
            str(g["outcomes"]),
            _e(", ".join(g["kinds"]) or "—"),
            f"{g['progress']:.0%}",
            _e(f"{g['due']} ({g['days_left']} days)" if g.get("due") else "—"),
        ]
        for g in o["goals"]
    ]
    events = [
        [
            _e(e["title"]),
            f"{e['hours']:g} h",
            str(len(e["met"])),
            str(len(e["followed_up"])),
            str(e["outcomes"]),
            f"{e['per_hour']:g}",
        ]
        for e in o["events"][:8]
    ]
    ph, eng = o["per_hour"], o["engagement"]
    summary = (
        f"<p>{ph['outcomes']} outcomes from {ph['hours']:g} networking hours in the last {ph['days']} days "
        f"({ph['per_hour']:g} per hour). Online: {eng['posts_on_goals']} of {eng['posts']} posts on your goals. "
        f"<span class='why'>{_e(eng['note'])}</span></p>"
    )
    return _card(
        "Outcomes and return",
        summary
        + _table(["goal", "outcomes", "kinds", "progress", "due"], goals, "No goals yet.")
        + "<h3>Recent events</h3>"
        + _table(["event", "cost", "met", "followed up", "outcomes", "points/h"], events, "No past events.")
        + "<div class='grid'><div>"
        + "<h3>By channel</h3>"
        + _table(["channel", "contacts", "hours", "outcomes", "per hour"], _returns(o["channels"]), "—")
        + "</div><div><h3>By relationship</h3>"
        + _table(
            ["person", "contacts", "hours", "outcomes", "per hour"], _returns(o["relationships"][:8]), "—"
        )
        + "</div></div>",
        anchor="outcomes",
    )


def _returns(rows: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    return [
        [
            _e(r["key"]),
            str(r["interactions"]),
            f"{r['hours']:g}",
            str(r["outcomes"]),
            "—" if r["per_hour"] is None else f"{r['per_hour']:g}",
        ]
        for r in rows
    ]


def _intros_and_reflection(data: Mapping[str, Any]) -> str:
    intros = "".join(
        f"<li><b>{_e(i['target'])}</b> ({_e(i['goal'])}): {_e(i.get('summary') or '')}</li>"
        for i in data.get("intros", [])
    )
    qs = "".join(f"<p class='q'>{_e(q)}</p>" for q in data["reflection"]["questions"])
    answers = "".join(
        f"<p class='why'>{_e(a['question'])} — <b>{_e(a['answer'])}</b></p>"
        for a in data["reflection"]["answers"]
    )
    out = _card("Warm intros to your goal targets", f"<ul>{intros}</ul>") if intros else ""
    return out + _card(
        "Reflect",
        qs + answers + "<p class='why'>Answer with: innercircle review --reflect</p>",
        anchor="reflect",
    )


def render_html(data: Mapping[str, Any]) -> str:
    """The review as a complete HTML document."""
    owner = f" for {data['owner']}" if data.get("owner") else ""
    b = data["budget"]
    head = (
        f"<h1>Weekly review{_e(owner)}</h1><p class='sub'>Week {_e(data['week'])} · as of "
        f"{_e(str(data['as_of'])[:10])} · {data['people']} people · budget {b['hours_per_week']:g} h/week, "
        f"{b['events_per_month']:g} events/month</p>"
    )
    body = (
        head
        + _verdict(data["health"])
        + _charts(data["charts"])
        + _focus(data["focus"])
        + _followups(data["followups"])
        + _events(data["events"])
        + _health(data["health"])
        + _outcomes(data["outcomes"])
        + _intros_and_reflection(data)
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>innercircle — weekly review {_e(data['week'])}</title><style>{CSS}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )
