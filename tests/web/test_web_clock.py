"""The web app and the API on the owner's clock, and dates that do not exist refused with a 400."""

from __future__ import annotations

import pytest

BAD = ("2026-02-30", "2025-13-45", "0001-01-01")


@pytest.mark.parametrize("day", BAD)
def test_api_answers_400_with_the_message_for_a_day_that_does_not_exist(client, seeded, day):
    for path in (f"/api/people/{seeded['grace']}", "/api/ties"):
        r = client.get(path, params={"as_of": day})
        assert r.status_code == 400, (path, r.text)
        assert r.json()["detail"].startswith(f"not a date: '{day}'")
