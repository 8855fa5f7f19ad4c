"""The owner's time zone: the machine's zone found with the standard library only, names checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from innercircle.core.errors import UserInputError
from innercircle.services.runtime.localzone import machine_zone, zone_of


def test_machine_zone_from_tz_then_localtime_then_timezone_file(tmp_path: Path) -> None:
    zoneinfo = tmp_path / "usr/share/zoneinfo/America"
    zoneinfo.mkdir(parents=True)
    (zoneinfo / "New_York").write_bytes(b"TZif")
    link = tmp_path / "localtime"
    link.symlink_to(zoneinfo / "New_York")
    named = tmp_path / "timezone"
    named.write_text("Asia/Tokyo\n", encoding="utf-8")
    nowhere = tmp_path / "absent"
    assert machine_zone({"TZ": ":Europe/Berlin"}, link, named) == "Europe/Berlin"
    assert machine_zone({"TZ": "Not/AZone"}, link, named) == "America/New_York"
    assert machine_zone({}, nowhere, named) == "Asia/Tokyo"
    assert machine_zone({}, nowhere, nowhere) == "UTC"


@pytest.mark.parametrize("bad", ["Mars/Olympus", "", "../../etc/passwd", "/etc/localtime"])
def test_unknown_zones_are_one_line_user_errors(bad: str) -> None:
    with pytest.raises(UserInputError, match="unknown time zone"):
        zone_of(bad)
    assert zone_of(" Europe/Berlin ").key == "Europe/Berlin"
