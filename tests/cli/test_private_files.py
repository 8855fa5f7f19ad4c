"""Every file the product writes is the user's alone from the moment it exists: 0600 files, 0700 folders.

The database, its WAL and shared-memory files, the data folder, exports, the HTML review, backups and the
snapshot cache hold a whole network (names, addresses, notes); with the usual umask 022 they used to be
world-readable. The commands run under the usual umask 022 on the default data folder (``XDG_DATA_HOME``), so the
modes come from the product, not from the test.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEMAIL:grace@navy.example\r\nEND:VCARD\r\n"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, under which a file anyone may read is the default."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _cli(*args: str) -> None:
    from innercircle.cli.main import app

    r = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert r.exit_code == 0, f"{args}: {r.output}"
    assert os.umask(0o022) == 0o022, "the command left the process's umask changed"


def _open_to_others(root: Path) -> list[str]:
    """Every file and folder under ``root`` that anyone but the owner may read, write or enter."""
    return [f"{p} {_mode(p):o}" for p in [root, *root.rglob("*")] if _mode(p) & 0o077]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
@pytest.mark.usefixtures("umask_022")
def test_every_file_the_commands_write_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_home, cache, out = tmp_path / "data", tmp_path / "cache" / "innercircle", tmp_path / "out"
    # a data folder an older version left open to everyone is closed on the next open
    (data_home / "innercircle").mkdir(parents=True, mode=0o755)
    os.chmod(data_home / "innercircle", 0o755)
    out.mkdir()
    (out / "cards.vcf").write_text(CARD, encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    monkeypatch.setenv("INNERCIRCLE_CACHE_DIR", str(cache))
    monkeypatch.delenv("INNERCIRCLE_DB", raising=False)
    _cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com")
    _cli("import", str(out / "cards.vcf"))
    _cli("log", "meeting", "Grace Hopper", "--at", "2026-11-02", "--minutes", "30")
    _cli("ties")
    _cli("export", "--format", "json", "-o", str(out / "all.json"))
    (out / "csv").mkdir()
    _cli("export", "--format", "csv", "-o", str(out / "csv"))
    _cli("export", "--format", "vcard", "-o", str(out / "people.vcf"))
    _cli("review", "--html", str(out / "review.html"))
    _cli("backup", str(out / "backups" / "innercircle.db"))

    db = data_home / "innercircle" / "innercircle.db"
    assert db.is_file() and _mode(db) == 0o600
    assert _mode(data_home / "innercircle") == 0o700
    assert _open_to_others(data_home / "innercircle") == []
    written = [
        out / "all.json",
        out / "csv" / "people.csv",
        out / "csv" / "interactions.csv",
        out / "people.vcf",
        out / "review.html",
        out / "backups" / "innercircle.db",
    ]
    assert {p.name: _mode(p) for p in written} == {p.name: 0o600 for p in written}
    assert _mode(out / "backups") == 0o700  # made by the backup
    assert any(cache.rglob("*")), "expected the snapshot cache to be written"
    assert _open_to_others(cache) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
@pytest.mark.usefixtures("umask_022")
def test_a_new_database_and_its_wal_are_private_whatever_the_umask(tmp_path: Path) -> None:
    """Opened by the services directly (as the web app does), in a process whose umask lets anyone read:
    the database file is created 0600 before SQLite opens it, so its WAL and shared-memory files (which
    SQLite gives the database's own mode) are 0600 too; a missing folder is made 0700."""
    from sqlalchemy import text

    from innercircle.services import Workspace

    db = tmp_path / "new" / "deeper" / "network.db"
    ws = Workspace(str(db))
    try:
        with ws.begin() as tx:
            tx.conn.execute(text("CREATE TABLE IF NOT EXISTS probe (x)"))
        with ws.read() as tx:
            tx.conn.execute(text("SELECT 1")).all()
            wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
            assert wal.exists() and shm.exists()
            assert (_mode(db), _mode(wal), _mode(shm)) == (0o600, 0o600, 0o600)
    finally:
        ws.close()
    assert _mode(tmp_path / "new") == 0o700 and _mode(tmp_path / "new" / "deeper") == 0o700
