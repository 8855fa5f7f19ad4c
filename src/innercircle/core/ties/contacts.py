"""The tie model's input (``Contacts``) derived from the one snapshot of the interactions (``History``).

A *contact* is one person's part in one interaction the user took part in: every participant row of
every interaction whose direction is known, except the user's own records and merged-away ones. Seen from
the user, an interaction the user started is OUT, a meeting or call both sides made is MUTUAL, and one the
other side started is IN for its sender and PRESENT for everyone else listed beside the user.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from innercircle.core.history import DIRECTION_CODE, History, part_directions
from innercircle.core.ties.model import Contacts


def contacts_of(history: History, left_out: Iterable[int]) -> Contacts:
    """Every contact of these interactions, in participant order; ``left_out``: the user's own person
    records and merged-away ones (no ties). Times are Unix seconds snapped to whole milliseconds."""
    rows = history.part_row
    direction = history.direction[rows]
    keep = direction != DIRECTION_CODE["unknown"]
    gone = np.fromiter(set(left_out), np.int64)
    if gone.size:
        keep &= ~np.isin(history.part_person, gone)
    rows = rows[keep]
    seen = part_directions(history)[keep]  # the interaction's codes, and PRESENT for co-recipients
    ms = (history.at[rows] + 500) // 1000  # to the nearest millisecond, halves up (as SQLite's julianday)
    return Contacts(
        key=history.part_person[keep].copy(),
        at=ms.astype(np.float64) / 1000.0,
        channel=history.channel[rows],  # one code table (core/ties/model.CHANNEL_CODES)
        direction=seen.astype(np.int8),
        group_size=history.group_size[rows],
        duration_s=np.where(
            history.duration_known[rows], history.duration_s[rows].astype(np.float64), np.nan
        ),
    )
