"""Warm paths to the organizations a goal names: whom the user knows there, or who knows them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from innercircle.core.model import Event, Goal, Interaction
from innercircle.core.ties import TieScore

DIRECT = 0.3  # a tie this strong is a door the user can knock on directly


@dataclass(slots=True)
class WarmPath:
    """One way in to a goal's target organization."""

    goal: str
    target: str  # the organization
    person: str  # who is there
    via: str | None  # the connector, None when the user knows them directly
    strength: float  # of the user's tie to the first hop
    evidence: str


@dataclass(slots=True)
class TargetPaths:
    """Every warm path to one target organization."""

    goal: str
    target: str
    people: int
    paths: list[WarmPath] = field(default_factory=list)
    summary: str = ""


def co_contacts(
    interactions: Sequence[Interaction], events: Sequence[Event], me_id: int | None
) -> Counter[tuple[int, int]]:
    """How often two people shared a thread, a meeting or an event (pairs ordered low id first)."""
    pairs: Counter[tuple[int, int]] = Counter()
    groups = [[p.person_id for p in it.participants] for it in interactions]
    groups += [list(e.attendees) for e in events]
    for group in groups:
        people = sorted({p for p in group if p != me_id})
        if 2 <= len(people) <= 12:  # a mass mailing says nothing about who knows whom
            pairs.update(combinations(people, 2))
    return pairs


def _paths(
    goal: str,
    org: str,
    inside: set[int],
    names: Mapping[int, str],
    ties: Mapping[int, TieScore],
    pairs: Counter[tuple[int, int]],
) -> list[WarmPath]:
    paths = [
        WarmPath(goal, org, names.get(pid, f"#{pid}"), None, t.strength, f"you know them ({t.tier})")
        for pid in inside
        if (t := ties.get(pid)) is not None and t.strength >= DIRECT
    ]
    for (a, b), n in pairs.items():
        for target, via in ((a, b), (b, a)):
            tie = ties.get(via)
            if target in inside and via not in inside and tie is not None and tie.strength >= DIRECT:
                evidence = f"{n} threads, meetings or events with them"
                name = names.get(target, f"#{target}")
                paths.append(
                    WarmPath(goal, org, name, names.get(via), tie.strength * min(1.0, n / 3), evidence)
                )
    paths.sort(key=lambda p: (p.via is not None, -p.strength, p.person))  # someone you know there first
    return paths


def warm_paths(
    goals: Sequence[Goal],
    orgs: Mapping[int, str | None],
    names: Mapping[int, str],
    ties: Mapping[int, TieScore],
    pairs: Counter[tuple[int, int]],
    per_target: int = 3,
) -> list[TargetPaths]:
    """For each organization an active goal names: direct ties there, else the best connectors."""
    out = []
    for g in goals:
        for org in g.orgs if g.done_at is None else []:
            key = org.strip().lower()
            inside = {pid for pid, o in orgs.items() if o and o.strip().lower() == key}
            best = _paths(g.text, org, inside, names, ties, pairs)[:per_target]
            if best:
                top = best[0]
                how = top.evidence if top.via is None else f"via {top.via}, who shares {top.evidence}"
                summary = f"{top.person}: {how}"
            elif inside:
                summary = f"no warm path yet; {len(inside)} people there, e.g. {names.get(min(inside), '')}"
            else:
                summary = "no one there in your network yet"
            out.append(TargetPaths(g.text, org, len(inside), best, summary))
    return out
