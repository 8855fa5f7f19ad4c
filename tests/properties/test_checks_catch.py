"""Each rule's check catches a planted contradiction: fed views that hold to the rule it finds nothing, fed
the same views with one planted contradiction it names it. The views are plain JSON, as the CLI prints
them, so a check cannot pass by never looking."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest
from networks import ME, NOW, Contact, Mail, Met, Network
from viewrules import CHECKS, Views, problems

# Ann: two-way mail on 12 days over 11 weeks (earns inner); Ben: one meeting (earns active);
# Cal: cold mail, never answered (known at most); Dee: a card and nothing else (tail); Eve: pinned close
PEOPLE = (Contact(0, "two_way"), Contact(1, "met_once"), Contact(2, "cold"), Contact(3, "card_only"))
ANN, BEN, CAL, DEE = (c.email for c in PEOPLE)
EVE = Contact(4, "card_only").email


def _net() -> Network:
    ann = [
        Mail(NOW - timedelta(days=80 - 7 * k), ME if k % 2 else ANN, (ANN,) if k % 2 else (ME,))
        for k in range(12)
    ]
    cal = [Mail(NOW - timedelta(days=d), CAL, (ME,)) for d in (30, 20, 10)]
    ben = (Met(NOW - timedelta(days=3), "meeting", (BEN,), 45),)
    return Network(
        people=(*PEOPLE, Contact(4, "card_only")),
        mails=tuple(ann + cal),
        meetings=ben,
        pins={EVE: "close"},
        budget=(5.0, 3.0),
        cards=(DEE, EVE),
    )


NET = _net()
IDS = {ANN: 2, BEN: 3, CAL: 4, DEE: 5, EVE: 6}
TIER = {ANN: "inner", EVE: "close", BEN: "active", CAL: "known", DEE: "tail"}
STRENGTH = {ANN: 0.6, EVE: 0.05, BEN: 0.08, CAL: 0.03, DEE: 0.0}


def _sign(name: str, value: float, warn: float, alert: float, status: str, **more: Any) -> dict[str, Any]:
    return {
        "name": name,
        "value": value,
        "threshold": warn,
        "alert_at": alert,
        "status": status,
        "people": [],
    } | more


def good_views() -> Views:
    """Views of NET that hold to every rule."""
    names = {e: NET.person(e).name for e in IDS}
    ties = [
        {
            "person_id": IDS[e],
            "name": names[e],
            "identities": [e],
            "strength": STRENGTH[e],
            "tier": TIER[e],
            "cooling": False,
            "reasons": ["both sides reach out (in the last 6 months: 6 by you, 6 by them)"]
            if e == ANN
            else [],
        }
        for e in sorted(IDS, key=lambda e: -STRENGTH[e])
    ]
    people = [
        {
            "person_id": IDS[e],
            "name": names[e],
            "identities": [{"kind": "email", "value": e, "raw": e}],
            "tier": TIER[e],
            "strength": STRENGTH[e],
            "tier_pin": NET.pins.get(e),
            "closeness": None,
        }
        for e in IDS
    ]
    focus = [{"person_id": IDS[ANN], "name": names[ANN], "tier": "inner", "why_now": "grow", "reasons": []}]
    followups = [
        {
            "person_id": IDS[ANN],
            "name": names[ANN],
            "tier": "inner",
            "kind": "cooling",
            "reason": "strong tie cooling",
            "due": (NOW - timedelta(days=2)).date().isoformat(),
        },
        {
            "person_id": IDS[CAL],
            "name": names[CAL],
            "tier": "known",
            "kind": "reply",
            "reason": "reply: they wrote",
        },
    ]
    health = {
        "signs": [
            _sign("burnout", 0.2, 1.0, 1.5, "ok"),
            _sign("reciprocity", 0.5, 0.7, 0.85, "ok"),
            _sign("neglected_contacts", 0.3, 0.5, 0.75, "ok"),
            _sign("lack_of_focus", 0.9, 0.7, 0.85, "alert"),
            _sign("one_sided", 0.0, 1.0, 3.0, "ok"),
        ],
        "verdict": "Over-networking is not the trouble: lack_of_focus (alert). Set a goal.",
        "status": "alert",
        "actions": ["Write down one or two goals."],
        "hours_per_week": [0, 0, 0, 0, 0, 0, 0, 0.75],
    }
    health["verdict"] = "Watch out: lack_of_focus (alert)."
    review = {
        "focus": copy.deepcopy(focus),
        "followups": copy.deepcopy(followups),
        "health": copy.deepcopy(health),
    }
    shows = {IDS[ANN]: {"person_id": IDS[ANN], "tie": copy.deepcopy(ties[0])}}
    return Views(ties, people, focus, followups, health, review, shows)


def test_good_views_hold() -> None:
    assert problems(NET, good_views()) == {}


def _tie(v: Views, email: str) -> dict[str, Any]:
    return next(r for r in v.ties if r["person_id"] == IDS[email])


def plant_cold_active(v: Views) -> None:
    _tie(v, CAL)["tier"] = "active"
    next(r for r in v.people if r["person_id"] == IDS[CAL])["tier"] = "active"
    v.followups[1]["tier"] = "active"
    v.review["followups"][1]["tier"] = "active"


def plant_one_meeting_close(v: Views) -> None:
    for rows in (v.ties, v.people):
        next(r for r in rows if r["person_id"] == IDS[BEN])["tier"] = "close"


def plant_followups_disagree(v: Views) -> None:
    v.followups[0]["tier"] = "close"


def plant_show_disagrees(v: Views) -> None:
    v.shows[IDS[ANN]]["tie"]["tier"] = "close"


def plant_not_monotone(v: Views) -> None:
    # Ben (one meeting) and Eve swap nothing; Ann, with the most evidence and strength, drops below Ben
    for rows in (v.ties, v.people):
        next(r for r in rows if r["person_id"] == IDS[ANN])["tier"] = "known"
    v.focus[0]["tier"] = v.followups[0]["tier"] = "known"
    v.review["focus"][0]["tier"] = v.review["followups"][0]["tier"] = "known"
    v.shows[IDS[ANN]]["tie"]["tier"] = "known"
    v.followups[0]["reason"] = v.review["followups"][0]["reason"] = "tie cooling"


def plant_over_caps(v: Views) -> None:
    for k in range(6):
        v.ties.append({"person_id": 100 + k, "name": f"x{k}", "strength": 0.5, "tier": "inner"})


def plant_one_sided_both(v: Views) -> None:
    v.focus[0]["why_now"] = "one-sided"


def plant_one_sided_in_health(v: Views) -> None:
    v.health["actions"].append(
        f"Stop chasing one-sided relationships ({NET.person(ANN).name}): give them room to reciprocate."
    )


def plant_counts_wrong(v: Views) -> None:
    v.ties[0]["reasons"] = ["both sides reach out (in the last 6 months: 6 by you, 2 by them)"]


def plant_cold_one_sided(v: Views) -> None:
    v.health["signs"][4]["people"].append({"person_id": IDS[CAL], "name": "Cal", "why": "one-sided"})


def plant_strong_tie_active(v: Views) -> None:
    v.followups.append(
        {
            "person_id": IDS[BEN],
            "name": "Ben",
            "tier": "active",
            "kind": "cooling",
            "reason": "strong tie cooling",
        }
    )


def plant_status_wrong(v: Views) -> None:
    v.health["signs"][2] |= {"value": 0.07, "status": "alert"}  # 0.07 against 0.5 is ok


def plant_status_lower_is_worse(v: Views) -> None:
    # a sign where lower is worse: 0.2 is below its alert level 0.3, so alert, not ok
    v.health["signs"][1] |= {"value": 0.2, "threshold": 0.5, "alert_at": 0.3, "worse": "lower"}


def plant_overall_not_worst(v: Views) -> None:
    v.health["status"] = "warning"


def plant_slow_down(v: Views) -> None:
    v.health["verdict"] = "Over-networking: neglected_contacts (alert). Slow down and deepen what you have."


def plant_cold_new_contact(v: Views) -> None:
    v.health["signs"][0]["people"].append(
        {"person_id": IDS[CAL], "name": "Cal", "why": "new contact, no follow-up within 14 days"}
    )


def plant_pin_lost(v: Views) -> None:
    for rows in (v.ties, v.people):
        next(r for r in rows if r["person_id"] == IDS[EVE])["tier"] = "active"


def plant_cooling_due_ahead(v: Views) -> None:
    # cooling now, but dated on the day its cadence would run out, three weeks ahead
    v.review["followups"][0]["due"] = (NOW + timedelta(days=21)).date().isoformat()


PLANTED = [
    ("cold inbound never active", plant_cold_active),
    ("tiers earned", plant_cold_active),
    ("tiers earned", plant_one_meeting_close),
    ("same tier everywhere", plant_followups_disagree),
    ("same tier everywhere", plant_show_disagrees),
    ("tiers monotone in evidence and strength", plant_not_monotone),
    ("tier caps", plant_over_caps),
    ("one-sided identical across views", plant_one_sided_both),
    ("one-sided identical across views", plant_one_sided_in_health),
    ("one-sided counted as the data says", plant_counts_wrong),
    ("one-sided counted as the data says", plant_cold_one_sided),
    ("strong tie only of inner and close", plant_strong_tie_active),
    ("health status from value and thresholds", plant_status_wrong),
    ("health status from value and thresholds", plant_status_lower_is_worse),
    ("health status from value and thresholds", plant_overall_not_worst),
    ("no slow-down under budget", plant_slow_down),
    ("cold inbound not new contacts", plant_cold_new_contact),
    ("pins win", plant_pin_lost),
    ("due now is not dated ahead", plant_cooling_due_ahead),
]


@pytest.mark.parametrize(("rule", "plant"), PLANTED, ids=[f"{r}: {p.__name__}" for r, p in PLANTED])
def test_planted_contradiction_is_caught(rule: str, plant: Any) -> None:
    v = good_views()
    plant(v)
    assert rule in problems(NET, v), f"{rule} missed {plant.__name__}"


def test_every_rule_has_a_planted_contradiction() -> None:
    assert set(CHECKS) == {rule for rule, _ in PLANTED}
