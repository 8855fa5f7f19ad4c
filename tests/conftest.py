"""Shared fixtures: a real SQLite file per test, the CLI runner, the shared samples folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innercircle.services import Workspace

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh SQLite file path (created on first open)."""
    return tmp_path / "test.db"


@pytest.fixture
def ws(db_path: Path) -> Iterator[Workspace]:
    """An opened, migrated workspace on a real SQLite file."""
    w = Workspace(str(db_path))
    yield w
    w.close()


@pytest.fixture
def cli(db_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run the CLI against the test database: ``cli("people", "--json")`` → result."""
    from innercircle.cli.main import app

    monkeypatch.setenv("INNERCIRCLE_DB", str(db_path))
    runner = CliRunner()

    def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run


def needs_samples() -> pytest.MarkDecorator:
    """Skip, with a visible reason, where ../shared/samples is absent."""
    return pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"shared samples not found at {SAMPLES}")
