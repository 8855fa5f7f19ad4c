"""Health, focus and show through the real CLI on a real SQLite file: a new user whose mail is mostly
unanswered inbound pitches is not over-networking, and one-sided means the same in every view."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from innercircle.core.signs import status_of

AS_OF = "2026-11-02"
TODAY = date.fromisoformat(AS_OF)


def _day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def _json(cli, *args: str) -> Any:  # type: ignore[no-untyped-def]
    r = cli(*args, "--json", "--as-of", AS_OF)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _held_to_its_numbers(health: dict[str, Any]) -> None:
    for s in health["signs"]:
        want = "ok" if s["insufficient"] else status_of(s["value"], s["threshold"], s["alert_at"], s["worse"])
        assert s["status"] == want, s


def test_unanswered_pitches_are_not_over_networking(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com").exit_code == 0
    assert cli("add", "Grace Hopper").exit_code == 0
    # one 2-hour meeting in the last 4 weeks: 0.1× the default budget of 5 h a week
    assert cli("log", "meeting", "Grace Hopper", "--minutes", "120", "--at", _day(10)).exit_code == 0
    for k in range(25):  # cold pitches over the last 8 weeks, never answered
        assert cli("add", f"Seller {k}").exit_code == 0
        for ago in (3 + 2 * k, 4 + 2 * k):
            assert cli("log", "email", f"Seller {k}", "--by", "them", "--at", _day(ago)).exit_code == 0
    health = _json(cli, "health")
    _held_to_its_numbers(health)
    sign = {s["name"]: s for s in health["signs"]}
    assert sign["burnout"]["value"] == 0.1 and sign["burnout"]["status"] == "ok"
    assert sign["burnout"]["worse"] == "higher"
    assert "1 new contacts in 8 weeks" in sign["surface_relationships"]["explanation"]
    assert sign["unfollowed_new"]["value"] == 0
    said = " ".join([health["verdict"], *health["actions"]]).lower()
    assert "over-networking" not in said and "slow down" not in said and "cut back" not in said
    shown = cli("health", "--as-of", AS_OF).stdout
    assert "higher is worse" in shown and "Over-networking" not in shown


def test_one_sided_is_the_same_in_health_focus_and_show(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com").exit_code == 0
    for name in ("Katherine Johnson", "Marc Quiet"):
        assert cli("add", name).exit_code == 0
        for ago in (40, 30, 20):
            assert cli("log", "email", name, "--at", _day(ago)).exit_code == 0
    # Katherine replied within 3 days to the first mail; Marc never did
    assert cli("log", "email", "Katherine Johnson", "--by", "them", "--at", _day(37)).exit_code == 0

    health = _json(cli, "health")
    _held_to_its_numbers(health)
    sided = next(s for s in health["signs"] if s["name"] == "one_sided")
    assert [p["name"] for p in sided["people"]] == ["Marc Quiet"]
    assert sided["people"][0]["why"] == "one-sided: in the last 6 months: 3 by you, 0 by them"

    focus = {i["name"]: i for i in _json(cli, "focus")}
    assert focus["Marc Quiet"]["why_now"] == "one-sided"
    assert "(in the last 6 months: 3 by you, 0 by them)" in focus["Marc Quiet"]["reasons"][0]
    assert focus["Katherine Johnson"]["why_now"] != "one-sided"

    kat = _json(cli, "show", "Katherine Johnson")["tie"]["reasons"]
    assert "both sides reach out (in the last 6 months: 3 by you, 1 by them)" in kat
    assert not [r for r in kat if "one-sided" in r]
    marc = _json(cli, "show", "Marc Quiet")["tie"]["reasons"]
    assert "one-sided: only you reached out (in the last 6 months: 3 by you, 0 by them)" in marc
