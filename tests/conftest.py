"""Shared fixtures: a real SQLite file per test, the CLI runner, the shared samples folder."""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import pg_database
from typer.testing import CliRunner

from innercircle.services import Workspace

# the owner's zone defaults to the machine's: pin it, so results do not depend on where the tests run
os.environ["TZ"] = "UTC"
# no test may read or write the user's own keyring: tests that need one install tests/helpers/filekeyring.py
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"


@pytest.fixture(autouse=True, scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Cached snapshots (services/runtime/cachefile.py) go to a throwaway folder, never the user's cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INNERCIRCLE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh SQLite file path (created on first open)."""
    return tmp_path / "test.db"


# ---- backends: the same store/service tests on SQLite and on a real PostgreSQL (issue 7) ----------
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
# tests in these folders/files that use ``ws``, ``cli`` or ``db_url`` (and not ``db_path`` itself) run on both
BOTH_BACKENDS = (
    "tests/store/",
    "tests/services/",
    "test_store",
    "test_services",
    "test_ownership",
    "tests/importers/test_importing.py",
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize store/service tests (and those marked ``backends``) over SQLite and PostgreSQL."""
    if "db_url" not in metafunc.fixturenames:
        return
    where = Path(str(metafunc.definition.fspath)).relative_to(ROOT).as_posix()
    wanted = any(part in where for part in BOTH_BACKENDS) or metafunc.definition.get_closest_marker(
        "backends"
    )
    direct = inspect.signature(metafunc.function).parameters
    if wanted and "db_path" not in direct:
        metafunc.parametrize("db_url", BACKENDS, indirect=True)


@pytest.fixture
def db_url(request: pytest.FixtureRequest, db_path: Path) -> Iterator[str]:
    """The test database as ``--db`` takes it: a SQLite file, or a fresh PostgreSQL database."""
    if getattr(request, "param", "sqlite") == "postgres":
        yield from pg_database()
    else:
        yield str(db_path)


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    """An opened, migrated workspace on a real database (SQLite file; PostgreSQL where parametrized)."""
    w = Workspace(db_url)
    yield w
    w.close()


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run the CLI against the test database: ``cli("people", "--json")`` → result."""
    from innercircle.cli.main import app

    monkeypatch.setenv("INNERCIRCLE_DB", db_url)
    runner = CliRunner()

    def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run


def needs_samples() -> pytest.MarkDecorator:
    """Skip, with a visible reason, where ../shared/samples is absent."""
    return pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"shared samples not found at {SAMPLES}")
