"""The rules of docs/RULES.md as plain checks over the views' JSON.

:func:`collect` asks every view of a built network (``show``, ``ties``, ``people``, ``focus``,
``followups``, ``health``, ``review``, and the web API where asked) for its JSON. Each ``check_*`` is a
plain function of a :class:`Views` (and, where the rule is about the data, the plan's evidence from
``networks.evidence``) that returns the problems it finds, one sentence each, naming the person and the
view: an empty list means the views hold to the rule. Being plain functions, each can be fed a planted
contradiction to show it catches it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from apipages import whole
from networks import (
    AS_OF,
    CAPS,
    NOW,
    RANK,
    TIERS,
    Cli,
    Evidence,
    Network,
    ceiling,
    evidence,
    near_window_edge,
    six_months,
)

Json = Any


@dataclass
class Views:
    """Every view's JSON for one network, as of ``AS_OF``."""

    ties: list[Json]
    people: list[Json]
    focus: list[Json]
    followups: list[Json]
    health: Json
    review: Json
    shows: dict[int, Json] = field(default_factory=dict)  # person id -> show --json
    api: dict[str, Json] = field(default_factory=dict)  # "/api/ties", … -> JSON

    def email_of(self) -> dict[int, str]:
        """Person id -> the email the plan gave them (people without one are left out)."""
        out: dict[int, str] = {}
        for row in self.people:
            for ident in row.get("identities", []):
                if ident.get("kind") == "email":
                    out[row["person_id"]] = ident["value"]
        return out

    def names(self) -> dict[int, str]:
        return {row["person_id"]: row["name"] for row in self.people}


def collect(cli: Cli, shows: int = 4, api: bool = False) -> Views:
    """Every view's JSON through the real CLI; ``show`` for the pinned, the labelled and a few of the
    strongest (``shows`` of them at most, besides the labelled); the web API's lists when ``api``."""
    at = ("--as-of", AS_OF)
    v = Views(
        ties=cli.json("ties", *at),
        people=cli.json("people", *at),
        focus=cli.json("focus", *at),
        followups=cli.json("followups", *at),
        health=cli.json("health", *at),
        review=cli.json("review", *at),
    )
    wanted = [r["person_id"] for r in v.people if r.get("tier_pin") or r.get("closeness") is not None]
    wanted += [r["person_id"] for r in v.focus if r.get("why_now") == "one-sided"]
    wanted += [r["person_id"] for r in v.followups if "strong tie" in r.get("reason", "")]
    wanted += [p["person_id"] for s in v.health["signs"] for p in s.get("people", [])]
    wanted = list(dict.fromkeys(wanted))[: 2 * shows]
    wanted += [r["person_id"] for r in v.ties if r["person_id"] not in wanted][:shows]
    for pid in wanted:
        v.shows[pid] = cli.json("show", _show_key(v, pid), *at)
    if api:
        v.api = web_views(cli)
    return v


def _show_key(v: Views, pid: int) -> str:
    """What ``show`` takes for this person: their email where they have one, else their name."""
    return v.email_of().get(pid) or v.names()[pid]


def web_views(cli: Cli) -> dict[str, Json]:
    """The JSON API's lists over the same file (fastapi's TestClient, in process)."""
    from fastapi.testclient import TestClient

    from innercircle.config import Config
    from innercircle.web import create_app

    # the app's clock, not a query: not every list takes an as-of date
    app = create_app(Config(db=str(cli.db)), clock=lambda: NOW, warm=False)
    out: dict[str, Json] = {}
    with TestClient(app, base_url="http://127.0.0.1") as client:
        for path in ("/api/ties", "/api/people", "/api/followups"):
            out[path] = whole(client, path)
        r = client.get("/api/health")
        assert r.status_code == 200, f"/api/health: {r.status_code} {r.text[:300]}"
        out["/api/health"] = r.json()
    return out


# ---- who each view says what of ---------------------------------------------------------------------


def tiers_by_view(v: Views) -> Iterator[tuple[str, int, str]]:
    """(view, person id, tier) for every place a view states a person's tier."""
    for r in v.ties:
        yield "ties", r["person_id"], r["tier"]
    for r in v.people:
        yield "people", r["person_id"], r["tier"]
    for r in v.focus:
        yield "focus", r["person_id"], r["tier"]
    for r in v.followups:
        if r.get("tier"):
            yield "followups", r["person_id"], r["tier"]
    for pid, s in v.shows.items():
        yield "show", pid, s["tie"]["tier"]
    for r in v.review.get("focus", []):
        yield "review focus", r["person_id"], r["tier"]
    for r in v.review.get("followups", []):
        if r.get("tier"):
            yield "review followups", r["person_id"], r["tier"]
    for path in ("/api/ties", "/api/people", "/api/followups"):
        for r in v.api.get(path, []):
            if r.get("tier"):
                yield path, r["person_id"], r["tier"]


def texts_of(obj: Json) -> Iterator[str]:
    """Every string inside a JSON value."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for x in obj.values():
            yield from texts_of(x)
    elif isinstance(obj, list):
        for x in obj:
            yield from texts_of(x)


def _tie_rows(v: Views) -> Iterator[tuple[str, Json]]:
    for r in v.ties:
        yield "ties", r
    for pid, shown in v.shows.items():
        yield "show", shown["tie"] | {"person_id": pid}


def one_sided_claims(v: Views) -> Iterator[tuple[str, int]]:
    """(view, person id) wherever a view calls a tie one-sided: the user reaching out, they not."""
    names = {n: pid for pid, n in v.names().items()}
    for where, rows in (("focus", v.focus), ("review focus", v.review.get("focus", []))):
        for r in rows:
            if r.get("why_now") == "one-sided":
                yield where, r["person_id"]
    for where, health in (("health", v.health), ("review health", v.review.get("health", {}))):
        for s in health.get("signs", []):
            for p in s.get("people", []):
                if s["name"] == "one_sided" or p.get("why", "").startswith("one-sided"):
                    yield f"{where} {s['name']}", p["person_id"]
        for text in texts_of([health.get("verdict"), health.get("actions"), *health.get("signs", [])]):
            for m in re.finditer(r"one-sided (?:relationships?|ties?) \(([^)]*)\)", text):
                for name in m.group(1).split(", "):
                    if name in names:
                        yield f"{where} text", names[name]
    for where, r in _tie_rows(v):
        if any(x.startswith("one-sided") for x in r.get("reasons", [])):
            yield where, r["person_id"]


def two_sided_claims(v: Views) -> Iterator[tuple[str, int]]:
    """(view, person id) wherever a view says both sides reach out (over the same six months)."""
    for where, r in _tie_rows(v):
        if any(x.startswith("both sides reach out") for x in r.get("reasons", [])):
            yield where, r["person_id"]


def strong_tie_claims(v: Views) -> Iterator[tuple[str, int, str]]:
    """(view, person id, text) wherever a view calls a person's tie strong."""
    names = {n: pid for pid, n in v.names().items()}
    for where, rows in (("followups", v.followups), ("review followups", v.review.get("followups", []))):
        for r in rows:
            for text in texts_of([r.get("reason"), r.get("kind")]):
                if "strong tie" in text:
                    yield where, r["person_id"], text
    for where, health in (("health", v.health), ("review health", v.review.get("health", {}))):
        for s in health.get("signs", []):
            for text in texts_of([s.get("action"), s.get("explanation")]):
                if "strong ties going quiet" in text or ("strong tie" in text and "(" in text):
                    for m in re.finditer(r"(?:Reconnect with|cooling \()([^:)]*)", text):
                        for name in m.group(1).split(", "):
                            if name.strip() in names:
                                yield f"{where} {s['name']}", names[name.strip()], text
            for p in s.get("people", []):
                if "strong" in p.get("why", ""):
                    yield f"{where} {s['name']}", p["person_id"], p["why"]


# ---- the checks -------------------------------------------------------------------------------------

Check = Callable[[Network, Views], list[str]]


def check_same_tier_everywhere(net: Network, v: Views) -> list[str]:
    """A person's tier is the same in show, ties, people, focus, followups, the review and the API."""
    said: dict[int, dict[str, str]] = {}
    for view, pid, tier in tiers_by_view(v):
        said.setdefault(pid, {})[view] = tier
    return [
        f"{v.names().get(pid, pid)}: tiers differ across views {views}"
        for pid, views in said.items()
        if len(set(views.values())) > 1
    ]


def check_earned(net: Network, v: Views) -> list[str]:
    """No tier above what the evidence or the user's word earns (docs/RULES.md, Tiers); a pin always wins.

    Inner needs the user's word or two-way contact on 6 contact days over 6 weeks, close 3 over 3 weeks;
    active needs something by the user; known any interaction; the rest is tail."""
    ev = evidence(net)
    emails = v.email_of()
    out = []
    for r in v.ties:
        email = emails.get(r["person_id"])
        if email not in ev:
            continue
        top = ceiling(net, email, ev[email])
        pinned = email in net.pins
        if (pinned and r["tier"] != top) or RANK[r["tier"]] < RANK[top]:
            e = ev[email]
            out.append(
                f"{r['name']} <{email}> is {r['tier']} in ties, but the data earns at most {top}"
                f"{' (pinned)' if pinned else ''}: by you on {len(e.by_you)} days, by them on {len(e.by_them)}, "
                f"{len(e.days)} contact days over {e.span} days"
            )
    return out


def check_cold_not_active(net: Network, v: Views) -> list[str]:
    """Mail the user never answered, from people they never wrote to, is at most known: never active."""
    ev = evidence(net)
    emails = v.email_of()
    return [
        f"{r['name']} <{emails[r['person_id']]}> only wrote to the user, never answered, yet is {r['tier']}"
        for r in v.ties
        if (e := ev.get(emails.get(r["person_id"], ""))) is not None
        and e.cold_only
        and emails[r["person_id"]] not in net.pins
        and emails[r["person_id"]] not in net.closeness
        and RANK[r["tier"]] <= RANK["active"]
    ]


def _level(net: Network, email: str, ev: Evidence) -> int:
    """How much the evidence earns, as a tier rank (lower is more)."""
    return RANK[ceiling(net, email, ev)]


def check_monotone(net: Network, v: Views) -> list[str]:
    """Tiers are monotone in evidence and strength: among unpinned ties that are not cooling, one with at
    least the evidence of another and a higher strength is in at least as high a tier."""
    ev = evidence(net)
    emails = v.email_of()
    rows = [
        (r, _level(net, emails[r["person_id"]], ev[emails[r["person_id"]]]))
        for r in v.ties
        if emails.get(r["person_id"]) in ev
        and not r.get("cooling")
        and emails[r["person_id"]] not in net.pins
        and emails[r["person_id"]] not in net.closeness
    ]
    out = []
    for a, la in rows:
        for b, lb in rows:
            if la <= lb and a["strength"] > b["strength"] and RANK[a["tier"]] > RANK[b["tier"]]:
                out.append(
                    f"{a['name']} (strength {a['strength']}, earns {TIERS[la]}) is {a['tier']} below "
                    f"{b['name']} (strength {b['strength']}, earns {TIERS[lb]}) who is {b['tier']}"
                )
    return out[:5]


def check_caps(net: Network, v: Views) -> list[str]:
    """At most 5 inner, 15 inner+close, 50 up to active, 150 up to known (pins aside)."""
    pinned = {pid for pid, e in v.email_of().items() if e in net.pins}
    out = []
    for tier, cap in CAPS.items():
        n = sum(1 for r in v.ties if RANK[r["tier"]] <= RANK[tier] and r["person_id"] not in pinned)
        if n > cap:
            out.append(f"{n} ties up to {tier}, over the cap of {cap}")
    return out


def check_one_sided(net: Network, v: Views) -> list[str]:
    """One-sided has one definition: no view calls a person one-sided while another says both sides reach
    out, and nobody who wrote to the user (by them, in the data) since the user's first mail is called
    one-sided."""
    both = dict((pid, view) for view, pid in two_sided_claims(v))
    names = v.names()
    out = []
    for view, pid in one_sided_claims(v):
        if pid in both:
            out.append(f"{names.get(pid, pid)}: one-sided in {view}, both sides reach out in {both[pid]}")
    return sorted(set(out))


COUNTS = re.compile(r"in the last 6 months: ([\d.]+) by you, ([\d.]+) by them")


def check_one_sided_counts(net: Network, v: Views) -> list[str]:
    """The one-sided counts each view prints are the data's (docs/RULES.md, One-sided: the last 180
    days; by you at most 2 recipients, meetings for both; a co-recipient is neither), and the one_sided
    sign names exactly the ties with by you >= 3 and by them = 0."""
    truth = six_months(net)
    emails = v.email_of()
    out = []
    for where, r in _tie_rows(v):
        email = emails.get(r["person_id"], "")
        if email not in truth or near_window_edge(net, email):
            continue
        for reason in r.get("reasons", []):
            if (m := COUNTS.search(reason)) and (float(m.group(1)), float(m.group(2))) != truth[email]:
                out.append(
                    f"{where} {r['name']}: {reason!r}, the data has {truth[email][0]} by you, {truth[email][1]} by them"
                )
    sign = next((s for s in v.health.get("signs", []) if s["name"] == "one_sided"), None)
    if sign is not None:
        named = {emails.get(p["person_id"], "") for p in sign.get("people", [])}
        for email, (mine, theirs) in truth.items():
            if near_window_edge(net, email):
                continue
            if (mine >= 3 and theirs == 0) != (email in named):
                out.append(
                    f"one_sided sign {'omits' if email not in named else 'names'} {net.person(email).name}: "
                    f"{mine} by you, {theirs} by them in 180 days"
                )
    return out


def check_strong_tie(net: Network, v: Views) -> list[str]:
    """ "Strong tie" is said only of inner and close ties (their tier in ``ties``)."""
    tier = {r["person_id"]: r["tier"] for r in v.ties}
    names = v.names()
    return sorted(
        {
            f"{names.get(pid, pid)} is called a strong tie in {view} ({text!r}) but is {tier.get(pid)}"
            for view, pid, text in strong_tie_claims(v)
            if tier.get(pid) not in ("inner", "close")
        }
    )


def expected_status(sign: Json) -> str:
    """What a sign's value and thresholds say (docs/RULES.md, Health signs): ok when there is too little
    to judge; else, for a sign where higher is worse, alert from the alert level, warning from the
    threshold, ok short of it; for lower is worse the same downwards."""
    if sign.get("insufficient"):
        return "ok"
    value, warn, alert = sign["value"], sign["threshold"], sign["alert_at"]
    if str(sign.get("worse", "higher")).startswith("lower"):
        return "alert" if value <= alert else "warning" if value <= warn else "ok"
    return "alert" if value >= alert else "warning" if value >= warn else "ok"


def check_health_status(net: Network, v: Views) -> list[str]:
    """Every health status equals what its value and thresholds say; the overall status is the worst."""
    out = []
    for where, health in (("health", v.health), ("review", v.review.get("health", {}))):
        worst = "ok"
        for s in health.get("signs", []):
            want = expected_status(s)
            if s["status"] != want:
                out.append(
                    f"{where} {s['name']}: {s['value']} against {s['threshold']}/{s['alert_at']}"
                    f" ({s.get('worse', 'higher')} is worse) says {want}, shown {s['status']}"
                )
            worst = max(worst, s["status"], key=["ok", "warning", "alert"].index)
        if health.get("status") and health["status"] != worst:
            out.append(f"{where}: overall status {health['status']}, worst sign {worst}")
    return out


SLOW_DOWN = re.compile(r"over-networking|slow down|cut back", re.IGNORECASE)


def planned_load(net: Network) -> tuple[float, int]:
    """The plan's networking time in the last 4 weeks: hours of meetings, calls and attended events, and
    the number of events (mail is never time spent)."""
    start = NOW - timedelta(days=28)
    hours = sum(m.minutes for m in net.meetings if m.at >= start) / 60
    hours += sum(e.hours for e in net.events if e.at >= start)
    return hours, sum(1 for e in net.events if e.at >= start)


def plainly_under_budget(net: Network) -> bool:
    """Under the budget on any reading: at most 90% of 4 weeks' hours and of 4 weeks' share of the
    monthly events."""
    if net.budget is None:
        return False
    hours, events = planned_load(net)
    per_week, per_month = net.budget
    return hours <= 0.9 * 4 * per_week and events <= 0.9 * per_month * 28 / 31


def check_no_slow_down_under_budget(net: Network, v: Views) -> list[str]:
    """A user at or under budget (burnout's value at most 1.0, or the plan plainly under it) is never
    told over-networking, slow down or cut back, in the verdict or an action; and burnout does not say
    over budget of a plan plainly under it."""
    out = []
    for where, health in (("health", v.health), ("review", v.review.get("health", {}))):
        burnout = next((s for s in health.get("signs", []) if s["name"] == "burnout"), None)
        if burnout is None or net.budget is None:
            continue
        plain = plainly_under_budget(net)
        if plain and burnout["value"] > 1.0:
            out.append(
                f"{where} burnout {burnout['value']}× budget, the plan has {planned_load(net)} of {net.budget}"
            )
        if burnout["value"] <= 1.0 or plain:
            for text in [health.get("verdict", ""), *health.get("actions", [])]:
                if SLOW_DOWN.search(text or ""):
                    out.append(f"{where}: {text!r} at {burnout['value']}× the budget")
    return out


NEW_CONTACT_SIGNS = ("surface_relationships", "unfollowed_new", "neglected_contacts")


def check_cold_not_new_contacts(net: Network, v: Views) -> list[str]:
    """Mail the user never answered is not their networking: no such person is named by a sign of new
    contacts, nor called a new contact anywhere in health."""
    ev = evidence(net)
    emails = v.email_of()
    out = []
    for s in v.health.get("signs", []):
        for p in s.get("people", []):
            e = ev.get(emails.get(p["person_id"], ""))
            if (
                e is not None
                and e.cold_only
                and (s["name"] in NEW_CONTACT_SIGNS or "new contact" in p.get("why", ""))
            ):
                out.append(
                    f"health {s['name']}: {p['name']} named ({p.get('why')!r}) but the user never wrote"
                )
    return out


def check_pins_win(net: Network, v: Views) -> list[str]:
    """A pin always wins: a pinned person's tier is the pinned tier in every view."""
    emails = v.email_of()
    return [
        f"{emails[pid]} is pinned {net.pins[emails[pid]]} but {view} says {tier}"
        for view, pid, tier in tiers_by_view(v)
        if emails.get(pid) in net.pins and tier != net.pins[emails[pid]]
    ]


DUE_NOW_KINDS = ("due", "overdue", "cooling", "reply")


def check_due_not_future(net: Network, v: Views) -> list[str]:
    """A follow-up listed as due now (a lapsed cadence, a cooling tie, a reply owed) is not dated after
    the day it is listed on: a date to come is said only of what is coming (a birthday, an anniversary)."""
    today = AS_OF[:10]
    return [
        f"{where}: {r['name']} ({r['kind']}) listed as due now but dated {r['due']}, after {today}"
        for where, rows in (("followups", v.followups), ("review followups", v.review.get("followups", [])))
        for r in rows
        if r.get("kind") in DUE_NOW_KINDS and r.get("due") and r["due"] > today
    ]


CHECKS: dict[str, Check] = {
    "same tier everywhere": check_same_tier_everywhere,
    "tiers earned": check_earned,
    "cold inbound never active": check_cold_not_active,
    "tiers monotone in evidence and strength": check_monotone,
    "tier caps": check_caps,
    "one-sided identical across views": check_one_sided,
    "one-sided counted as the data says": check_one_sided_counts,
    "strong tie only of inner and close": check_strong_tie,
    "health status from value and thresholds": check_health_status,
    "no slow-down under budget": check_no_slow_down_under_budget,
    "cold inbound not new contacts": check_cold_not_new_contacts,
    "pins win": check_pins_win,
    "due now is not dated ahead": check_due_not_future,
}


def problems(net: Network, v: Views, checks: dict[str, Check] = CHECKS) -> dict[str, list[str]]:
    """Every check's problems, by the rule's name (only rules with problems)."""
    return {name: p for name, fn in checks.items() if (p := fn(net, v))}
