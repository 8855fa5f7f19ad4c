"""The weekly review and the strategic views in the terminal (rich), from their result models."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rich.console import Console
from rich.table import Table
from rich.text import Text

from innercircle.core.dates import show_day, show_time
from innercircle.core.focus import ONE_SIDED_LABEL
from innercircle.core.health import sign_label
from innercircle.core.words import counted, unit_of
from innercircle.reports.console import literal

if TYPE_CHECKING:
    from innercircle.results.advice import FocusItem, Followup
    from innercircle.results.events import EventReview, TriageItem
    from innercircle.results.health import Health, Outcomes
    from innercircle.results.intros import GoalIntro
    from innercircle.results.review import Review

STATUS_STYLE = {"ok": "green", "warning": "yellow", "alert": "bold red"}
DECISION_STYLE = {"attend": "green", "maybe": "yellow", "skip": "dim"}
SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float]) -> str:
    """Eight values as a tiny bar chart of block characters."""
    if not values:
        return ""
    top = max(values) or 1.0
    return "".join(SPARK[min(7, int(v / top * 7.999))] if v > 0 else " " for v in values)


def draft_gist(draft: str, width: int = 180) -> str:
    """The body of a draft message on one line (greeting and sign-off dropped), shortened."""
    lines = [ln.strip() for ln in draft.splitlines() if ln.strip()]
    body = lines[1:-1] if len(lines) > 2 else lines
    text = " ".join(body)
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def fit_table(*columns: str, fixed: Collection[str] = (), **options: Any) -> Table:
    """A table that fits an 80-column terminal: the ``fixed`` columns (ids, numbers, dates, tiers: short,
    and useless cut) never wrap; the others wrap at spaces and fold a word longer than the column (an
    address, a URL), so nothing is cut to "…". Headers are kept to one short word or two."""
    table = Table(**options)
    for name in columns:
        if name in fixed:
            table.add_column(name, no_wrap=True, min_width=len(name))
        else:
            table.add_column(name, overflow="fold")
    return table


def _status(s: str) -> str:
    return f"[{STATUS_STYLE.get(s, 'white')}]{literal(s)}[/]"


def print_focus(out: Console, items: Sequence[FocusItem]) -> None:
    """Focus: who to invest in now, and why."""
    if not items:
        out.print("No one to focus on yet: add goals ('goal add') and import your contacts.")
        return
    out.print(f"[bold]Focus[/] — {counted(len(items), 'person')} worth investing in now")
    for n, i in enumerate(items, 1):
        flag = {"cooling": "[red]cooling[/]", "one-sided": f"[yellow]{ONE_SIDED_LABEL}[/]"}.get(
            i.why_now, "room to grow"
        )
        if i.why_now == "reply":  # 'reply: they reached out N times and you have not answered'
            flag = f"[yellow]{literal(i.reasons[0])}[/]"
        out.print(
            f"{n:>3}. [bold]{literal(i.name)}[/]  {literal(i.tier)} {i.strength:.2f} · goal fit {i.fit:.2f} · {flag}",
            highlight=False,
        )
        # the flag already says what to do: the reason line keeps only the counts behind it
        reasons = i.reasons[1:4] if i.why_now == "reply" else i.reasons[:3]
        reasons = [r.removeprefix(ONE_SIDED_LABEL + " ") for r in reasons]
        out.print(f"      [dim]{literal('; '.join(reasons))}[/]", highlight=False)


def print_health(out: Console, health: Health, verdict: bool = True) -> None:
    """Health: each sign with value, its warning and alert levels, status and trend; then each one's
    direction (higher or lower is worse) and why; the verdict and three actions (unless ``verdict`` is
    False: the review prints them once, at its top)."""
    table = fit_table(
        "sign",
        "value",
        "warn / alert",
        "status",
        "8 weeks",
        fixed=("status", "8 weeks", "warn / alert"),
        title="Health",
        title_justify="left",
    )
    for s in health.signs:
        table.add_row(
            literal(sign_label(s.name)),
            literal(f"{s.value:g} {unit_of(s.value, s.unit)}"),
            f"{s.threshold:g} / {s.alert_at:g}",
            Text(s.status, style=STATUS_STYLE.get(s.status, "white")),
            sparkline(s.trend),
        )
    out.print(table)
    for s in health.signs:
        judged = "too little to judge" if s.insufficient else f"{s.worse} is worse"
        out.print(
            f"  [bold]{literal(sign_label(s.name))}[/] ({_status(s.status)}; {judged}): {literal(s.explanation)}",
            highlight=False,
        )
    if not verdict:
        return
    out.print(f"[bold]Verdict:[/] {_status(health.status)} — {literal(health.verdict)}")
    for n, a in enumerate(health.actions, 1):
        out.print(f"  {n}. {literal(a)}", highlight=False)


def _cost(item: TriageItem) -> str:
    """An event's hours, with the travel in them: "3 h" or "2 h + 1 h travel"."""
    hours, travel = float(item.hours), float(item.travel_hours or 0)
    return f"{round(hours - travel, 2):g} h + {travel:g} h travel" if travel > 0 else f"{hours:g} h"


def print_events(out: Console, items: Sequence[TriageItem], zone: tzinfo = UTC) -> None:
    """Event triage: attend, skip or maybe with reasons; start times on the owner's clock (``zone``),
    which the heading names."""
    if not items:
        out.print("[bold]Events[/]: none upcoming ('event add' or import a calendar).")
        return
    out.print(f"[bold]Events[/] — {len(items)} upcoming (times in {zone})")
    for i in items:
        d = i.decision
        mine = f" (you said {literal(i.user_decision)})" if i.user_decision else ""
        when = show_time(i.start, zone, label=False)
        out.print(
            f"  [{DECISION_STYLE.get(d, 'white')}]{literal(f'{d.upper():<6}')}[/] {literal(when)}  [bold]{literal(i.title)}[/] "
            f"({_cost(i)}){mine}",
            highlight=False,
        )
        out.print(f"         [dim]{literal('; '.join(i.reasons[1:]))}[/]", highlight=False)


def print_event_return(out: Console, r: EventReview, zone: tzinfo = UTC) -> None:
    """One event's review: rating, people met, follow-ups, outcomes, return per hour."""
    out.print(
        f"[bold]{literal(r.title)}[/] ({show_day(r.start, zone)}), {r.hours:g} h, "
        f"rating {literal(r.rating or '—')}"
    )
    out.print(f"  met: {literal(', '.join(r.met_names) or 'nobody recorded')}", highlight=False)
    out.print(
        f"  followed up within 14 days: {literal(', '.join(r.followed_up_names) or 'nobody yet')}",
        highlight=False,
    )
    out.print(f"  outcomes attributed: {r.outcomes} {literal(', '.join(r.outcome_kinds))}")
    out.print(f"  return: {r.value:g} points, {r.per_hour:g} per hour")


def _print_followups(out: Console, items: Sequence[Followup]) -> None:
    if not items:
        out.print("[bold]Follow-ups[/]: nothing due.")
        return
    out.print(f"[bold]Follow-ups[/] ({len(items)})")
    for f in items[:10]:
        name = f.name or f"#{f.person_id}"
        reason = f.reason or "; ".join(f.reasons)
        out.print(f"  • [bold]{literal(name)}[/]: {literal(reason)}", highlight=False)
        if f.draft:
            out.print(f"    [dim]draft: {literal(draft_gist(f.draft))}[/]", highlight=False)


def _print_outcomes(out: Console, o: Outcomes) -> None:
    out.print(f"[bold]Outcomes[/] ({o.total} recorded)")
    for g in o.goals:
        due = f", due {g.due} ({g.days_left} days)" if g.due else ""
        out.print(
            f"  • {literal(g.goal)}: {g.outcomes} outcomes ({literal(', '.join(g.kinds) or 'none yet')}), "
            f"progress {g.progress:.0%}{literal(due)}",
            highlight=False,
        )
    ph = o.per_hour
    out.print(f"  last {ph.days} days: {ph.outcomes} outcomes from {ph.hours:g} h ({ph.per_hour:g}/h)")
    best = [e for e in o.events if e.value > 0][:3]
    for e in best:
        out.print(f"  event {literal(e.title)}: {e.value:g} points, {e.per_hour:g}/h", highlight=False)
    eng = o.engagement
    if eng.posts:
        out.print(
            f"  online: {eng.posts_on_goals} of {eng.posts} posts on your goals ({eng.share_on_goals:.0%})"
        )


def review_zone(data: Review) -> tzinfo:
    """The owner's zone the review was made on (its ``timezone``; UTC when it names none known)."""
    try:
        return ZoneInfo(data.timezone or "UTC")
    except (ValueError, ZoneInfoNotFoundError):
        return UTC


def print_review(out: Console, data: Review) -> None:
    """The whole weekly review: the verdict and its actions once, at the top; the health table below
    gives the signs behind them."""
    owner = f" for {literal(data.owner)}" if data.owner else ""
    out.rule(f"[bold]Weekly review{owner} — {literal(data.week)}[/]")
    h = data.health
    out.print(f"[bold]Verdict:[/] {_status(h.status)} — {literal(h.verdict)}")
    for n, a in enumerate(h.actions, 1):
        out.print(f"  {n}. {literal(a)}", highlight=False)
    print_focus(out, data.focus)
    _print_followups(out, data.followups)
    print_events(out, data.events, review_zone(data))
    print_health(out, h, verdict=False)
    _print_outcomes(out, data.outcomes)
    if data.intros:
        out.print("[bold]Warm intros to your goal targets[/]")
    for i in data.intros[:8]:
        out.print(f"  • {literal(i.target)} ({literal(i.goal)}): {literal(_intro_line(i))}", highlight=False)
    out.print("[bold]Reflect[/] (answer with 'review --reflect')")
    for q in data.reflection.questions:
        out.print(f"  ? {literal(q)}", highlight=False)


def _intro_line(i: GoalIntro) -> str:
    """The best warm path and its strength, or the honest summary when there is none."""
    if i.warm and i.paths and len(i.paths[0].ids) > 2:
        return f"{i.path} (path strength {i.paths[0].strength:.2f})"
    return i.summary
