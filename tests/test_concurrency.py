"""Several processes writing one SQLite file at once: every write lands, nobody sees "database is locked"."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sample_network import build_network
from sqlalchemy import func, select

from innercircle.services import Workspace
from innercircle.services.export import export_json
from innercircle.store import schema as s

WRITER = """
import sys, time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from innercircle.services import Workspace, logbook

db, who, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
while not go.exists():  # start together
    time.sleep(0.005)
ws = Workspace(db)
now = datetime(2026, 3, 2, tzinfo=UTC)
for i in range(n):
    with ws.begin() as tx:  # one short write transaction each, as the CLI and the web app do
        logbook.log_interaction(tx, "call", [who], now - timedelta(minutes=i), now, note=f"{who} {i}")
ws.close()
"""

READER = """
import sys, time
from pathlib import Path
from innercircle.services import Workspace
from innercircle.services.export import export_json

db, go, seconds = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
while not go.exists():
    time.sleep(0.005)
ws = Workspace(db)
end = time.monotonic() + seconds
reads = 0
while time.monotonic() < end:
    with ws.read() as tx:
        export_json(tx)
    reads += 1
print(reads)
"""


def _start(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_writers_and_a_reader_share_one_sqlite_file(tmp_path: Path) -> None:
    db = str(tmp_path / "shared.db")
    ws = Workspace(db)
    build_network(ws)
    with ws.read() as tx:
        before = tx.conn.execute(select(func.count()).select_from(s.interactions)).scalar_one()
    go = tmp_path / "go"
    n = 30
    procs = [_start(WRITER, db, who, str(n), str(go)) for who in ("Alan Turing", "Grace Hopper", "Katherine")]
    procs.append(_start(READER, db, str(go), "2"))
    time.sleep(0.5)  # let every process import and wait at the line
    go.touch()
    results = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in err.lower() and "Traceback" not in err
    assert int(results[-1][0]) > 0  # the reader kept reading while the writers wrote
    with ws.read() as tx:
        after = tx.conn.execute(select(func.count()).select_from(s.interactions)).scalar_one()
        notes = {r[0] for r in tx.conn.execute(select(s.interactions.c.note))}
        data = export_json(tx).model_dump()
    ws.close()
    assert after == before + 3 * n
    assert {f"Katherine {i}" for i in range(n)} <= notes
    assert len(data["tables"]["participants"]) >= 2 * (before + 3 * n)


def test_web_app_and_cli_write_at_the_same_time(tmp_path: Path) -> None:
    import re

    import httpx
    from server import serving

    db = str(tmp_path / "web.db")
    ws = Workspace(db)
    ids = build_network(ws)
    with ws.read() as tx:
        before = tx.conn.execute(select(func.count()).select_from(s.interactions)).scalar_one()
    n = 25
    go = tmp_path / "go"
    with serving(db) as (base, server), httpx.Client(base_url=base, timeout=60) as web:
        page = web.get(f"/people/{ids['alan']}")
        assert page.status_code == 200
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None
        cli = _start(WRITER, db, "Grace Hopper", str(n), str(go))
        time.sleep(0.5)
        go.touch()
        statuses = [
            web.post(
                f"/people/{ids['alan']}/log",
                data={"channel": "message", "note": f"web {i}", "csrf_token": token.group(1)},
            ).status_code
            for i in range(n)
        ]
        _out, err = cli.communicate(timeout=120)
        server.terminate()
        server_err = server.communicate(timeout=20)[1]
    assert cli.returncode == 0, err
    assert all(code < 400 for code in statuses), statuses
    for text in (err, server_err):
        assert "locked" not in text.lower() and "Traceback" not in text
    with ws.read() as tx:
        notes = [r[0] for r in tx.conn.execute(select(s.interactions.c.note))]
    ws.close()
    assert len(notes) == before + 2 * n
    assert {f"web {i}" for i in range(n)} | {f"Grace Hopper {i}" for i in range(n)} <= set(notes)


def test_two_imports_at_once_both_land_even_past_the_busy_timeout(tmp_path: Path) -> None:
    """The second import waits for the first (one transaction per file), however long that takes."""
    import os

    from generated import RUN_CLI, comparable, interactions_csv, mbox

    first = interactions_csv(tmp_path / "a.csv", 6000)
    second = mbox(tmp_path / "b.mbox", 1500)
    db = str(tmp_path / "both.db")
    Workspace(db).close()
    # SQLite's own wait per attempt is cut to 50 ms: without the writer's retry loop the second
    # import would fail with "database is locked" while the first one holds its transaction
    env = {**os.environ, "INNERCIRCLE_SQLITE_BUSY_MS": "50"}

    def start(path: Path, fmt: str) -> subprocess.Popen[str]:
        cmd = [sys.executable, "-c", RUN_CLI, "--db", db, "import", str(path), "--format", fmt]
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    a = start(first, "interactions")
    time.sleep(1.0)
    b = start(second, "mbox")
    for p in (a, b):
        _out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        assert "locked" not in err.lower() and "Traceback" not in err
    together = Workspace(db)
    # the same files imported one after the other, in the order they landed (on a loaded machine the
    # second process can win the lock), give the same people and interactions
    with together.read() as tx:
        landed = [r[0] for r in tx.conn.exec_driver_sql("SELECT path FROM import_batches ORDER BY id")]
    fmts = {str(first.resolve()): "interactions", str(second.resolve()): "mbox"}
    assert sorted(landed) == sorted(fmts), landed
    alone = str(tmp_path / "sequential.db")
    for path, fmt in ((p, fmts[p]) for p in landed):
        done = subprocess.run(
            [sys.executable, "-c", RUN_CLI, "--db", alone, "import", str(path), "--format", fmt],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
    sequential = Workspace(alone)
    try:
        got, want = comparable(together), comparable(sequential)
        assert len(got["import_batches"]) == 2
        assert len(want["interactions"]) > 6000  # both files are in
        assert got == want
    finally:
        together.close()
        sequential.close()
