"""A synthetic network of a given size, written straight into a database (for benchmarks only)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from innercircle.services import Workspace
from innercircle.store import schema as s

CHANNELS = ("email", "email", "email", "message", "call", "meeting")


def build(ws: Workspace, people: int, interactions: int, seed: int = 7) -> datetime:
    """``people`` people (plus the owner) and ``interactions`` over three years; returns 'now'."""
    rng = random.Random(seed)
    now = datetime(2026, 3, 2, tzinfo=UTC)
    with ws.begin() as tx:
        tx.conn.execute(insert(s.people).values(id=1, name="Owner", is_me=True, tags=[], created_at=now))
        rows = [
            {"id": i, "name": f"Person {i}", "tags": [], "is_me": False, "created_at": now}
            for i in range(2, people + 2)
        ]
        for i in range(0, len(rows), 5000):
            tx.conn.execute(insert(s.people), rows[i : i + 5000])
        idents = [
            {"person_id": i, "kind": "email", "value": f"p{i}@example.com", "raw": f"p{i}@example.com"}
            for i in range(2, people + 2)
        ]
        for i in range(0, len(idents), 5000):
            tx.conn.execute(insert(s.identities), idents[i : i + 5000])
        # a few close ties, a long tail: Zipf-like choice of the other party
        weights = [1 / (rank + 1) ** 1.1 for rank in range(people)]
        others = rng.choices(range(2, people + 2), weights=weights, k=interactions)
        batch_its: list[dict[str, object]] = []
        batch_parts: list[dict[str, object]] = []
        for n, other in enumerate(others, start=1):
            out = rng.random() < 0.5
            batch_its.append(
                {
                    "id": n,
                    "at": now - timedelta(seconds=rng.randrange(3 * 365 * 86400)),
                    "channel": rng.choice(CHANNELS),
                    "direction": "out" if out else "in",
                    "source": "synthetic",
                    "source_id": str(n),
                    "group_size": 1,
                }
            )
            batch_parts += [
                {"interaction_id": n, "person_id": 1 if out else other, "role": "from"},
                {"interaction_id": n, "person_id": other if out else 1, "role": "to"},
            ]
            if len(batch_its) == 5000:
                tx.conn.execute(insert(s.interactions), batch_its)
                tx.conn.execute(insert(s.participants), batch_parts)
                batch_its, batch_parts = [], []
        if batch_its:
            tx.conn.execute(insert(s.interactions), batch_its)
            tx.conn.execute(insert(s.participants), batch_parts)
    return now
