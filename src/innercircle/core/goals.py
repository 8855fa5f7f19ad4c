"""Goal fit: how well a person (or an event's topics) matches the user's active goals, with the words why."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from innercircle.core.model import Detail, Goal, Person

_WORD = re.compile(r"[a-z0-9][a-z0-9+#.-]*[a-z0-9+#]|[a-z0-9]")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "up",
        "was",
        "we",
        "with",
        "will",
        "would",
        "you",
        "your",
        "by",
        "about",
        "over",
        "under",
        "who",
        "what",
        "when",
        "where",
        "which",
        "how",
        "get",
        "got",
        "make",
        "more",
        "most",
        "some",
        "any",
        "all",
        "can",
        "could",
        "should",
        "want",
        "need",
        "find",
        "new",
        "by",
        "until",
        "before",
        "after",
        "per",
        "via",
        "june",
        "july",
        "may",
        "march",
        "april",
        "january",
        "february",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)

# Who a target role can be, as people write it in titles and tags.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "investor": ("investor", "vc", "venture", "ventures", "angel", "capital", "fund", "partner", "lp"),
    "mentor": ("mentor", "advisor", "adviser", "coach", "founder", "ceo", "cto"),
    "advisor": ("advisor", "adviser", "board", "mentor"),
    "collaborator": ("researcher", "scientist", "engineer", "professor", "lab", "research"),
    "client": ("client", "customer", "buyer", "procurement", "purchasing"),
    "hiring manager": ("hiring", "recruiter", "talent", "head", "director", "vp", "manager", "cto"),
    "recruiter": ("recruiter", "talent", "hiring", "sourcer"),
    "founder": ("founder", "cofounder", "co-founder", "ceo"),
    "journalist": ("journalist", "editor", "reporter", "writer"),
}

ROLE_WEIGHT = 0.5
ORG_WEIGHT = 0.45
TAG_WEIGHT = 0.3
TEXT_WEIGHT = 0.12
FUZZY_CUTOFF = 0.86


def words(text: str | None) -> list[str]:
    """Lower-case content words of a text (stop words dropped), in order."""
    return list(_words(text)) if text else []


@lru_cache(maxsize=1 << 14)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1)


def _stem(w: str) -> str:
    for suffix in ("ing", "ers", "ies", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


@lru_cache(maxsize=1 << 18)
def similar(a: str, b: str) -> bool:
    """Two words mean the same for matching: equal, same stem, or a close spelling (difflib)."""
    # cached: the same word pairs come back for every person, and difflib is the cost of goal fit
    if a == b or _stem(a) == _stem(b):
        return True
    if min(len(a), len(b)) < 5:
        return False
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= FUZZY_CUTOFF and matcher.ratio() >= FUZZY_CUTOFF


def _hits(needles: Iterable[str], haystack: Sequence[str]) -> list[str]:
    """Needles found (exactly or fuzzily) among the haystack words."""
    hay = set(haystack)
    found = []
    for n in needles:
        if n not in found and (n in hay or any(similar(n, h) for h in hay)):
            found.append(n)
    return found


def _phrase_in(phrase: str, haystack: Sequence[str]) -> bool:
    parts = words(phrase)
    hay = set(haystack)
    return bool(parts) and all(p in hay or any(similar(p, h) for h in hay) for p in parts)


@dataclass(slots=True)
class GoalMatch:
    """How one person (or event) matches one goal."""

    goal_id: int
    goal: str
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class GoalFit:
    """Fit to the active goals: the best goal's score, every matching goal with its reasons."""

    person_id: int
    score: float = 0.0
    matches: list[GoalMatch] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        """Every reason, best goal first."""
        return [r for m in self.matches for r in m.reasons]


@dataclass(slots=True)
class Profile:
    """The words a person is known by: position, organization, tags, remembered details, notes."""

    title: list[str]
    org: list[str]
    tags: list[str]
    text: list[str]
    org_name: str = ""

    @classmethod
    def of(cls, person: Person, details: Sequence[Detail] = ()) -> Profile:
        """Build a person's profile."""
        text = words(person.notes) + [w for d in details for w in words(d.text)]
        tags = [w for t in person.tags for w in words(t)]
        return cls(words(person.title), words(person.org), tags, text, person.org or "")

    def all_words(self) -> list[str]:
        """Every word of the profile."""
        return self.title + self.org + self.tags + self.text


def match_goal(goal: Goal, prof: Profile) -> GoalMatch:
    """Score one profile against one goal; each matched word is a reason."""
    reasons: list[str] = []
    score = 0.0
    for role in goal.roles:
        cues = (*words(role), *ROLE_WORDS.get(role.strip().lower(), ()))
        hit = _hits(cues, prof.title + prof.tags) or _hits(words(role), prof.text)
        if hit:
            score += ROLE_WEIGHT
            reasons.append(f"{'/'.join(hit[:3])} fits role '{role}'")
    for org in goal.orgs:
        if prof.org_name and (_phrase_in(org, prof.org) or org.strip().lower() == prof.org_name.lower()):
            score += ORG_WEIGHT
            reasons.append(f"works at {prof.org_name} (goal org '{org}')")
        elif _phrase_in(org, prof.text):
            score += ORG_WEIGHT / 2
            reasons.append(f"notes mention '{org}'")
    for tag in goal.tags:
        if _phrase_in(tag, prof.tags + prof.title):
            score += TAG_WEIGHT
            reasons.append(f"tag/title matches '{tag}'")
        elif _phrase_in(tag, prof.text + prof.org):
            score += TAG_WEIGHT / 2
            reasons.append(f"details mention '{tag}'")
    covered = {w for r in (*goal.roles, *goal.orgs, *goal.tags) for w in words(r)}
    extra = _hits([w for w in words(goal.text) if w not in covered], prof.all_words())
    if extra:
        score += TEXT_WEIGHT * len(extra)
        reasons.append("shares goal words: " + ", ".join(extra[:4]))
    return GoalMatch(goal.id or 0, goal.text, round(min(score, 1.0), 3), reasons)


def goal_fit(person_id: int, prof: Profile, goals: Sequence[Goal]) -> GoalFit:
    """Fit of one profile to every active goal (goals done are ignored)."""
    matches = [m for g in goals if g.done_at is None for m in [match_goal(g, prof)] if m.score > 0]
    matches.sort(key=lambda m: -m.score)
    best = matches[0].score if matches else 0.0
    # a second matching goal adds a little: someone useful twice over
    bonus = 0.1 * sum(m.score for m in matches[1:])
    return GoalFit(person_id, round(min(1.0, best + bonus), 3), matches)


def topic_fit(topics: Sequence[str], title: str, goals: Sequence[Goal]) -> GoalFit:
    """Fit of an event's topics and title to the active goals (an event as a profile of words)."""
    tag_words = [w for t in topics for w in words(t)]
    prof = Profile(title=words(title), org=[], tags=tag_words, text=[])
    return goal_fit(0, prof, goals)
