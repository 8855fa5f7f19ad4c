"""The documents a clone has: what the README links is in the repository, and docs/DESIGN.md's command
table is the CLI's command surface (every command in it exists, every command is in it)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer

from innercircle.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DESIGN = ROOT / "docs" / "DESIGN.md"


def cli_commands() -> set[str]:
    """Every command path of the CLI (``goal add``; a group that runs on its own, like ``followups``)."""
    found: set[str] = set()

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        if hasattr(cmd, "commands"):  # a group (typer may vendor its own click: no isinstance)
            if path and cmd.invoke_without_command:
                found.add(" ".join(path))
            for name, sub in cmd.commands.items():
                walk(sub, (*path, name))
        elif path:
            found.add(" ".join(path))

    walk(typer.main.get_command(app), ())
    return found


def table_commands(doc: Path) -> set[str]:
    """The backticked command names in the first column of the command table of ``doc``."""
    text = doc.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    names: set[str] = set()
    for row in rows:
        first = row.split("|")[1]
        names.update(re.findall(r"`([a-z][a-z\- ]*)`", first))
    return names


def test_the_design_table_is_the_command_surface() -> None:
    commands, documented = cli_commands(), table_commands(DESIGN)
    assert len(commands) > 30
    missing = sorted(commands - documented)
    stale = sorted(documented - commands)
    assert not missing, f"add a row or name to docs/DESIGN.md's command table for: {missing}"
    assert not stale, f"docs/DESIGN.md names commands the CLI does not have: {stale}"


def test_what_the_readme_links_is_in_the_repository() -> None:
    text = README.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#\s]+)", text)
    named = re.findall(r"`((?:\.\./|docs/|benchmarks/|tests/|\.ci/)[\w./-]+)`", text)
    paths = [p for p in links + named if not p.startswith(("http://", "https://"))]
    assert {"docs/DESIGN.md", "docs/RULES.md", "docs/ARCHITECTURE.md"} <= set(paths)
    outside = [p for p in paths if p.startswith("../") or p.startswith("/")]
    assert not outside, f"the README points outside the repository: {outside}"
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert not missing, f"the README names files a clone does not have: {missing}"
