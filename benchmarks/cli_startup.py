"""How long a CLI command takes from the shell, most of it importing: --help, ties, followups on the demo.

Usage: python benchmarks/cli_startup.py [--runs N] [--against SRC] [--top K]

Builds a fresh demo database (in a temporary folder, never the user's), then runs each command in a new
interpreter N times (best of N: wall seconds and the CPU seconds the child used), and times
``import innercircle.cli.main`` alone (python -X importtime). With ``--against OTHER/src`` the same
commands also run on another checkout's source tree (e.g. a worktree at an older commit), interleaved
round by round so both see the same machine load. Last, the K costliest imports (cumulative, from
-X importtime) of ``import innercircle.cli.main`` and of ``ties --json``, to show what is still slow.
Targets: --help well under 0.5 s; an analysis on the demo in about a second.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
RUN = "import sys; from innercircle.cli.main import run; sys.argv[0] = 'innercircle'; run()"
COMMANDS = {
    "--help": ["--help"],
    "ties --json": ["ties", "--json"],
    "followups --json": ["followups", "--json"],
}
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)$")


def _env(src: Path, db: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("INNERCIRCLE_")}
    return env | {"PYTHONPATH": str(src), "INNERCIRCLE_DB": str(db), "INNERCIRCLE_CACHE_DIR": str(cache)}


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one child process; it must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv[-3:])} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def import_times(argv: list[str], env: dict[str, str]) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, module) for every import ``python -X importtime`` reports for ``argv``."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], env=env, capture_output=True, text=True, check=True
    )
    rows = []
    for line in proc.stderr.splitlines():
        m = _LINE.match(line)
        if m:
            rows.append((int(m[1]), int(m[2]), m[4]))
    return rows


def cli_import_seconds(env: dict[str, str]) -> float:
    """Cumulative import time of innercircle.cli.main, as -X importtime reports it."""
    rows = import_times(["-c", "import innercircle.cli.main"], env)
    return next(cum for _, cum, name in rows if name == "innercircle.cli.main") / 1e6


def build_demo(src: Path, db: Path, cache: Path) -> None:
    """A fresh demo database (the demo command, with --db so the user's own is never touched)."""
    print(f"building the demo database in {db} …", flush=True)
    subprocess.run(
        [sys.executable, "-c", RUN, "--db", str(db), "demo"],
        env=_env(src, db, cache),
        stdout=subprocess.DEVNULL,
        check=True,
    )


def loadavg() -> str:
    """The 1-, 5- and 15-minute load averages (the machine is shared: read the figures with them)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def measure(
    trees: dict[str, Path], dbs: dict[str, tuple[Path, Path]], runs: int
) -> dict[tuple[str, str], list[float]]:
    """Best wall and CPU seconds per (tree, what) over ``runs`` rounds, trees interleaved in each round;
    each tree on a demo database (and cache folder) of its own, its schema revision maybe another's."""
    best: dict[tuple[str, str], list[float]] = {}
    for _ in range(runs):
        for tree, src in trees.items():
            env = _env(src, *dbs[tree])
            for what, args in COMMANDS.items():
                wall, cpu = timed([sys.executable, "-c", RUN, *args], env)
                b = best.setdefault((tree, what), [wall, cpu])
                b[0], b[1] = min(b[0], wall), min(b[1], cpu)
            imp = cli_import_seconds(env)
            b = best.setdefault((tree, "import innercircle.cli.main"), [imp, imp])
            b[0] = b[1] = min(b[0], imp)
    return best


def print_top(title: str, rows: list[tuple[int, int, str]], k: int) -> None:
    """The ``k`` imports with the largest cumulative time."""
    print(f"\n{title} — top {k} cumulative imports (-X importtime, load {loadavg()}):")
    for _, cum, name in sorted(rows, key=lambda r: -r[1])[:k]:
        print(f"  {cum / 1e6:7.3f} s  {name}")


def main(argv: list[str] | None = None) -> None:
    """Build the demo, time the commands (best of N), show the costliest imports."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="rounds (best of N)")
    ap.add_argument("--against", type=Path, help="another checkout's src/ folder, timed interleaved")
    ap.add_argument("--top", type=int, default=12, help="how many of the costliest imports to list")
    args = ap.parse_args(argv)
    trees = {"this": SRC} | ({"against": args.against.resolve()} if args.against else {})
    with tempfile.TemporaryDirectory(prefix="ic-startup-") as tmp:
        dbs = {tree: (Path(tmp) / f"demo-{tree}.db", Path(tmp) / f"cache-{tree}") for tree in trees}
        for tree, src in trees.items():
            build_demo(src, *dbs[tree])
            timed([sys.executable, "-c", RUN, "ties", "--json"], _env(src, *dbs[tree]))  # warm the cache
        db, cache = dbs["this"]
        print(
            f"load before: {loadavg()}; {args.runs} rounds, trees: {', '.join(f'{k}={v}' for k, v in trees.items())}"
        )
        best = measure(trees, dbs, args.runs)
        print(f"load after: {loadavg()}")
        print(f"\n{'command':<30} " + " ".join(f"{t + ' wall':>13} {t + ' cpu':>12}" for t in trees))
        for what in COMMANDS:
            cells = " ".join(f"{best[(t, what)][0]:>12.3f}s {best[(t, what)][1]:>11.3f}s" for t in trees)
            print(f"{'innercircle ' + what:<30} {cells}")
        what = "import innercircle.cli.main"
        print(f"{what:<30} " + " ".join(f"{best[(t, what)][0]:>12.3f}s {'':>12}" for t in trees))
        env = _env(SRC, db, cache)
        print_top(
            "import innercircle.cli.main", import_times(["-c", "import innercircle.cli.main"], env), args.top
        )
        print_top("innercircle ties --json", import_times(["-c", RUN, "ties", "--json"], env), args.top)


if __name__ == "__main__":
    main()
