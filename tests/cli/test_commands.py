"""The command table in cli/main.py is the CLI: every entry is a command of ``--help`` and nothing else is."""

from __future__ import annotations

import typer.main

from innercircle.cli.main import COMMANDS, GROUPS, app


def test_the_command_table_is_what_help_lists(cli) -> None:  # type: ignore[no-untyped-def]
    group = typer.main.get_command(app)
    table = [name for _, name, _ in COMMANDS] + [name for _, name, _ in GROUPS]
    assert len(table) == len(set(table)), "a name is in the table twice"
    assert sorted(group.commands) == sorted(table)  # type: ignore[attr-defined]
    top = cli("--help").output
    for panel, name, _ in (*COMMANDS, *GROUPS):
        assert f" {name} " in top, name
        assert panel in top, panel


def test_every_command_sits_under_the_heading_the_table_gives_it() -> None:
    group = typer.main.get_command(app)
    panels = {name: panel for panel, name, _ in (*COMMANDS, *GROUPS)}
    shown = {name: cmd.rich_help_panel for name, cmd in group.commands.items()}  # type: ignore[attr-defined]
    assert shown == panels
