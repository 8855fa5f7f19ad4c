"""How long the demo takes: generating the network, loading it into a fresh and a used demo database,
and writing its files. Target: the whole load (generate + store) under 3 s.

Usage: .venv/bin/python benchmarks/demo_load.py [--seed N] [--today YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from innercircle.demo.files import write_files
from innercircle.demo.generate import generate
from innercircle.services import Workspace
from innercircle.services.demo import load_demo


def main() -> None:
    """Print the figures, best of three for each step."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--today", default="2026-03-01")
    args = ap.parse_args()
    today = date.fromisoformat(args.today)
    now = datetime.now(UTC)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        gen, fresh, again, files = [], [], [], []
        for k in range(3):
            t = time.perf_counter()
            net = generate(args.seed, today)
            gen.append(time.perf_counter() - t)
            ws = Workspace(str(folder / f"demo{k}.db"))  # migrated before the clock starts
            t = time.perf_counter()
            summary = load_demo(ws, args.seed, args.today, now)
            fresh.append(time.perf_counter() - t)
            t = time.perf_counter()
            load_demo(ws, args.seed, args.today, now)
            again.append(time.perf_counter() - t)
            ws.close()
            t = time.perf_counter()
            write_files(net, folder / f"files{k}")
            files.append(time.perf_counter() - t)
    c = summary.counts
    print(f"network: {c['people']} people, {c['interactions']} interactions, {c['events']} events")
    print(f"generate:             {min(gen):.2f} s")
    print(f"load (fresh db):      {min(fresh):.2f} s   (generate + store, target < 3 s)")
    print(f"load (rebuild demo):  {min(again):.2f} s")
    print(f"write files:          {min(files):.2f} s")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
