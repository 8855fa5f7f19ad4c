"""On the demo network: the planted silent strong tie and the unanswered new contacts show in follow-ups."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from innercircle.core.ties.explain import explain
from innercircle.services import Workspace
from innercircle.services.demo import load_demo
from innercircle.services.followups import followups_at
from innercircle.services.ties import compute_ties, tie_for_person

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, dict[str, Any]]]:
    ws = Workspace(str(Path(tmp_path_factory.mktemp("tiesdemo")) / "demo.db"))
    summary = load_demo(ws, seed=42, today="2026-03-01", now=NOW)
    yield ws, summary.planted
    ws.close()


def test_silent_strong_tie_is_cooling_and_followed_up(demo) -> None:  # type: ignore[no-untyped-def]
    ws, planted = demo
    pid = planted["silent_tie"]["person_id"]
    with ws.read() as tx:
        ties = compute_ties(tx, NOW)
        items = followups_at(tx, NOW)
        tie = tie_for_person(tx, pid, NOW)
    assert ties[pid].cooling
    assert tie.cooling and any("cooling" in r for r in tie.reasons)
    mine = [f for f in items if f.person_id == pid]
    assert mine and mine[0].kind in ("cooling", "overdue", "due")
    assert "days" in mine[0].reason and mine[0].draft
    # strong ties cooling come before the routine items
    cooling = [i for i, f in enumerate(items) if f.kind == "cooling"]
    routine = [i for i, f in enumerate(items) if f.kind in ("new", "birthday", "achievement", "due")]
    assert cooling and routine and min(cooling) < min(routine)


def test_unanswered_new_contacts_are_followed_up(demo) -> None:  # type: ignore[no-untyped-def]
    ws, planted = demo
    with ws.read() as tx:
        items = followups_at(tx, NOW)
    new = {f.person_id for f in items if f.kind == "new"}
    # those who wrote first and got no answer are a 'reply' (their message waits), the others 'new'
    reply = {f.person_id: f for f in items if f.kind == "reply"}
    want = set(planted["unfollowed"]["person_ids"])
    assert want <= new | set(reply) and want & set(reply) and not new & set(reply)
    for pid in want & set(reply):
        assert reply[pid].reason.startswith("reply: they reached out 1 time and you have not answered")
    for f in items:
        assert f.draft.startswith("Hi ") and f.reason


def test_tiers_are_capped_and_the_one_sided_investor_is_flagged(demo) -> None:  # type: ignore[no-untyped-def]
    ws, planted = demo
    with ws.read() as tx:
        ties = compute_ties(tx, NOW)
    counts = {t: sum(1 for s in ties.values() if s.tier == t) for t in ("inner", "close", "active", "known")}
    assert counts["inner"] <= 5 and counts["inner"] + counts["close"] <= 15
    assert sum(counts.values()) <= 150
    one_sided = explain(ties, planted["one_sided"]["person_id"])
    assert one_sided.components["reciprocity"] == 0.0
    assert any(
        r.startswith("one-sided: only you reached out (in the last 6 months") for r in one_sided.reasons
    )
    birthday = planted["upcoming_birthday"]["person_id"]
    with ws.read() as tx:
        kinds = {f.kind for f in followups_at(tx, NOW) if f.person_id == birthday}
    assert "birthday" in kinds
