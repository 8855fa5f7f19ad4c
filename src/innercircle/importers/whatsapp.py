"""WhatsApp chat exports (Android ``06/03/2017, 00:45 - Name: text`` and iOS ``[06/03/2017, 00:45:12] Name: text``)."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from innercircle.core.errors import ParseError
from innercircle.core.model import Channel, Role
from innercircle.core.records import InteractionRecord, PartyRef
from innercircle.importers.base import Item, Options, read_text
from innercircle.importers.identity import phone_ref
from innercircle.importers.limits import MAX_CHAT_PARTICIPANTS, MAX_PARTICIPANTS_PER_FILE

_LINE = re.compile(
    r"^[\u200e\u200f]?\[?(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4}),?\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?"
    r"\s*([AaPp]\.?\s?[Mm]\.?)?\]?\s*(?:-\s)?(.*)$"
)


def sniff(head: str) -> bool:
    """True when the first lines look like chat lines."""
    lines = [x for x in head.lstrip("\ufeff").splitlines()[:5] if x.strip()]
    return bool(lines) and sum(1 for x in lines if _LINE.match(x)) >= max(1, len(lines) // 2)


def parse(path: Path, opts: Options) -> Iterator[Item]:
    """Each chat message as an interaction from its sender to the other participants."""
    label = str(path)
    text = read_text(path)
    msgs = list(_messages(text.lstrip("\ufeff")))
    if not msgs:
        raise ParseError(label, "not a WhatsApp chat export (no dated chat lines)", line=1)
    day_first = _day_first(msgs)
    senders = list(dict.fromkeys(m[1] for m in msgs if m[1]))
    if len(senders) > MAX_CHAT_PARTICIPANTS:
        raise ParseError(
            label,
            f"{len(senders):,} people write in this chat, more than the {MAX_CHAT_PARTICIPANTS:,} "
            "one chat may have; refused",
        )
    named = len(msgs) * len(senders)  # each message names its sender and every other participant
    if named > MAX_PARTICIPANTS_PER_FILE:
        raise ParseError(
            label,
            f"{len(msgs):,} messages among {len(senders):,} people name {named:,} participants, more than "
            f"the {MAX_PARTICIPANTS_PER_FILE:,} one file may; refused",
        )
    seen: Counter[str] = Counter()
    for lineno, sender, fields, body in msgs:
        if not sender:
            continue  # system lines: "Messages are end-to-end encrypted", "You created group"
        wall = _at(fields, day_first)
        if wall is None:
            raise ParseError(label, "not a valid date and time", line=lineno)
        at = wall.replace(tzinfo=opts.zone).astimezone(UTC)
        key = f"{wall.isoformat()}|{sender}|{body}"  # the time as written: the same id in any zone
        seen[key] += 1
        others = [s for s in senders if s != sender]
        yield InteractionRecord(
            at=at,
            channel=Channel.MESSAGE,
            parties=[(_party(sender, opts), Role.FROM)] + [(_party(o, opts), Role.TO) for o in others],
            source_id="wa:" + hashlib.sha1(f"{key}|{seen[key]}".encode()).hexdigest(),
            where=f"line {lineno}",
        )


def _messages(text: str) -> Iterator[tuple[int, str, tuple[str, ...], str]]:
    for lineno, line in enumerate(text.splitlines(), 1):
        m = _LINE.match(line)
        if not m:
            continue  # a continuation of the previous message's text
        rest = m.group(8)
        sender, colon, body = rest.partition(": ")
        fields = tuple(g or "" for g in m.groups()[:7])
        yield lineno, (sender.strip(" \u200e\u202a\u202c") if colon else ""), fields, body


def _day_first(msgs: list[tuple[int, str, tuple[str, ...], str]]) -> bool:
    for _l, _s, f, _b in msgs:
        if int(f[0]) > 12:
            return True
        if int(f[1]) > 12:
            return False
    return True


def _at(f: tuple[str, ...], day_first: bool) -> datetime | None:
    """The time as written (the phone's local wall clock, labelled UTC until the caller places it)."""
    a, b, y, hh, mm, ss, ampm = f
    day, month = (int(a), int(b)) if day_first else (int(b), int(a))
    year = int(y) + (2000 if len(y) == 2 else 0)
    hour = int(hh)
    if ampm:
        pm = ampm.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    try:
        return datetime(year, month, day, hour, int(mm), int(ss or 0), tzinfo=UTC)
    except ValueError:
        return None


def _party(name: str, opts: Options) -> PartyRef:
    ref = phone_ref(name, opts.region) if name.lstrip().startswith("+") else None
    return PartyRef((ref,), None) if ref else PartyRef((), name)
