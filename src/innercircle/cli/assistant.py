"""The ``mcp`` command: innercircle as tools of the user's AI assistant (Model Context Protocol, stdio)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated

import typer

from innercircle.cli import common


def mcp_cmd(
    allow_writes: Annotated[
        bool,
        typer.Option(
            "--allow-writes",
            help="Also offer the tools that write: log an interaction, remember a detail. "
            "Without it the assistant can only read.",
        ),
    ] = False,
    demo: Annotated[bool, typer.Option("--demo", help="Serve the demo database.")] = False,
) -> None:
    """Serve your network to an AI assistant over MCP on stdin/stdout (its client starts this command).

    Example: innercircle mcp --allow-writes

    Tools: find_person, show_person, followups, focus_list, health_signs, meeting_brief,
    intro_path, weekly_review; with --allow-writes also log_interaction, remember_detail.

    The README shows how to register it in a desktop assistant's configuration.
    """
    from innercircle.paths import demo_db_path

    config = common.config()
    db = str(demo_db_path()) if demo else common.db_url()
    if demo and not demo_db_path().exists():
        raise common.fail("no demo database yet: run innercircle demo first")
    # An assistant's configuration with a mistyped path would otherwise get a new, empty network and
    # answer "nobody" to every question; say so instead.
    file = db.removeprefix("sqlite:///") if db.startswith("sqlite:///") or "://" not in db else None
    if file is not None and file != ":memory:" and not Path(file).exists():
        raise common.fail(f"no database at {file}: run innercircle init first, or give --db PATH")
    # Started by name, as serve starts the web app: the front ends do not import each other.
    server = importlib.import_module("innercircle.mcp.server")
    server.serve(db, config.default_region, allow_writes=allow_writes)
