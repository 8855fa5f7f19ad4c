"""Pure pieces of the weekly review: chart series and the reflection questions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo

import numpy as np

from innercircle.core.history import History, fresh, micros, people_of
from innercircle.core.ties.score import TieScore
from innercircle.core.ties.tiers import TIER_CAPS, TIERS
from innercircle.core.timeuse import WEEK

NEW_DAYS = 56


def iso_week(now: datetime, zone: tzinfo = UTC) -> str:
    """The ISO week of a moment on the owner's clock (``zone``), e.g. ``2026-W45``."""
    y, w, _ = now.astimezone(zone).isocalendar()
    return f"{y}-W{w:02d}"


def week_labels(now: datetime, weeks: int = 8, zone: tzinfo = UTC) -> list[str]:
    """Labels (start day, owner's calendar) of the last ``weeks`` weeks, oldest first; the last ends at ``now``."""
    return [f"{(now - (k + 1) * WEEK).astimezone(zone):%b %d}" for k in reversed(range(weeks))]


def tiers_chart(ties: Mapping[int, TieScore]) -> list[dict[str, object]]:
    """People per tier against Dunbar's caps."""
    caps = dict(TIER_CAPS)
    counts = {t: 0 for t in TIERS}
    for tie in ties.values():
        counts[tie.tier] = counts.get(tie.tier, 0) + 1
    return [{"tier": t, "count": counts.get(t, 0), "cap": caps.get(t)} for t in TIERS]


def new_vs_nurtured(
    h: History, first_seen: Mapping[int, datetime], me_id: int | None, now: datetime, weeks: int = 8
) -> dict[str, list[int]]:
    """Per week: contacts with new people (first seen < 8 weeks before) against established ones (each
    person once per interaction, the user left out)."""
    start = now - weeks * WEEK
    rows, people = people_of(h, h.rows(start, now), me_id)
    week = np.minimum(weeks - 1, (h.at[rows] - micros(start)) // (WEEK // timedelta(microseconds=1)))
    new = fresh(h, rows, people, first_seen, NEW_DAYS)
    return {
        "new": np.bincount(week[new], minlength=weeks).tolist(),
        "nurtured": np.bincount(week[~new], minlength=weeks).tolist(),
    }


QUESTION_BY_SIGN = {
    "burnout": "Which of this week's events could you have skipped without losing anything, and what will you say no to next week?",
    "lost_productivity": "What work did networking push aside this week, and how many hours will you give it next week?",
    "surface_relationships": "Which new contact is worth a second conversation, and which can you let go?",
    "unfollowed_new": "Which new contact did you leave without an answer, and what will you write to them this week?",
    "cooling_ties": "Which close friend or ally have you not talked to in too long, and when will you call them?",
    "one_sided": "Where are you always the one reaching out, and what would a relationship that gives back look like?",
    "neglected_contacts": "Which close friend or ally have you not talked to in too long, and when will you call them?",
    "reciprocity": "Where are you always the one reaching out, and what would a relationship that gives back look like?",
    "lack_of_focus": "Which of your conversations this week served a goal, and what would you do differently?",
}


def reflection_questions(signs: Sequence[Mapping[str, object]]) -> list[str]:
    """Three questions for the week: what moved a goal, the worst sign's question, whom to follow up."""
    rank = {"alert": 2, "warning": 1, "ok": 0}
    worst = sorted(signs, key=lambda s: -rank.get(str(s.get("status")), 0))
    middle = "Who did you help this week, and who could help you with your goal next?"
    if worst and worst[0].get("status") != "ok":
        middle = QUESTION_BY_SIGN.get(str(worst[0].get("name")), middle)
    return [
        "Which conversation this week moved one of your goals forward, and why did it work?",
        middle,
        "Who will you follow up with first next week, and what will you offer them?",
    ]
