"""Ties only they keep up: people who wrote to the user and have heard nothing back (pure; numpy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from innercircle.core.model import Channel
from innercircle.core.reciprocity import ONE_SIDED_DAYS
from innercircle.core.ties.model import CHANNEL_CODES, DAY, IN, OUT, PRESENT, Contacts

REPLY_WINDOW_DAYS = ONE_SIDED_DAYS  # the same six months the one-sided ties are weighed over
REPLY_DUE_DAYS = 30  # an unanswered message this recent is a follow-up: reply
# this many messages from someone the user never once answered, wrote to or met: mail the user chose to
# leave (cold pitches), not a reply owed (docs/RULES.md)
COLD_AFTER = 3
# reaching out: a message written to the user (an invitation or a note is no message awaiting a reply)
_WRITTEN = [CHANNEL_CODES.index(ch) for ch in (Channel.EMAIL, Channel.MESSAGE, Channel.SMS)]
# talking together answers whatever was written before, whoever started it
_SPOKEN = [CHANNEL_CODES.index(ch) for ch in (Channel.MEETING, Channel.CALL, Channel.EVENT)]


@dataclass(frozen=True, slots=True)
class Unanswered:
    """Someone who reached out one to one, with no answer from the user since their first message."""

    person_id: int
    count: int  # their one-to-one messages in the window
    first_in: datetime
    last_in: datetime

    @property
    def label(self) -> str:
        """What to do, with the count: 'reply: they reached out 3 times and you have not answered'."""
        times = "1 time" if self.count == 1 else f"{self.count} times"
        return f"reply: they reached out {times} and you have not answered"

    def days_since(self, now: datetime) -> int:
        """Whole days since their last message."""
        return max(0, int((now - self.last_in).total_seconds() // DAY))

    def due(self, now: datetime) -> bool:
        """Their last message is recent enough that a reply is a follow-up (≤ REPLY_DUE_DAYS)."""
        return (now - self.last_in).total_seconds() <= REPLY_DUE_DAYS * DAY


def unanswered(c: Contacts, now: datetime, days: float = REPLY_WINDOW_DAYS) -> dict[int, Unanswered]:
    """People who wrote to the user one to one in the ``days`` before ``now`` and heard nothing back since
    their first such message: no mail, message or call started by the user, no call or meeting together.
    Left out: people the user never once answered, wrote to or met, who wrote COLD_AFTER times or more
    (cold inbound the user chose to leave is not a reply owed)."""
    t = now.timestamp()
    ever = c.take(c.at < t, False)
    engaged = np.unique(
        ever.key[(ever.direction == OUT) | (np.isin(ever.channel, _SPOKEN) & (ever.direction != PRESENT))]
    )
    # only the window matters: an answer before their first message in it answers nothing
    c = c.take((c.at >= t - days * DAY) & (c.at < t), False)
    inbound = (c.direction == IN) & (c.group_size <= 2) & np.isin(c.channel, _WRITTEN)
    if not inbound.any():
        return {}
    keys, idx = np.unique(c.key[inbound], return_inverse=True)
    at_in = c.at[inbound]
    first = np.full(keys.shape[0], np.inf)
    last = np.full(keys.shape[0], -np.inf)
    np.minimum.at(first, idx, at_in)
    np.maximum.at(last, idx, at_in)
    count = np.bincount(idx, minlength=keys.shape[0])
    answer = (c.direction == OUT) | (np.isin(c.channel, _SPOKEN) & (c.direction != PRESENT))
    pos = np.searchsorted(keys, c.key[answer])
    hit = pos < keys.shape[0]
    hit[hit] = keys[pos[hit]] == c.key[answer][hit]
    answered = np.full(keys.shape[0], -np.inf)
    np.maximum.at(answered, pos[hit], c.at[answer][hit])
    cold = (count >= COLD_AFTER) & ~np.isin(keys, engaged)
    return {
        int(keys[i]): Unanswered(int(keys[i]), int(count[i]), _utc(first[i]), _utc(last[i]))
        for i in np.flatnonzero((answered < first) & ~cold).tolist()
    }


def _utc(t: float) -> datetime:
    return datetime.fromtimestamp(float(t), UTC)
