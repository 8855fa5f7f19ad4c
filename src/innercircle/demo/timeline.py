"""Writing interactions between the owner and others: mail threads, chats, calls, meetings."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from innercircle.core.model import Channel, Direction, Interaction, Participant, Person, Role
from innercircle.demo.catalog import TEXTS_IN, TEXTS_OUT
from innercircle.demo.network import OWNER_ID
from innercircle.demo.people import day_start, email_of

# Sources: where each interaction would come from on a real machine (the files writer follows them).
MAIL, CALENDAR, LINKEDIN, MANUAL = "mail", "ics", "linkedin", "manual"


class Timeline:
    """Appends interactions in the owner's past (strictly before ``today``)."""

    def __init__(self, rng: random.Random, today: date, person: Callable[[int], Person]) -> None:
        self.rng = rng
        self.limit = day_start(today)
        self.person = person
        self.items: list[Interaction] = []
        self._n = 0

    # ------------------------------------------------------------ moments

    def moment(self, day: date, kind: str = "work") -> datetime:
        """A time of day fitting the kind of contact: ``work``, ``evening``, ``any`` or ``morning``."""
        rng = self.rng
        if kind == "work" and day.weekday() >= 5:
            day += (
                timedelta(days=7 - day.weekday()) if rng.random() < 0.7 else timedelta(days=4 - day.weekday())
            )
        if kind == "work":
            minutes = rng.randint(8 * 60 + 30, 18 * 60)
        elif kind == "evening":
            minutes = rng.randint(18 * 60, 22 * 60)
        elif kind == "morning":
            minutes = rng.randint(7 * 60 + 30, 9 * 60 + 30)
        else:
            minutes = rng.randint(8 * 60, 22 * 60)
        return day_start(day) + timedelta(minutes=minutes)

    def ok(self, at: datetime) -> bool:
        """Whether a moment is in the past of the demo's today."""
        return at < self.limit

    def _add(self, it: Interaction) -> Interaction | None:
        if not self.ok(it.at):
            return None
        self._n += 1
        it.source_id = it.source_id or f"demo-{it.source}-{self._n}"
        self.items.append(it)
        return it

    def _message_id(self, sender: int) -> str:
        address = email_of(self.person(sender)) or "mail.example"
        return f"<{self.rng.getrandbits(48):012x}.{self._n + 1}@{address.split('@')[1]}>"

    # ------------------------------------------------------------ channels

    def mail(
        self,
        at: datetime,
        sender: int,
        to: list[int],
        subject: str,
        cc: tuple[int, ...] = (),
        in_reply_to: str | None = None,
    ) -> Interaction | None:
        """One email; the owner (id 0) is among sender, to or cc."""
        parts = [Participant(sender, Role.FROM)]
        parts += [Participant(p, Role.TO) for p in to] + [Participant(p, Role.CC) for p in cc]
        others = {p.person_id for p in parts} - {OWNER_ID}
        return self._add(
            Interaction(
                at=at,
                channel=Channel.EMAIL,
                participants=parts,
                direction=Direction.OUT if sender == OWNER_ID else Direction.IN,
                subject=subject,
                source=MAIL,
                message_id=self._message_id(sender),
                in_reply_to=in_reply_to,
                group_size=len(others),
            )
        )

    def thread(
        self,
        at: datetime,
        me_first: bool,
        pid: int,
        subject: str,
        replies: int,
        cc: tuple[int, ...] = (),
    ) -> list[Interaction]:
        """A 1:1 (or cc'd) mail thread: the first mail, then ``replies`` alternating answers."""
        out: list[Interaction] = []
        sender, other = (OWNER_ID, pid) if me_first else (pid, OWNER_ID)
        parent: str | None = None
        for k in range(replies + 1):
            it = self.mail(at, sender, [other], subject if k == 0 else f"Re: {subject}", cc, parent)
            if it is None:
                break
            out.append(it)
            parent = it.message_id
            sender, other = other, sender
            at += timedelta(minutes=self.rng.choice((25, 90, 240, 600, 1400, 2900)))
        return out

    def nudges(self, at: datetime, pid: int, subject: str, count: int) -> list[Interaction]:
        """The owner writing again and again in one thread, with no answer (a one-sided tie)."""
        out: list[Interaction] = []
        parent: str | None = None
        for k in range(count):
            it = self.mail(at, OWNER_ID, [pid], subject if k == 0 else f"Re: {subject}", (), parent)
            if it is None:
                break
            out.append(it)
            parent = it.message_id
            at += timedelta(days=self.rng.randint(6, 12))
        return out

    def chat(self, at: datetime, me_first: bool, pid: int, n: int, channel: Channel, source: str) -> None:
        """Short messages back and forth (texts, or LinkedIn messages)."""
        mine = me_first
        for _ in range(n):
            sender, receiver = (OWNER_ID, pid) if mine else (pid, OWNER_ID)
            text = self.rng.choice(TEXTS_OUT if mine else TEXTS_IN)
            self._add(
                Interaction(
                    at=at,
                    channel=channel,
                    participants=[Participant(sender, Role.FROM), Participant(receiver, Role.TO)],
                    direction=Direction.OUT if mine else Direction.IN,
                    subject=text if channel is Channel.MESSAGE else None,
                    note=text,
                    source=source,
                )
            )
            mine = not mine
            at += timedelta(minutes=self.rng.randint(2, 180))

    def linkedin(self, at: datetime, sender: int, receiver: int, text: str) -> Interaction | None:
        """One LinkedIn message."""
        return self._add(
            Interaction(
                at=at,
                channel=Channel.MESSAGE,
                participants=[Participant(sender, Role.FROM), Participant(receiver, Role.TO)],
                direction=Direction.OUT if sender == OWNER_ID else Direction.IN,
                subject=text,
                note=text,
                source=LINKEDIN,
            )
        )

    def call(self, at: datetime, me_first: bool, pid: int, minutes: int) -> None:
        """A phone call; the caller initiated it."""
        caller, callee = (OWNER_ID, pid) if me_first else (pid, OWNER_ID)
        self._add(
            Interaction(
                at=at,
                channel=Channel.CALL,
                participants=[Participant(caller, Role.FROM), Participant(callee, Role.TO)],
                direction=Direction.OUT if me_first else Direction.IN,
                duration_s=minutes * 60,
                source=MANUAL,
            )
        )

    def meeting(self, at: datetime, organizer: int, guests: list[int], minutes: int, subject: str) -> None:
        """A calendar meeting (coffee, lunch, dinner, a call on video); the organizer initiated it."""
        at = at.replace(minute=at.minute // 15 * 15)  # calendars book quarter hours
        everyone = [organizer, *guests]
        parts = [Participant(organizer, Role.ORGANIZER)] + [Participant(p, Role.ATTENDEE) for p in guests]
        self._add(
            Interaction(
                at=at,
                channel=Channel.MEETING,
                participants=parts,
                direction=Direction.OUT if organizer == OWNER_ID else Direction.IN,
                duration_s=minutes * 60,
                subject=subject,
                source=CALENDAR,
                group_size=len(set(everyone) - {OWNER_ID}),
            )
        )

    def met_at_event(self, at: datetime, pid: int, title: str) -> None:
        """Meeting someone for the first time at a networking event (logged by the owner)."""
        self._add(
            Interaction(
                at=at,
                channel=Channel.EVENT,
                participants=[Participant(OWNER_ID, Role.ATTENDEE), Participant(pid, Role.ATTENDEE)],
                direction=Direction.MUTUAL,
                subject=f"Met at {title}",
                source=MANUAL,
            )
        )


def at_time(day: date, hour: int, minute: int = 0) -> datetime:
    """A fixed time of day (UTC)."""
    return day_start(day) + timedelta(hours=hour, minutes=minute)
