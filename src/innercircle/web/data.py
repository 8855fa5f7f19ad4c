"""What the pages and the API show, gathered from the services and cached until the next write."""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable
from datetime import datetime
from types import ModuleType
from typing import Any

from sqlalchemy import Connection

from innercircle.core.model import Goal, Person
from innercircle.services import records
from innercircle.services.views import detail_dict, favor_dict, interaction_dict, person_dict
from innercircle.store import repo


def service(name: str) -> ModuleType | None:
    """A service module that other work may not have landed yet (None when absent)."""
    try:
        return importlib.import_module(f"innercircle.services.{name}")
    except ImportError:
        return None


class Cache:
    """Analyses are costly on large networks: keep each result until a write or ``ttl`` seconds."""

    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self._items: dict[Any, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        """The cached value for ``key``, made when missing or stale."""
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        value = make()
        with self._lock:
            self._items[key] = (now, value)
        return value

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
    """Every person's tie strength, strongest first (empty until the analysis lands)."""
    analysis = service("analysis")
    if analysis is None:
        return []

    def make() -> list[dict[str, Any]]:
        names = dict(repo.all_names(conn))
        rows = []
        for t in analysis.compute_ties(conn, as_of or now).values():
            row = plain(t)
            row.setdefault("name", names.get(row["person_id"], "?"))
            rows.append(row)
        rows.sort(key=lambda r: -float(r.get("strength") or 0))
        return rows

    return list(cache.get(("ties", as_of), make))


def ties_by_person(cache: Cache, conn: Connection, now: datetime) -> dict[int, dict[str, Any]]:
    """Tie rows by person id."""
    return cache.get(("ties_by_person",), lambda: {int(t["person_id"]): t for t in ties(cache, conn, now)})  # type: ignore[no-any-return]


def tie_for(conn: Connection, person_id: int, now: datetime) -> dict[str, Any] | None:
    """One person's tie strength with its components (None until the analysis lands)."""
    analysis = service("analysis")
    if analysis is None:
        return None
    return plain(analysis.tie_for_person(conn, person_id, now))  # type: ignore[no-any-return]


# ---------------------------------------------------------------- people


def goal_matches(goal: Goal, person: Person) -> bool:
    """Whether a person is someone a goal names: a target role, organization or tag."""
    title = (person.title or "").lower()
    org = (person.org or "").lower()
    tags = {t.lower() for t in person.tags}
    return (
        any(r.lower() in title for r in goal.roles if r)
        or any(o.lower() in org for o in goal.orgs if o)
        or bool(tags & {t.lower() for t in goal.tags})
    )


def people(
    cache: Cache,
    conn: Connection,
    now: datetime,
    search: str | None = None,
    tier: str | None = None,
    goal_id: int | None = None,
) -> list[dict[str, Any]]:
    """People with their tier and strength, filtered by name or identity, tier and goal."""
    found = repo.list_people(conn)
    if search:
        needle = search.strip().lower()
        hits = {pid for pid, _ in repo.find_people_by_name(conn, needle)}
        found = [p for p in found if p.id in hits or needle in (p.org or "").lower()]
    if goal_id is not None:
        goal = next((g for g in repo.list_goals(conn) if g.id == goal_id), None)
        found = [p for p in found if goal is not None and goal_matches(goal, p)]
    scores = ties_by_person(cache, conn, now)
    rows = []
    for p in found:
        t = scores.get(p.id or 0, {})
        if tier and t.get("tier") != tier:
            continue
        rows.append(
            person_dict(p)
            | {"tier": t.get("tier"), "strength": t.get("strength"), "last_contact": t.get("last_contact")}
        )
    if scores:
        rows.sort(key=lambda r: (-(r["strength"] or 0.0), r["name"].lower()))
    return rows


def person(conn: Connection, person_id: int, now: datetime, as_of: datetime | None = None) -> dict[str, Any]:
    """Everything about one person: identities, sources, details, favours, timeline, tie."""
    view = records.person_view(conn, str(person_id), before=as_of)
    data = person_dict(view.person) | {
        "details": [detail_dict(d) for d in view.details],
        "favors": [favor_dict(f) for f in view.favors],
        "timeline": [interaction_dict(it, view.names) for it in view.timeline],
    }
    data["tie"] = tie_for(conn, person_id, as_of or now)
    return plain(data)  # type: ignore[no-any-return]


def review(cache: Cache, conn: Connection, now: datetime) -> dict[str, Any] | None:
    """The weekly review as plain data (None until the strategy work lands)."""
    strategy = service("review")
    if strategy is None:
        return None
    return cache.get(("review",), lambda: plain(strategy.build_review(conn, now)))  # type: ignore[no-any-return]


def followups(cache: Cache, conn: Connection, now: datetime) -> list[dict[str, Any]]:
    """Follow-ups due, each with its reason and draft (empty until the analysis lands)."""
    analysis = service("analysis")
    if analysis is None or not hasattr(analysis, "followups"):
        return []
    return list(cache.get(("followups",), lambda: plain(analysis.followups(conn, now))))


def health(cache: Cache, conn: Connection, now: datetime) -> dict[str, Any] | None:
    """The over-networking signs and verdict (None until the strategy work lands)."""
    strategy = service("health")
    if strategy is None:
        return None
    return cache.get(("health",), lambda: plain(strategy.health(conn, now)))  # type: ignore[no-any-return]
