"""An import killed with SIGKILL leaves a database that opens, holds all or none of the file, and heals on rerun."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from generated import comparable, fresh_db, import_cmd, interactions_csv, mbox
from sqlalchemy import func, select

from innercircle.services import Workspace
from innercircle.store import schema as s


def write_locked(db: str) -> bool:
    """True while another process holds the database's write transaction."""
    con = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return True
        raise
    finally:
        con.close()


def committed(db: str) -> bool | None:
    """Whether an import batch is visible to a reader (None: the file could not be read just now)."""
    con = sqlite3.connect(db, timeout=0)
    try:
        return bool(con.execute("SELECT count(*) FROM import_batches").fetchone()[0])
    except sqlite3.OperationalError:
        return None
    finally:
        con.close()


def kill_mid_import(db: str, src: Path, fmt: str, delay: float = 0.4) -> bool:
    """SIGKILL the import while it holds its write transaction; False when it finished first."""
    proc = subprocess.Popen(import_cmd(db, src, fmt), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while proc.poll() is None:
            # a write lock held a moment, with no batch visible yet, is the file's own transaction in
            # progress (after the commit the lock may be the checkpoint of the log as the process ends)
            if write_locked(db) and committed(db) is False:
                time.sleep(delay)
                if write_locked(db) and committed(db) is False:
                    os.kill(proc.pid, signal.SIGKILL)
                    break
            time.sleep(0.005)
    finally:
        proc.wait(60)
    return proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize(
    ("fmt", "make", "size"), [("interactions", interactions_csv, 6_000), ("mbox", mbox, 3_000)]
)
def test_sigkill_mid_import_is_all_or_none_and_rerun_heals(
    tmp_path: Path, fmt: str, make: Any, size: int
) -> None:
    killed = False
    for attempt in range(5):  # a fast machine may finish before the kill: a bigger file, a new database
        db = fresh_db(tmp_path / f"killed-{attempt}.db")
        src = make(tmp_path / f"input-{attempt}.{fmt}", size * 2**attempt)
        killed = kill_mid_import(db, src, fmt)
        if killed:
            break
    assert killed, "the import always finished before it could be killed"
    # the database opens, is intact, and holds none of the file (the transaction never committed)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    ws = Workspace(db)
    with ws.read() as tx:
        assert tx.conn.execute(select(func.count()).select_from(s.interactions)).scalar_one() == 0
        assert tx.conn.execute(select(func.count()).select_from(s.import_batches)).scalar_one() == 0
        assert (
            tx.conn.execute(select(func.count()).select_from(s.people)).scalar_one() <= 1
        )  # the owner at most
    ws.close()
    # a rerun ends with exactly the data a clean import gives
    done = subprocess.run(import_cmd(db, src, fmt), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    clean = fresh_db(tmp_path / "clean.db")
    done = subprocess.run(import_cmd(clean, src, fmt), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    healed, reference = Workspace(db), Workspace(clean)
    try:
        got, want = comparable(healed), comparable(reference)
        assert len(want["interactions"]) > 0
        assert got == want
    finally:
        healed.close()
        reference.close()
