"""Web latency under a concurrent load: the real server in one process, the load from this one, on loopback.

Builds a synthetic network (INNERCIRCLE_BENCH_PEOPLE people, INNERCIRCLE_BENCH_INTERACTIONS interactions;
defaults 1,000 and 50,000), starts ``innercircle serve`` on it, then runs CLIENTS concurrent readers over
the main pages and API routes plus one writer posting interactions, bounded by MAX_REQUESTS and
MAX_SECONDS. Prints latency percentiles per route, throughput, errors, and the server's peak memory.
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _synth import build

from innercircle.services import Workspace

PEOPLE = int(os.environ.get("INNERCIRCLE_BENCH_PEOPLE", "1000"))
INTERACTIONS = int(os.environ.get("INNERCIRCLE_BENCH_INTERACTIONS", "50000"))
CLIENTS = 8
MAX_REQUESTS = 800
MAX_SECONDS = 90.0
ROUTES = ("/", "/people", "/people/2", "/review", "/api/people", "/api/ties", "/api/followups", "/api/health")


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str) -> tuple[subprocess.Popen[bytes], str]:
    """``innercircle serve`` in its own process; returns it and its base URL once it answers."""
    port = free_port()
    code = "from innercircle.cli.main import run; run()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--db", db, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def peak_rss_mb(pid: int) -> float:
    """VmHWM of a live process (its peak resident memory so far)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Load:
    """Shared counters of the load: latencies per route, errors, a budget of requests and time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.sent = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def take(self) -> bool:
        """Claim one more request, or False when the budget is spent."""
        with self.lock:
            if self.sent >= MAX_REQUESTS or time.monotonic() > self.deadline:
                return False
            self.sent += 1
            return True

    def record(self, route: str, seconds: float, ok: bool) -> None:
        """Keep one request's outcome."""
        with self.lock:
            self.latencies[route].append(seconds)
            if not ok:
                self.errors[route] += 1


def reader(base: str, load: Load, offset: int) -> None:
    """One client walking the routes in turn."""
    with httpx.Client(base_url=base, timeout=60) as client:
        i = offset
        while load.take():
            route = ROUTES[i % len(ROUTES)]
            i += 1
            t = time.perf_counter()
            try:
                ok = client.get(route).status_code < 400
            except httpx.HTTPError:
                ok = False
            load.record(route, time.perf_counter() - t, ok)


def writer(base: str, load: Load, stop: threading.Event) -> None:
    """One client logging interactions through the web form while the readers read."""
    with httpx.Client(base_url=base, timeout=60) as client:
        page = client.get("/people/3")
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if found is None:
            load.record("POST log", 0.0, False)
            return
        n = 0
        while not stop.is_set() and load.take():
            t = time.perf_counter()
            data = {"channel": "message", "note": f"bench {n}", "csrf_token": found.group(1)}
            try:
                ok = client.post("/people/3/log", data=data).status_code < 400
            except httpx.HTTPError:
                ok = False
            load.record("POST log", time.perf_counter() - t, ok)
            n += 1
            time.sleep(0.05)


def pct(values: list[float], q: float) -> float:
    """The q-quantile in milliseconds."""
    if len(values) == 1:
        return values[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1] * 1000


def main() -> None:
    """Build, serve, load, print."""
    with tempfile.TemporaryDirectory(prefix="innercircle-bench-") as tmp:
        db = str(Path(tmp) / "bench.db")
        t = time.perf_counter()
        ws = Workspace(db)
        build(ws, PEOPLE, INTERACTIONS)
        ws.close()
        print(
            f"network: {PEOPLE:,} people, {INTERACTIONS:,} interactions (built in {time.perf_counter() - t:.1f} s)"
        )
        server, base = start_server(db)
        try:
            cold = {}
            for route in ROUTES:
                t = time.perf_counter()
                status = httpx.get(base + route, timeout=120).status_code
                cold[route] = ((time.perf_counter() - t) * 1000, status)
            load = Load()
            stop = threading.Event()
            threads = [threading.Thread(target=reader, args=(base, load, i)) for i in range(CLIENTS)]
            threads.append(threading.Thread(target=writer, args=(base, load, stop)))
            start = time.perf_counter()
            for th in threads:
                th.start()
            for th in threads[:-1]:
                th.join()
            stop.set()
            threads[-1].join()
            elapsed = time.perf_counter() - start
            peak = peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(20)
    print(f"load: {CLIENTS} concurrent readers + 1 writer from a second process, loopback")
    print(f"bounds: {MAX_REQUESTS} requests or {MAX_SECONDS:.0f} s; sent {load.sent} in {elapsed:.1f} s")
    print(f"throughput: {load.sent / elapsed:.1f} requests/s")
    print(f"{'route':<16} {'cold ms':>8} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>6}")
    for route in (*ROUTES, "POST log"):
        lat = load.latencies.get(route, [])
        cold_ms = f"{cold[route][0]:.0f}" if route in cold else "-"
        if not lat:
            print(f"{route:<16} {cold_ms:>8} {0:>5}")
            continue
        print(
            f"{route:<16} {cold_ms:>8} {len(lat):>5} {pct(lat, 0.5):>8.1f} {pct(lat, 0.95):>8.1f} "
            f"{max(lat) * 1000:>8.1f} {load.errors.get(route, 0):>6}"
        )
    bad = {r: s for r, (_ms, s) in cold.items() if s >= 400}
    if bad:
        print("routes answering an error:", bad)
    print(f"server peak RSS: {peak:.0f} MB")
    print(f"errors: {sum(load.errors.values())}")


if __name__ == "__main__":
    main()
