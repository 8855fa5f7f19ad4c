"""Page latency of the web app: the dashboard and a person page, 200 sequential requests each.

Two networks: the bundled demo (target p95 ≤ 100 ms) and a synthetic 50,000 people with
1,000,000 interactions written with bulk inserts (target p95 ≤ 200 ms). The server is uvicorn on a
free loopback port in this process; the client is httpx with keep-alive. The first request of each
page (which fills the analysis cache) is reported on its own, then 200 more are timed.

Usage: python benchmarks/web_pages.py [--people N] [--interactions N] [--requests N] [--skip-large]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _synth import build

from innercircle.config import Config
from innercircle.services import Workspace
from innercircle.services.demo import load_demo
from innercircle.web import create_app


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: str) -> Iterator[str]:
    """The web app on a free loopback port, in a thread; yields its base URL."""
    app = create_app(Config(db=db))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def time_page(client: httpx.Client, url: str, n: int) -> tuple[float, list[float]]:
    """The first request's time, then ``n`` timed sequential requests (ms)."""
    t = time.perf_counter()
    r = client.get(url)
    first = (time.perf_counter() - t) * 1000
    r.raise_for_status()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        r.raise_for_status()
    return first, times


def measure(label: str, db: str, n: int, target_ms: float) -> bool:
    """Time the dashboard and the strongest tie's person page; print the figures."""
    ok = True
    with serving(db) as base, httpx.Client(base_url=base, timeout=600) as client:
        top = client.get("/api/ties", params={"limit": 1}).json()["items"]
        pid = top[0]["person_id"] if top else 2
        for page, url in (("dashboard", "/"), (f"person {pid}", f"/people/{pid}")):
            first, times = time_page(client, url, n)
            worst = p95(times)
            ok &= worst <= target_ms
            print(
                f"{label:<34} {page:<12} first {first:8.1f} ms   p50 {statistics.median(times):6.1f} ms   "
                f"p95 {worst:6.1f} ms   max {max(times):6.1f} ms   target p95 ≤ {target_ms:g} ms: "
                f"{'met' if worst <= target_ms else 'MISSED'}",
                flush=True,
            )
    return ok


def main() -> int:
    """Both networks; exit 1 when a target is missed."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=50_000)
    ap.add_argument("--interactions", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--skip-large", action="store_true")
    args = ap.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="innercircle-bench-") as tmp:
        demo_db = str(Path(tmp) / "demo.db")
        ws = Workspace(demo_db)
        t = time.perf_counter()
        load_demo(ws)
        ws.close()
        print(f"demo network loaded in {time.perf_counter() - t:.1f} s", flush=True)
        ok &= measure("demo network", demo_db, args.requests, 100)
        if not args.skip_large:
            big_db = str(Path(tmp) / "big.db")
            ws = Workspace(big_db)
            t = time.perf_counter()
            build(ws, args.people, args.interactions)
            ws.close()
            print(
                f"{args.people:,} people / {args.interactions:,} interactions generated in "
                f"{time.perf_counter() - t:.1f} s",
                flush=True,
            )
            label = f"{args.people:,} people / {args.interactions:,} inter."
            ok &= measure(label, big_db, args.requests, 200)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
