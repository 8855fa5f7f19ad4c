"""A command opens one Workspace and passes it: its clock, the owner's zone and its reads and writes all
come from that one (each Workspace is an engine of its own, and a connection pool, and a cache)."""

from __future__ import annotations

import pytest

from innercircle.services.runtime import workspace as runtime

COMMANDS = [
    ("add", "Grace Hopper", "--id", "grace@navy.example", "--json"),
    ("log", "call", "Grace Hopper", "--at", "yesterday", "--json"),
    ("remember", "Grace Hopper", "loves COBOL", "--on", "2026-01-02", "--json"),
    ("favor", "gave", "Grace Hopper", "an intro", "--json"),
    ("show", "Grace Hopper", "--json"),
    ("show", "Grace Hopper", "--as-of", "2026-01-01"),
    ("people", "--json", "--as-of", "2026-01-01"),
    ("ties", "--json"),
    ("pin", "Grace Hopper", "close", "--json"),
    ("focus", "--json"),
    ("followups", "--json"),
    ("health", "--json"),
    ("review", "--json"),
    ("goal", "add", "Raise a seed round", "--due", "2027-06-30", "--json"),
    ("goal", "list"),
    ("event", "add", "Meetup", "--at", "2027-01-05T18:30", "--json"),
    ("event", "triage", "--json"),
    ("outcome", "add", "funding", "Grace Hopper", "--json"),
    ("budget", "show", "--json"),
    ("me", "add", "ada@work.example", "--json"),
    ("me", "show", "--json"),
    ("intro", "Grace Hopper", "--json"),
    ("import-list", "--json"),
]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The databases of the Workspaces opened while a test runs, in order."""
    seen: list[str] = []
    real = runtime.Workspace.__init__

    def counting(self, db, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(db)
        real(self, db, *args, **kwargs)

    monkeypatch.setattr(runtime.Workspace, "__init__", counting)
    return seen


def test_each_command_opens_one_workspace(cli, opened: list[str]) -> None:  # type: ignore[no-untyped-def]
    r = cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com")
    assert r.exit_code == 0, r.output
    assert len(opened) == 1, "init"
    for args in COMMANDS:
        opened.clear()
        r = cli(*args)
        assert r.exit_code == 0, (args, r.output)
        assert len(opened) == 1, f"{' '.join(args)} opened {len(opened)} workspaces"
