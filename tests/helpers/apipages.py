"""A paged ``/api`` list read whole: its pages followed to the last one, their items joined."""

from __future__ import annotations

from typing import Any


def whole(client: Any, path: str, **params: Any) -> list[Any]:
    """Every row of a paged list (``items``, ``next_offset``) at ``path``, the largest pages first."""
    rows: list[Any] = []
    offset: int | None = 0
    while offset is not None:
        r = client.get(path, params={**params, "limit": 1000, "offset": offset})
        if r.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {r.status_code} {r.text[:300]}")
        answer = r.json()
        rows += answer["items"]
        offset = answer["next_offset"]
    return rows
