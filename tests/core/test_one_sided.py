"""One-sided: one definition (core/onesided), the same answer and the same counts in health, focus and
the tie's reasons (``show``, ``ties``), on plain data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from innercircle.core.focus import focus
from innercircle.core.health import HealthInput, one_sided
from innercircle.core.history import History, first_seen
from innercircle.core.model import Channel, Direction, Interaction, Participant, Person, Role
from innercircle.core.onesided import Reach, contacts_from, is_one_sided, reach_at
from innercircle.core.ties.explain import explain
from innercircle.core.ties.model import PersonFacts
from innercircle.core.ties.score import score_ties
from innercircle.core.timeuse import Budget, build_ledger

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)
ME = 1
KAT, MARC, OLD, GROUP, MET, CC = 2, 3, 4, 5, 6, 7
NAMES = {KAT: "Katherine", MARC: "Marc", OLD: "Old", GROUP: "Group", MET: "Met", CC: "Cc"}


def _mail(
    pid: int,
    days_ago: float,
    direction: Direction,
    others: tuple[int, ...] = (),
    channel: Channel = Channel.EMAIL,
) -> Interaction:
    frm, to = (ME, pid) if direction is Direction.OUT else (pid, ME)
    parts = [
        Participant(frm, Role.FROM),
        Participant(to, Role.TO),
        *(Participant(o, Role.CC) for o in others),
    ]
    return Interaction(
        at=NOW - timedelta(days=days_ago),
        channel=channel,
        direction=direction,
        participants=parts,
        group_size=1 + len(others),
    )


def _network() -> list[Interaction]:
    its = []
    for ago in (40, 30, 20):  # the user wrote three times to Katherine and to Marc
        its += [_mail(KAT, ago, Direction.OUT), _mail(MARC, ago, Direction.OUT)]
    its.append(_mail(KAT, 37, Direction.IN))  # Katherine replied within 3 days; Marc never did
    its += [_mail(OLD, ago, Direction.OUT) for ago in (300, 250, 200, 190)]  # outside the six months
    its += [_mail(GROUP, ago, Direction.OUT, (80, 81, 82)) for ago in (50, 40, 30)]  # mail to 4 people
    its += [_mail(MET, ago, Direction.OUT) for ago in (50, 40, 30)]
    its.append(_mail(MET, 10, Direction.OUT, channel=Channel.MEETING))  # a meeting: both sides were there
    its += [_mail(CC, ago, Direction.OUT) for ago in (50, 40, 30)]
    its.append(_mail(KAT, 5, Direction.IN, (CC,)))  # Cc was only copied on Katherine's mail: not by Cc
    return its


def _views(its: list[Interaction], rule=is_one_sided) -> dict[str, set[int]]:  # type: ignore[no-untyped-def]
    """Who each view calls one-sided; ``rule``: the definition focus is handed (to plant a contradiction)."""
    h = History.of(its)
    contacts = contacts_from(h, [ME])
    reach = reach_at(contacts, NOW)
    ties = score_ties(contacts, {p: PersonFacts() for p in NAMES}, NOW)
    shown = {p for p in NAMES if any(r.startswith("one-sided") for r in explain(ties, p).reasons)}
    hi = HealthInput(
        now=NOW, budget=Budget(), ledger=build_ledger([], its, ME, {}, None, NOW), history=h,
        first_seen=first_seen(h, ME, {}), ties=ties, relevant=set(), relevant_events=set(), favors=[],
        me_id=ME, names=NAMES,
    )  # fmt: skip
    people = [Person(id=p, name=n, created_at=NOW) for p, n in NAMES.items()]
    planted = {p: Reach(r.by_you, r.by_them) for p, r in reach.items() if rule(r.by_you, r.by_them)}
    marked = {p: Reach(3, 0) if p in planted else Reach(0, 0) for p in reach}
    items = focus(people, ties, {}, has_goals=False, limit=50, reach=marked)
    return {
        "show": shown,
        "health": {p for p, _ in one_sided(hi)},
        "focus": {i.person_id for i in items if i.why_now == "one-sided"},
    }


def test_the_counts_follow_the_definition() -> None:
    reach = reach_at(contacts_from(History.of(_network()), [ME]), NOW)
    assert reach[KAT] == Reach(3, 2) and not reach[KAT].one_sided
    assert reach[MARC] == Reach(3, 0) and reach[MARC].one_sided
    assert OLD not in reach  # nothing in the last six months
    assert reach[GROUP] == Reach(0, 0)  # a mail to four people reaches out to none of them in particular
    assert reach[MET] == Reach(4, 1) and not reach[MET].one_sided
    assert reach[CC] == Reach(3, 0) and reach[CC].one_sided  # being copied is not writing
    assert reach[MARC].said() == "in the last 6 months: 3 by you, 0 by them"


def test_every_view_says_one_sided_of_the_same_people() -> None:
    views = _views(_network())
    assert views["show"] == views["health"] == views["focus"] == {MARC, CC}


def test_the_reason_prints_the_counts() -> None:
    h = History.of(_network())
    ties = score_ties(contacts_from(h, [ME]), {p: PersonFacts() for p in NAMES}, NOW)
    assert "both sides reach out (in the last 6 months: 3 by you, 2 by them)" in explain(ties, KAT).reasons
    assert (
        "one-sided: only you reached out (in the last 6 months: 3 by you, 0 by them)"
        in explain(ties, MARC).reasons
    )


def test_a_planted_contradiction_is_caught() -> None:
    """The old dashboard rule (at least 4 to 1, and 4 times, over all 1:1 contacts) in one view only."""

    def four_to_one(by_you: int, by_them: int) -> bool:
        return by_you >= 3 and by_you >= 3 * max(by_them, 0.5)

    views = _views(_network(), four_to_one)
    assert views["focus"] - views["show"] == {MET}  # 4 by you, 1 by them: one-sided by the old rule only
