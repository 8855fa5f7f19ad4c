"""The dashboard while another process imports: first page after start, then p50/p95 under the import.

Copies (or builds) a synthetic network (``--db``; built by benchmarks/_synth.py with ``--people`` and
``--interactions`` when missing), starts ``innercircle serve`` on the copy with an empty cache folder,
times the first dashboard after start, then runs ``innercircle import`` of a generated mbox
(``--messages``, benchmarks/import_mbox.py's generator) in a third process while READERS clients load
the dashboard, bounded by MAX_SECONDS. Run it with another checkout's interpreter to compare trees.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _synth import build
from import_mbox import generate
from web_latency import free_port

from innercircle.services import Workspace

READERS = 4
MAX_SECONDS = 240.0
RUN = "from innercircle.cli.main import run; run()"


def serve(db: str, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str, float]:
    """The server in its own process; returns it, its URL and the seconds until the first dashboard."""
    port = free_port()
    t = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", RUN, "--db", db, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/", timeout=900).status_code == 200:
                return proc, base, time.perf_counter() - t
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not answer")


def main() -> None:
    """Copy, serve, import, read, print."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="a synthetic network (built when missing)")
    ap.add_argument("--people", type=int, default=50_000)
    ap.add_argument("--interactions", type=int, default=1_000_000)
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--mbox", type=Path, help="an mbox to import (generated with --messages when missing)")
    ap.add_argument("--json", action="store_true", help="the figures also as one JSON line, last")
    args = ap.parse_args()
    if not args.db.exists():
        ws = Workspace(str(args.db))
        build(ws, args.people, args.interactions)
        ws.close()
    with tempfile.TemporaryDirectory(prefix="ic-dash-") as tmp:
        db = str(Path(tmp) / "copy.db")
        shutil.copy(args.db, db)
        mbox = args.mbox or Path(tmp) / "archive.mbox"
        if not mbox.exists():
            generate(mbox, args.messages)
        env = {**os.environ, "INNERCIRCLE_CACHE_DIR": str(Path(tmp) / "cache")}
        server, base, first = serve(db, env)
        print(f"first dashboard after start: {first:.1f} s")
        lat: list[float] = []
        errors = 0
        stop = threading.Event()
        lock = threading.Lock()

        def read() -> None:
            nonlocal errors
            with httpx.Client(base_url=base, timeout=120) as client:
                while not stop.is_set():
                    t = time.perf_counter()
                    try:
                        ok = client.get("/").status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    with lock:
                        lat.append(time.perf_counter() - t)
                        errors += not ok

        t0 = time.perf_counter()
        importer = subprocess.Popen(
            [sys.executable, "-c", RUN, "--db", db, "import", str(mbox), "--me", "me@example.com"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        threads = [threading.Thread(target=read) for _ in range(READERS)]
        for th in threads:
            th.start()
        try:
            importer.wait(MAX_SECONDS)
        except subprocess.TimeoutExpired:
            importer.kill()
            importer.wait()
        imported = time.perf_counter() - t0
        stop.set()
        for th in threads:
            th.join()
        server.terminate()
        server.wait(30)
    q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else lat * 99
    print(f"import of {mbox.name} in another process: {imported:.1f} s (exit {importer.returncode})")
    print(
        f"dashboard under the import, {READERS} readers: n={len(lat)} p50 {q[49] * 1000:.0f} ms, "
        f"p95 {q[94] * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms, errors {errors}"
    )
    if args.json:
        fig = {
            "first_s": first,
            "import_s": imported,
            "n": len(lat),
            "errors": errors,
            "exit": importer.returncode,
        }
        fig |= {"p50_ms": q[49] * 1000, "p95_ms": q[94] * 1000, "max_ms": max(lat) * 1000}
        print(json.dumps(fig))


if __name__ == "__main__":
    main()
