"""`people` shows each person's tie (strength, tier, last contact) and honours --as-of and --tier."""

from __future__ import annotations

import json


def test_people_lists_ties_as_of_a_date(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com").exit_code == 0
    assert cli("add", "Grace Hopper", "--id", "grace@navy.example").exit_code == 0
    assert cli("add", "Alan Turing", "--id", "alan@bletchley.example").exit_code == 0
    for day in ("2026-03-01", "2026-04-01", "2026-05-01"):
        assert cli("log", "meeting", "Grace Hopper", "--minutes", "60", "--at", day).exit_code == 0
    assert cli("log", "call", "Alan Turing", "--minutes", "30", "--at", "2026-06-15").exit_code == 0

    rows = {r["name"]: r for r in json.loads(cli("people", "--json", "--as-of", "2026-06-01").stdout)}
    grace = rows["Grace Hopper"]
    # three monthly meetings, the last a month before: in touch (active), not yet close (five contact days)
    assert grace["strength"] > 0 and grace["tier"] == "active"
    assert rows["Grace Hopper"]["last_contact"].startswith("2026-05-01")
    assert rows["Alan Turing"]["strength"] == 0.0 and rows["Alan Turing"]["last_contact"] is None

    later = {r["name"]: r for r in json.loads(cli("people", "--json", "--as-of", "2026-07-01").stdout)}
    assert (
        later["Alan Turing"]["last_contact"].startswith("2026-06-15") and later["Alan Turing"]["strength"] > 0
    )

    tier = json.loads(cli("people", "--tier", grace["tier"], "--as-of", "2026-06-01", "--json").stdout)
    assert [r["name"] for r in tier] == ["Grace Hopper"]
    table = cli("people", "--as-of", "2026-06-01").stdout
    assert "strength" in table and grace["tier"] in table
