"""What the live-sync tests do through the CLI: sync with a JSON summary, export the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def sync_json(cli, *args: str) -> tuple[int, list[dict[str, Any]], str]:  # type: ignore[no-untyped-def]
    """``sync ARGS --json``: the exit code, the summary per account, what went to stderr."""
    r = cli("sync", *args, "--json")
    return r.exit_code, json.loads(r.stdout), r.stderr


def export_bytes(cli, path: Path) -> bytes:  # type: ignore[no-untyped-def]
    """The database's JSON export, written to ``path``, as bytes (to compare before and after)."""
    assert cli("export", "-o", str(path)).exit_code == 0
    return path.read_bytes()
