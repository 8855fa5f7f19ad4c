"""Every hostile file is read or refused within 20 s of CPU and 400 MB, with a clear message, and a
refused file (or any dry run) leaves the database exactly as it was — through ``import``,
``import --dry-run`` and the web upload, each in a process of its own whose time and peak memory the
kernel reports (``os.wait4``: the same figures as ``getrusage(RUSAGE_CHILDREN)``, for that child alone).

The child is started by a small launcher, not by the test itself: Linux credits a process that execs
with the peak memory of the one it came from, so a child exec'd straight from a large pytest worker
would report the worker's peak as its own. The launcher is a fresh, small interpreter.

The time limit is on CPU seconds (user + system), not wall time: the machine the suite runs on is shared,
and a loaded machine stretches wall time several-fold without the import doing more work. A wall-clock
ceiling (``WALL_S``) still catches a hang.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from sample_network import build_network
from tests.hostile.corpus import CORPUS, Item

from innercircle.services import Workspace

CPU_S = 20.0
RSS_MB = 400.0
WALL_S = 240.0
MODES = ("import", "dry-run", "web")

CLI = "from innercircle.cli.main import run; run()"
# the web app in a process of its own, one upload through the real route (as the browser sends it)
WEB_UPLOAD = """
import json, sys
from pathlib import Path
from fastapi.testclient import TestClient
from innercircle.config import Config
from innercircle.web import create_app

db, path, fmt, dry = sys.argv[1:5]
app = create_app(Config(db=db), warm=False)
data = {"dry_run": "true"} if dry == "1" else {}
if fmt:
    data["format"] = fmt
with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
    csrf = {"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]}
    r = client.post("/api/import", headers=csrf, files={"file": (Path(path).name, Path(path).read_bytes())}, data=data)
print(json.dumps({"status": r.status_code, "body": r.json() if r.headers.get("content-type", "").startswith("application/json") else r.text}))
sys.exit(0 if r.status_code == 200 else 1)
"""


@dataclass
class Run:
    """One child process: its exit status, output, CPU seconds and peak memory."""

    code: int
    out: str
    err: str
    cpu_s: float
    rss_mb: float


# runs argv[2:], reaps it with wait4 and writes its exit code, CPU seconds and peak RSS to argv[1]
LAUNCHER = """
import json, os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(child.pid, 0)
cpu, rss_mb = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # KB on Linux
with open(sys.argv[1], "w") as f:
    json.dump([os.waitstatus_to_exitcode(status), cpu, rss_mb], f)
"""


def measured(cmd: list[str], workdir: Path) -> Run:
    """Run ``cmd`` and take its own resource usage from the kernel as it is reaped."""
    out_path, err_path, usage_path = workdir / "stdout", workdir / "stderr", workdir / "usage.json"
    usage_path.unlink(missing_ok=True)
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(usage_path), *cmd],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # the watchdog kills the launcher and the child together
        )
        watchdog = threading.Timer(WALL_S, os.killpg, (proc.pid, signal.SIGKILL))
        watchdog.start()
        try:
            proc.wait()
        finally:
            watchdog.cancel()
    if not usage_path.exists():  # killed by the watchdog: no figures, and no pass
        return Run(
            -9, out_path.read_text(errors="replace"), "killed after the wall-clock ceiling", WALL_S, 0.0
        )
    code, cpu_s, rss_mb = json.loads(usage_path.read_text())
    return Run(
        code, out_path.read_text(errors="replace"), err_path.read_text(errors="replace"), cpu_s, rss_mb
    )


def run_mode(mode: str, db: Path, path: Path, fmt: str | None, workdir: Path) -> Run:
    if mode == "web":
        cmd = [sys.executable, "-c", WEB_UPLOAD, str(db), str(path), fmt or "", "0"]
    else:
        cmd = [sys.executable, "-c", CLI, "--db", str(db), "import", str(path), "--json"]
        cmd += ["--me", "me@example.com"] + (["--format", fmt] if fmt else [])
        cmd += ["--dry-run"] if mode == "dry-run" else []
    return measured(cmd, workdir)


def dump(db: Path) -> list[str]:
    """The whole database as SQL, row by row: equal dumps are equal databases."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding a small network, copied for each run."""
    db = tmp_path_factory.mktemp("hostile-seed") / "seed.db"
    ws = Workspace(str(db))
    build_network(ws)
    ws.close()
    return db


def _copy(seed: Path, to: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(seed) + suffix)
        if src.exists():
            shutil.copyfile(src, str(to) + suffix)
    return to


def _summary(mode: str, run: Run) -> str:
    """What the run said it read: counts and warnings, as text to search."""
    if mode == "web":
        body = json.loads(run.out)["body"]
        return json.dumps({"counts": body.get("counts"), "warnings": body.get("warnings")})
    data = json.loads(run.out)
    return json.dumps(
        {"counts": data["totals"], "warnings": [w for f in data["files"] for w in f["warnings"]]}
    )


def _read_as_expected(says: str, summary: str) -> bool:
    if "=" in says and " " not in says:  # a count: people_added=1
        key, value = says.split("=")
        counts = json.loads(summary)["counts"]
        return counts.get(key) == int(value)
    return says in summary


def _message(mode: str, run: Run) -> str:
    if mode == "web":
        body = json.loads(run.out)["body"]
        return str(body.get("detail", body)) if isinstance(body, dict) else str(body)
    lines = [line for line in run.err.splitlines() if line.strip()]
    return lines[-1] if lines else ""


CASES = [(case, mode) for case, item in CORPUS.items() for mode in MODES if mode != "web" or item.web]


@pytest.mark.parametrize(("case", "mode"), CASES, ids=[f"{c} [{m}]" for c, m in CASES])
def test_hostile_file(case: str, mode: str, seeded_db: Path, tmp_path: Path) -> None:
    item: Item = CORPUS[case]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = item.build(corpus)
    db = _copy(seeded_db, tmp_path / "user.db")
    before = dump(db)

    run = run_mode(mode, db, path, item.fmt, tmp_path)

    assert run.cpu_s < CPU_S, f"{case} [{mode}]: {run.cpu_s:.1f} s of CPU"
    assert run.rss_mb < RSS_MB, f"{case} [{mode}]: peak memory {run.rss_mb:.0f} MB"
    assert "Traceback" not in run.err + run.out, run.err[-2000:]
    if item.outcome == "refused":
        assert run.code != 0, f"{case} [{mode}]: expected a refusal, got exit 0: {run.out[-500:]}"
        message = _message(mode, run)
        assert path.name in message, f"{case} [{mode}]: the message must name the file: {message!r}"
        assert item.says in message, f"{case} [{mode}]: expected {item.says!r} in {message!r}"
        assert "innercircle-upload" not in message
        assert len(run.err) < 2000, f"{case} [{mode}]: one clear line, not a dump: {run.err[:500]}"
        assert dump(db) == before, f"{case} [{mode}]: a refused file changed the database"
    else:
        assert run.code == 0, f"{case} [{mode}]: expected it read, got: {run.err[-1000:]} {run.out[-500:]}"
        summary = _summary(mode, run)
        assert _read_as_expected(item.says, summary), f"{case} [{mode}]: expected {item.says!r} in {summary}"
        after = dump(db)
        if mode == "dry-run":
            assert after == before, f"{case}: a dry run changed the database"
        else:
            assert after != before, f"{case} [{mode}]: read, but nothing was stored"
