"""What the pages and the API show, gathered from the services and cached until the next write."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine

from innercircle.services import records
from innercircle.services.analysis import tie_for_person, tie_rows
from innercircle.services.eventplan import decide
from innercircle.services.followups import followups_at, mark
from innercircle.services.health import health as health_at
from innercircle.services.review import build_review
from innercircle.services.strategy import fits_for
from innercircle.services.views import detail_dict, favor_dict, interaction_dict, person_dict
from innercircle.store import repo


class DataVersion:
    """A number that changes whenever anyone commits to the database (the CLI included).

    SQLite answers ``PRAGMA data_version`` on a connection of its own: it moves when another
    connection commits. Other databases get the minute instead: results at most a minute stale.
    """

    def __init__(self, engine: Engine) -> None:
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            self._conn = sqlite3.connect(engine.url.database, check_same_thread=False, timeout=30)

    def __call__(self) -> int:
        """The current version."""
        if self._conn is None:
            return int(time.time() // 60)
        with self._lock:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        """Release the connection."""
        if self._conn is not None:
            self._conn.close()


class Cache:
    """Analyses are costly on large networks: each result is kept until the data changes.

    A result is made again after a write through the app (``clear``), after a commit by anyone
    else (``version``), on a new day, or after ``ttl`` seconds. One request computes a missing
    result while the others wait for it, instead of all computing it at once.
    """

    def __init__(
        self, version: Callable[[], int] | None = None, ttl: float = 3600.0, size: int = 512
    ) -> None:
        self.ttl = ttl
        self.size = size
        self.version = version or (lambda: 0)
        self._items: dict[Any, tuple[float, int, Any]] = {}
        self._lock = threading.Lock()
        self._making: dict[Any, threading.Lock] = {}

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        """The cached value for ``key``, made when missing or stale."""
        version = self.version()
        full = (key, time.strftime("%Y-%m-%d"))
        hit = self._fresh(full, version)
        if hit is not None:
            return hit[0]
        with self._lock:
            making = self._making.setdefault(full, threading.Lock())
        with making:
            hit = self._fresh(full, version)
            if hit is not None:
                return hit[0]
            value = make()
            with self._lock:
                self._items[full] = (time.monotonic(), version, value)
                while len(self._items) > self.size:  # oldest first: dicts keep insertion order
                    self._items.pop(next(iter(self._items)))
                self._making.pop(full, None)
            return value

    def _fresh(self, key: Any, version: int) -> tuple[Any] | None:
        with self._lock:
            hit = self._items.get(key)
        if hit is None or hit[1] != version or time.monotonic() - hit[0] >= self.ttl:
            return None
        return (hit[2],)

    def clear(self) -> None:
        """Forget everything (after a write)."""
        with self._lock:
            self._items.clear()


def plain(value: Any) -> Any:
    """JSON-able data: dataclasses and datetimes flattened the way the CLI's --json does."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return plain(asdict(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# ---------------------------------------------------------------- ties


def ties(
    cache: Cache, conn: Connection, now: datetime, as_of: datetime | None = None
) -> list[dict[str, Any]]:
    """Every person's tie strength with its components, strongest first."""
    return list(cache.get(("ties", as_of), lambda: plain(tie_rows(conn, as_of or now))))


def ties_by_person(cache: Cache, conn: Connection, now: datetime) -> dict[int, dict[str, Any]]:
    """Tie rows by person id."""
    return cache.get(("ties_by_person",), lambda: {int(t["person_id"]): t for t in ties(cache, conn, now)})  # type: ignore[no-any-return]


def tie_for(conn: Connection, person_id: int, now: datetime) -> dict[str, Any]:
    """One person's tie strength with its components and reasons."""
    return plain(tie_for_person(conn, person_id, now))  # type: ignore[no-any-return]


def followups(cache: Cache, conn: Connection, now: datetime) -> list[dict[str, Any]]:
    """Follow-ups due, most pressing first, each with its reason and draft."""
    return list(cache.get(("followups",), lambda: plain(followups_at(conn, now))))


def mark_followup(
    conn: Connection, person_id: int, action: str, now: datetime, days: int = 7
) -> dict[str, Any]:
    """Done (the cadence restarts) or snoozed for ``days``."""
    return plain(mark(conn, str(person_id), action, now, days))  # type: ignore[no-any-return]


# ---------------------------------------------------------------- people


def goal_fits(cache: Cache, conn: Connection, goal_id: int) -> dict[int, float]:
    """Who fits a goal (position, organization, tags, details, notes) and how well (0–1)."""

    def make() -> dict[int, float]:
        goal = next((g for g in repo.list_goals(conn) if g.id == goal_id), None)
        if goal is None:
            return {}
        fits = fits_for(repo.list_people(conn), repo.all_details(conn), [goal])
        return {pid: f.score for pid, f in fits.items() if f.score > 0}

    return cache.get(("goal_fits", goal_id), make)  # type: ignore[no-any-return]


def people(
    cache: Cache,
    conn: Connection,
    now: datetime,
    search: str | None = None,
    tier: str | None = None,
    goal_id: int | None = None,
) -> list[dict[str, Any]]:
    """People with identities, tier and strength, filtered by name, organization or identity, tier and goal."""
    rows = everyone(cache, conn, now)
    if search and (needle := search.strip().lower()):
        rows = [r for r in rows if needle in r["_text"]]
    if tier:
        rows = [r for r in rows if r["tier"] == tier]
    if goal_id is not None:
        fits = goal_fits(cache, conn, goal_id)
        rows = [r for r in rows if r["person_id"] in fits]
    return [{k: v for k, v in r.items() if k != "_text"} for r in rows]


def everyone(cache: Cache, conn: Connection, now: datetime) -> list[dict[str, Any]]:
    """Every person as a row, strongest tie first (cached: a large network is read once)."""

    def make() -> list[dict[str, Any]]:
        scores = ties_by_person(cache, conn, now)
        idents = repo.all_identities(conn)
        rows = []
        for p in repo.list_people(conn):
            p.identities = idents.get(p.id or 0, [])
            t = scores.get(p.id or 0, {})
            row = plain(person_dict(p))
            row |= {
                "tier": t.get("tier"),
                "strength": t.get("strength"),
                "last_contact": t.get("last_contact"),
            }
            row["_text"] = " ".join([p.name, p.org or "", *(i.value for i in p.identities)]).lower()
            rows.append(row)
        rows.sort(key=lambda r: (-(r["strength"] or 0.0), r["name"].lower()))
        return rows

    return cache.get(("everyone",), make)  # type: ignore[no-any-return]


def person(
    cache: Cache, conn: Connection, person_id: int, now: datetime, as_of: datetime | None = None
) -> dict[str, Any]:
    """Everything about one person: identities, sources, details, favours, timeline, tie."""
    if as_of is not None:
        return _person(cache, conn, person_id, now, as_of)
    return cache.get(("person", person_id), lambda: _person(cache, conn, person_id, now, None))  # type: ignore[no-any-return]


def _person(
    cache: Cache, conn: Connection, person_id: int, now: datetime, as_of: datetime | None
) -> dict[str, Any]:
    view = records.person_view(conn, str(person_id), before=as_of)
    data: dict[str, Any] = plain(
        person_dict(view.person)
        | {
            "details": [detail_dict(d) for d in view.details],
            "favors": [favor_dict(f) for f in view.favors],
            "timeline": [interaction_dict(it, view.names) for it in view.timeline],
        }
    )
    # today's ties come from the cache (scoring everyone is what a tie costs); other dates are scored
    cached = None if as_of is not None else ties_by_person(cache, conn, now).get(person_id)
    data["tie"] = cached or tie_for(conn, person_id, as_of or now)
    return data


def review(cache: Cache, conn: Connection, now: datetime, as_of: datetime | None = None) -> dict[str, Any]:
    """The weekly review as plain data: focus, follow-ups, event triage, health, outcomes, charts."""
    return cache.get(("review", as_of), lambda: plain(build_review(conn, as_of or now)))  # type: ignore[no-any-return]


def health(cache: Cache, conn: Connection, now: datetime, as_of: datetime | None = None) -> dict[str, Any]:
    """The six over-networking signs, the verdict and the three actions."""
    return cache.get(("health", as_of), lambda: plain(health_at(conn, as_of or now)))  # type: ignore[no-any-return]


def decide_event(conn: Connection, event_id: int, decision: str) -> None:
    """Attend, skip or maybe (the same rules as ``event decide``)."""
    decide(conn, str(event_id), decision)
