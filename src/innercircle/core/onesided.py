"""Who reaches out to whom, and "one-sided": one definition, read by health, focus, ``show`` and ``ties``.

The counts are made from the tie model's contacts (``core/snapshot.contacts_of``: a participant row of
an interaction the user took part in, seen from the user), over the last ``WINDOW_DAYS`` days:

- *by you*: a mail, message or call the user started to them (OUT) addressed to at most
  ``SMALL_GROUP`` people, or a meeting or event with them (both sides were there);
- *by them*: an interaction they started towards the user (IN, as its sender: a co-recipient of someone
  else's mail is neither), a reply included, or a meeting or event with them.

A tie is *one-sided* when the user reached out at least ``MIN_REACHED`` times by them and they did nothing
by them in the window: not a mail, a reply, a meeting nor an event. Favours are not counted here (the
reciprocity sign weighs them); ``Reach.said`` is the sentence every view prints with the label.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from innercircle.core.history import History
from innercircle.core.model import Channel
from innercircle.core.ties.contacts import contacts_of
from innercircle.core.ties.model import CHANNEL_CODES, I64, IN, MUTUAL, OUT, Contacts

WINDOW_DAYS = 180  # six months
MIN_REACHED = 3  # the user reached out at least this often
SMALL_GROUP = 2  # a mail to at most this many people (the user aside) is reaching out to each of them
# channels where both sides were there, whoever logged them
_FACE = [CHANNEL_CODES.index(Channel.MEETING), CHANNEL_CODES.index(Channel.EVENT)]


@dataclass(frozen=True, slots=True)
class Reach:
    """What each side did in the last ``WINDOW_DAYS`` days (see the module)."""

    by_you: int
    by_them: int

    @property
    def one_sided(self) -> bool:
        """The user reached out at least ``MIN_REACHED`` times; they did nothing by them."""
        return is_one_sided(self.by_you, self.by_them)

    def said(self) -> str:
        """What was counted, as every view prints it: 'in the last 6 months: 3 by you, 1 by them'."""
        return f"in the last {WINDOW_DAYS // 30} months: {self.by_you} by you, {self.by_them} by them"


NOBODY = Reach(0, 0)


def is_one_sided(by_you: int, by_them: int) -> bool:
    """The one definition of a one-sided tie, on the counts of :class:`Reach`."""
    return by_you >= MIN_REACHED and by_them == 0


def reach_arrays(c: Contacts, start: float, end: float) -> tuple[I64, I64, I64]:
    """(keys, by you, by them) of every key with a contact in [start, end) (Unix seconds), keys ascending."""
    keep = (c.at >= start) & (c.at < end)
    key, d, ch, size = c.key[keep], c.direction[keep], c.channel[keep], c.group_size[keep]
    face = np.isin(ch, _FACE)  # whoever organized it, and the user was there (contacts are theirs)
    you = face | (d == MUTUAL) | ((d == OUT) & (size <= SMALL_GROUP))
    them = face | (d == MUTUAL) | (d == IN)
    keys, inverse = np.unique(key, return_inverse=True)
    by_you = np.bincount(inverse, weights=you, minlength=keys.shape[0]).astype(np.int64)
    by_them = np.bincount(inverse, weights=them, minlength=keys.shape[0]).astype(np.int64)
    return keys.astype(np.int64), by_you, by_them


def reach_at(c: Contacts, now: datetime) -> dict[int, Reach]:
    """Person → :class:`Reach` over the ``WINDOW_DAYS`` days before ``now``."""
    end = now.timestamp()
    keys, you, them = reach_arrays(c, end - WINDOW_DAYS * 86400.0, end)
    return {k: Reach(y, t) for k, y, t in zip(keys.tolist(), you.tolist(), them.tolist(), strict=True)}


def contacts_from(h: History, left_out: Iterable[int | None]) -> Contacts:
    """The tie model's contacts of a history (the same ``show`` and ``ties`` read), ``left_out``: the user."""
    return contacts_of(h, [p for p in left_out if p is not None])
