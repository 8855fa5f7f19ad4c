"""A person's part in an interaction, seen from the user: who wrote a mail, who was at a meeting."""

from __future__ import annotations

from datetime import UTC, datetime

from innercircle.core.history import History, part_direction, part_directions
from innercircle.core.model import Channel, Direction, Interaction, Participant, Role
from innercircle.core.ties.contacts import contacts_of
from innercircle.core.ties.model import IN, PRESENT

AT = datetime(2026, 10, 1, 9, tzinfo=UTC)
ME, X, Y = 1, 2, 3


def _it(channel: Channel, direction: Direction, roles: list[tuple[int, Role]]) -> Interaction:
    return Interaction(
        at=AT, channel=channel, direction=direction, participants=[Participant(p, r) for p, r in roles]
    )


def test_a_reply_all_is_from_its_writer_a_meeting_is_everyones() -> None:
    """X's reply-all with Y in Cc is X writing and Y copied; a meeting X organised with Y invited is a
    meeting with both (Y did not write anything, but was there)."""
    mail = _it(Channel.EMAIL, Direction.IN, [(X, Role.FROM), (ME, Role.TO), (Y, Role.CC)])
    meeting = _it(
        Channel.MEETING, Direction.IN, [(X, Role.ORGANIZER), (ME, Role.ATTENDEE), (Y, Role.ATTENDEE)]
    )
    assert (part_direction(mail, X), part_direction(mail, Y)) == ("in", "present")
    assert (part_direction(meeting, X), part_direction(meeting, Y)) == ("in", "in")
    h = History.of([mail, meeting])
    codes = dict(
        zip(
            zip(h.part_row.tolist(), h.part_person.tolist(), strict=True),
            part_directions(h).tolist(),
            strict=True,
        )
    )
    assert codes[(0, X)] == IN and codes[(0, Y)] == PRESENT
    assert codes[(1, X)] == IN and codes[(1, Y)] == IN
    c = contacts_of(h, [ME])
    y_rows = c.direction[c.key == Y].tolist()
    assert sorted(y_rows) == sorted([PRESENT, IN])  # the tie model counts the meeting as a meeting with Y
