"""The owner's local time zone: evenings and weekends are judged on the owner's clock, not UTC's.

Stored as the setting ``timezone`` (an IANA name such as ``Europe/Berlin``); when absent, the machine's
own zone (``TZ``, then ``/etc/localtime``, then ``/etc/timezone``), else UTC.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from innercircle.core.errors import UserInputError
from innercircle.services.runtime.workspace import Tx
from innercircle.store import settings

TIMEZONE_KEY = "timezone"
FALLBACK = "UTC"


def zone_of(name: str) -> ZoneInfo:
    """The zone of an IANA name; a user error naming it when it is not one."""
    key = name.strip()
    try:
        if not key or key.startswith("/") or ".." in key:
            raise ValueError(key)
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserInputError(
            f"unknown time zone {name!r}: give an IANA name such as Europe/Berlin or America/New_York"
        ) from None


def _valid(name: str | None) -> str | None:
    try:
        return zone_of(name).key if name else None
    except UserInputError:
        return None


def machine_zone(
    env: Mapping[str, str] | None = None,
    localtime: Path = Path("/etc/localtime"),
    timezone_file: Path = Path("/etc/timezone"),
) -> str:
    """The machine's IANA zone name, from the standard library only; UTC when it cannot be told."""
    env = os.environ if env is None else env
    found = _valid(env.get("TZ", "").lstrip(":"))
    if found is None and localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            found = _valid(target.split("zoneinfo/", 1)[1])
    if found is None and timezone_file.is_file():
        found = _valid(timezone_file.read_text(encoding="utf-8", errors="replace").strip())
    return found or FALLBACK


def zone_name(tx: Tx) -> str:
    """The owner's zone name: the stored setting, else the machine's zone."""
    stored = settings.get_setting(tx.conn, TIMEZONE_KEY)
    return _valid(stored if isinstance(stored, str) else None) or machine_zone()


def get_zone(tx: Tx) -> ZoneInfo:
    """The owner's time zone."""
    return ZoneInfo(zone_name(tx))


def set_zone(tx: Tx, name: str) -> str:
    """Store the owner's time zone (checked); returns its IANA name."""
    key = zone_of(name).key
    settings.set_setting(tx.conn, TIMEZONE_KEY, key)
    return key
