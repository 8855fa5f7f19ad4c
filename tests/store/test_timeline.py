"""Every interaction read at once: the same objects the store wrote, strictly before the cut-off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from innercircle.core.model import Channel, Direction, Interaction, Participant, Person, Role
from innercircle.services import Workspace
from innercircle.store import interactions, people
from innercircle.store.interactions import all_interactions

NOW = datetime(2026, 6, 1, 12, 30, 15, 250000, tzinfo=UTC)


def test_reads_back_what_was_written_oldest_first_before_the_cut_off(ws: Workspace) -> None:
    with ws.begin() as tx:
        a, b, c = (people.add_person(tx.conn, Person(name=n), NOW) for n in ("Ann", "Bob", "Cy"))
        written = [
            Interaction(
                at=NOW - timedelta(days=d),
                channel=ch,
                participants=[Participant(a, Role.FROM), *(Participant(p, Role.CC) for p in others)],
                direction=dr,
                duration_s=dur,
                subject=f"s{d}",
                source="test",
                source_id=str(d),
                group_size=1 + len(others),
            )
            for d, ch, dr, dur, others in (
                (3, Channel.MEETING, Direction.MUTUAL, 1800, [b, c]),
                (1, Channel.EMAIL, Direction.IN, None, []),
                (2, Channel.CALL, Direction.OUT, 60, [c]),
                (0, Channel.MESSAGE, Direction.IN, None, [b]),  # exactly at the cut-off: left out
            )
        ]
        for it in written:
            it.id = interactions.add_interaction(tx.conn, it)
    with ws.read() as tx:
        got = all_interactions(tx.conn, before=NOW)
        everything = all_interactions(tx.conn)
        later = all_interactions(tx.conn, before=NOW + timedelta(seconds=1))  # nothing cut: no filter
    expected = sorted(written[:3], key=lambda it: it.at)
    assert [it.id for it in got] == [it.id for it in expected]
    for g, e in zip(got, expected, strict=True):
        assert g.at == e.at and g.at.tzinfo is not None
        assert (g.channel, g.direction, g.duration_s, g.subject, g.group_size) == (
            e.channel,
            e.direction,
            e.duration_s,
            e.subject,
            e.group_size,
        )
        assert isinstance(g.channel, Channel) and isinstance(g.direction, Direction)
        key = lambda p: (p.person_id, str(p.role))  # noqa: E731
        assert sorted(g.participants, key=key) == sorted(e.participants, key=key)
    assert len(everything) == 4 and everything[-1].at == NOW
    assert later == everything
