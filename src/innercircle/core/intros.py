"""Who knows whom: hop strengths and their evidence from what two people did together (pure; paths are found
in services)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations

from innercircle.core.ties.score import TieScore
from innercircle.core.ties.tiers import tier_rank

# How much one occasion says that two people know each other, before dividing by its size. What counts is
# something the two did together that is not merely the user addressing them both:
# - written occasions (mail, messages): only between the person who wrote and each person they wrote to
#   (X's mail with Y in To or Cc). Mail the user wrote says nothing about how its recipients know each
#   other, and neither does a reply-all that only kept the addressees of the user's own mail up its thread
#   (the user wrote to X and Y, X answered all: X did not choose to write to Y). Nor does being two
#   co-recipients of a third person's mail: that person addressed them, they did nothing together.
# - meetings and calls: everyone who attended, pairwise (they were there together);
# - events: everyone who attended, weakly (a crowd);
# - the same small organization (MAX_ORG people at most).
KIND_WEIGHTS: dict[str, float] = {"meeting": 1.0, "call": 1.0, "event": 0.3, "mail": 0.5, "message": 0.6}
WRITTEN = frozenset({"mail", "message"})
ORG_WEIGHT = 0.2  # working at the same organization (small ones only: see MAX_ORG)
MAX_GROUP = 20  # bigger mails and meetings are lists and town halls: no evidence of knowing each other
MAX_ORG = 60
MAX_EVIDENCE = 3

# When a path is *warm*: every hop is a relationship one could lean on today, judged on the scale each
# hop is measured on.
# - The user's own hop (the first) must be in Dunbar's 'active' layer or closer (core.ties tiers: inner ≈5,
#   close ≈15, active ≈50): the people one is in regular, current contact with and could ask a favour of.
#   The 'known' layer (≈150) and the long tail are acquaintances or ties gone quiet; asking them for an
#   introduction is a cold request. The tie must also not be cooling or silent (core.ties' own judgement:
#   silence far past its usual gap, or a fall by a tier) — a tie going quiet is warmed up first, then asked.
# - A hop between two other people must carry at least the evidence of working at the same small
#   organization (1 − e^−ORG_WEIGHT ≈ 0.18); one shared meeting or one of them writing to the other in a
#   small mail passes, while a single crowded mail or a big event alone does not show that they know each
#   other well enough.
# - Except where the user has said otherwise: a tie the user pinned to the active layer or closer, or rates
#   at least CLOSE_RATING close, is by their own statement warm enough to ask (silence does not make a close
#   friend a stranger: DESIGN §3). When it is going quiet the path says so: reconnect before asking.
WARM_TIER = "active"
MIN_WARM_HOP = round(1.0 - math.exp(-ORG_WEIGHT), 4)
CLOSE_RATING = 0.5


@dataclass(frozen=True, slots=True)
class Occasion:
    """Something several people took part in: a mail or messages someone wrote, a meeting, a call, an event.

    ``writer``: who wrote a mail or message (written kinds without one are no evidence); ``kept``: the
    addressees the user had written to up the mail's reply chain (a reply-all keeps them: between the writer
    and them it is no evidence when the writer was among them too)."""

    kind: str  # meeting | call | event | mail | message
    label: str  # e.g. 'mail "Q3 plan" on 2026-01-04'
    people: tuple[int, ...]
    writer: int | None = None
    kept: frozenset[int] = frozenset()

    def pairs(self, skip: set[int]) -> list[tuple[int, int]]:
        """The pairs of people (low id first, ``skip`` left out) this occasion is evidence between."""
        people = sorted({p for p in self.people if p not in skip})
        if self.kind not in WRITTEN:
            return list(combinations(people, 2))
        x = self.writer
        if x is None or x in skip or x not in people:
            return []
        inherited = self.kept if x in self.kept else frozenset()
        return [(min(x, y), max(x, y)) for y in people if y != x and y not in inherited]


@dataclass(slots=True)
class Hop:
    """How well two people know each other, and why we think so."""

    a: int
    b: int
    strength: float  # in (0, 1)
    evidence: list[str] = field(default_factory=list)
    weight: float = 0.0  # summed evidence before squashing
    count: int = 0  # shared occasions (the evidence lists the first few)


def hops_from(
    occasions: Iterable[Occasion],
    orgs: dict[int, str],
    exclude: Iterable[int] = (),
    names: Mapping[int, str] | None = None,
) -> dict[tuple[int, int], Hop]:
    """Hops between people (the owner excluded) from what they did together (``Occasion.pairs``) and shared
    small organizations; ``names`` words the evidence ("X wrote to Y: mail … on …")."""
    skip = set(exclude)
    names = names or {}
    hops: dict[tuple[int, int], Hop] = {}
    for occ in occasions:
        size = len({p for p in occ.people if p not in skip})
        if size < 2 or size > MAX_GROUP:
            continue
        w = KIND_WEIGHTS.get(occ.kind, 0.3) / (size - 1)
        for pair in occ.pairs(skip):
            if occ.kind in WRITTEN and occ.writer is not None:
                other = pair[1] if pair[0] == occ.writer else pair[0]
                why = f"{_name(names, occ.writer)} wrote to {_name(names, other)}: {occ.label}"
            else:
                why = f"{occ.label} together"
            _add(hops, pair, w, why)
    members: dict[str, list[int]] = {}
    for pid, org in orgs.items():
        if org and pid not in skip:
            members.setdefault(org, []).append(pid)
    for org, ids in members.items():
        if 2 <= len(ids) <= MAX_ORG:
            why = f"both at {org}"
            for pair in combinations(sorted(ids), 2):
                _add(hops, pair, ORG_WEIGHT, why)
    for hop in hops.values():
        hop.strength = round(1.0 - math.exp(-hop.weight), 4)
    return hops


def _name(names: Mapping[int, str], pid: int) -> str:
    return names.get(pid, f"#{pid}")


def _add(hops: dict[tuple[int, int], Hop], pair: tuple[int, int], w: float, why: str) -> None:
    """Add evidence to the hop of an ordered pair (low id first)."""
    hop = hops.get(pair)
    if hop is None:
        hop = hops[pair] = Hop(pair[0], pair[1], strength=0.0)
    hop.weight += w
    hop.count += 1
    if len(hop.evidence) < MAX_EVIDENCE and why not in hop.evidence:
        hop.evidence.append(why)


def warm_tier(tier: str) -> bool:
    """Whether ``tier`` is Dunbar's active layer or closer."""
    return tier_rank(tier) <= tier_rank(WARM_TIER)


def stated_close(closeness: float | None, tier_pin: str | None) -> bool:
    """Whether the user said the tie is close: pinned to the active layer or closer, or rated ≥ CLOSE_RATING."""
    return (tier_pin is not None and warm_tier(tier_pin)) or (closeness or 0.0) >= CLOSE_RATING


def going_quiet(tie: TieScore) -> bool:
    """Whether the tie is cooling or silent (core.ties' own judgement)."""
    return tie.cooling or tie.trend in ("cooling", "silent")


def warm_tie(tie: TieScore, stated: bool = False) -> bool:
    """Whether the user's own tie is warm enough to ask for an introduction: active or closer and not going
    quiet — or ``stated`` close by the user (see ``stated_close``), whatever the traces say."""
    return stated or (warm_tier(tie.tier) and not going_quiet(tie))


def reconnect_note(tie: TieScore, stated: bool, days_silent: int | None) -> str | None:
    """What to do first with a stated-close first hop that is going quiet (None when nothing is needed)."""
    if not stated or not going_quiet(tie):
        return None
    contact = "no contact on record" if days_silent is None else f"last contact {days_ago(days_silent)}"
    return f"cooling: {contact} — reconnect before asking"


def silent_days(last_contact: datetime, now: datetime) -> int:
    """Whole days of silence, rounded as the tie's own reasons round them (so both say the same number)."""
    return max(0, round((now - last_contact).total_seconds() / 86400))


def days_ago(days: int) -> str:
    """'today', '1 day ago', '12 days ago'."""
    return "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"


def warm_hop(strength: float) -> bool:
    """Whether two other people know each other well enough for one to introduce the user to the other."""
    return strength >= MIN_WARM_HOP


def cost(strength: float) -> float:
    """The path cost of a hop: −log(strength), so the cheapest path has the strongest product."""
    return -math.log(max(strength, 1e-6))


def path_strength(strengths: Iterable[float]) -> float:
    """How warm a path is: the product of its hops' strengths."""
    out = 1.0
    for s in strengths:
        out *= s
    return round(out, 4)
