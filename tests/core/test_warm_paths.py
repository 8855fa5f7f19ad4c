"""Warm paths to goal organizations on a hand-built network."""

from __future__ import annotations

from datetime import UTC, datetime

from innercircle.core.model import Channel, Direction, Event, Goal, Interaction, Participant, Role
from innercircle.core.ties import TieScore
from innercircle.core.warm import co_contacts, warm_paths

NOW = datetime(2026, 11, 2, tzinfo=UTC)
ME = 1
NAMES = {2: "Grace", 3: "Ines", 4: "Olaf", 5: "Pat", 6: "Quinn"}
ORGS: dict[int, str | None] = {
    2: "Acme",
    3: "Northstar Ventures",
    4: "Northstar Ventures",
    5: "Other",
    6: "Helio",
}


def _thread(*people: int) -> Interaction:
    parts = [Participant(ME, Role.FROM)] + [Participant(p, Role.TO) for p in people]
    return Interaction(at=NOW, channel=Channel.EMAIL, direction=Direction.OUT, participants=parts)


def test_co_contacts_ignore_the_user_and_mass_mailings() -> None:
    pairs = co_contacts(
        [_thread(2, 3), _thread(2, 3), _thread(*range(10, 30))], [Event("E", NOW, attendees=[2, 4])], ME
    )
    assert pairs[(2, 3)] == 2 and pairs[(2, 4)] == 1
    assert not any(a >= 10 for a, _ in pairs)


def test_direct_ties_first_then_connectors_then_honest_none() -> None:
    goals = [Goal(id=1, text="Raise", orgs=["Northstar Ventures", "Helio", "Nowhere Inc"])]
    ties = {2: TieScore(2, 0.8, "inner"), 3: TieScore(3, 0.1, "tail"), 6: TieScore(6, 0.1, "tail")}
    pairs = co_contacts([_thread(2, 3)] * 3, [], ME)
    got = {t.target: t for t in warm_paths(goals, ORGS, NAMES, ties, pairs)}
    assert [(p.person, p.via) for p in got["Northstar Ventures"].paths] == [("Ines", "Grace")]
    assert got["Northstar Ventures"].summary.startswith("Ines: via Grace")
    assert got["Helio"].paths == [] and got["Helio"].summary.startswith("no warm path yet; 1 people")
    assert got["Nowhere Inc"].summary == "no one there in your network yet"
    ties[4] = TieScore(4, 0.5, "active")
    first = warm_paths(goals, ORGS, NAMES, ties, pairs)[0].paths[0]
    assert (first.person, first.via) == ("Olaf", None)
