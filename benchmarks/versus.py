"""This tree against another checkout in one run, on one large network: rescore, CLI startup, cold review,
the web's first dashboard and the dashboard while another process imports.

Usage: python benchmarks/versus.py --against OTHER_CHECKOUT --db NET.db [--rounds N] [--only NAMES]

OTHER_CHECKOUT is a worktree with a venv of its own (``make .venv/.installed``; e.g. the main before
issue 13: ``git worktree add /tmp/base13 69c5bde``). NET.db is a synthetic network (benchmarks/_synth.py;
built with OTHER_CHECKOUT's interpreter when missing, 50,000 people / 1,000,000 interactions by default,
so that the older schema can open it): build it once and reuse it. Each tree runs with its own
interpreter on a copy of its own, migrated to its schema before any timing, with an empty cache folder
where the benchmark says cold. The trees alternate benchmark by benchmark (round by round for the short
ones), so both see about the same load on a shared machine; the load average is printed beside each.

- review: ``innercircle review --json --as-of`` in a new process, no cache file (cold), then again
  with the file the first left (every later command);
- rescore: each tree's own benchmarks/rescore.py on its copy (the core scoring on arrays, then
  compute_ties in a new process without and with the cache file, warm, after a logged interaction);
- startup: benchmarks/cli_startup.py with ``--against`` (the demo database, each tree its own);
- dashboard: benchmarks/dashboard_import.py with each tree's interpreter: the first dashboard after
  ``serve`` starts (empty cache folder), then p50/p95 of the dashboard while another process imports
  a generated mbox (``--messages``, generated once for both).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli_startup import timed  # one way to time a child process

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RUN = "import sys; from innercircle.cli.main import run; sys.argv[0] = 'innercircle'; run()"
AS_OF = "2026-03-02"  # benchmarks/_synth.py's 'now'
BUILD = (
    "import sys; sys.path.insert(0, sys.argv[1]); from _synth import build;"
    " from innercircle.services import Workspace; ws = Workspace(sys.argv[2]);"
    " build(ws, int(sys.argv[3]), int(sys.argv[4])); ws.close()"
)
MIGRATE = (
    "import sqlite3, sys; from innercircle.services import Workspace; Workspace(sys.argv[1]).close();"
    " c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()"
)
ALL = ("review", "rescore", "startup", "dashboard")


def loadavg() -> str:
    """The 1-minute load average."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def python_of(tree: Path) -> str:
    """The checkout's own interpreter."""
    py = tree / ".venv" / "bin" / "python"
    if not py.exists():
        sys.exit(f"{py} missing: run `make .venv/.installed` in {tree}")
    return str(py)


def env_for(cache: Path) -> dict[str, str]:
    """The environment of a child: no INNERCIRCLE_* of the caller's, the given cache folder."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("INNERCIRCLE_")}
    return env | {"INNERCIRCLE_CACHE_DIR": str(cache), "TZ": "UTC"}


def output(argv: list[str], env: dict[str, str]) -> str:
    """The stdout of one child that must succeed (its stderr passed through)."""
    return subprocess.run(argv, env=env, stdout=subprocess.PIPE, text=True, check=True).stdout


def ratio_line(what: str, figs: dict[str, float], unit: str = "s") -> str:
    """``what  this X  other Y  this/other R``."""
    this, other = figs["this"], figs["other"]
    r = f"{this / other:.2f}x" if other else "n/a"
    return f"  {what:<58} this {this:9.3f} {unit}   other {other:9.3f} {unit}   this/other {r}"


def bench_review(py: dict[str, str], dbs: dict[str, Path], tmp: Path, rounds: int) -> None:
    """Cold and cached ``review --json`` in new processes, the trees alternating round by round."""
    best: dict[str, dict[str, list[float]]] = {"cold": {}, "file": {}}
    for r in range(rounds):
        for tree in py:
            cache = tmp / f"review-{tree}-{r}"
            argv = [py[tree], "-c", RUN, "--db", str(dbs[tree]), "review", "--json", "--as-of", AS_OF]
            for kind in ("cold", "file"):
                wall, cpu = timed(argv, env_for(cache))
                b = best[kind].setdefault(tree, [wall, cpu])
                b[0], b[1] = min(b[0], wall), min(b[1], cpu)
                print(
                    f"    round {r + 1} {tree:<5} {kind}: {wall:.2f} s wall, {cpu:.2f} s CPU (load {loadavg()})"
                )
            shutil.rmtree(cache, ignore_errors=True)
    print(f"review --json --as-of {AS_OF}, new process (best of {rounds}):")
    for kind, label in (("cold", "cold (no cache file)"), ("file", "with the cache file of the run before")):
        print(ratio_line(label + ", wall", {t: v[0] for t, v in best[kind].items()}))
        print(ratio_line(label + ", CPU", {t: v[1] for t, v in best[kind].items()}))
    target = best["cold"]["this"][0]
    print(f"  cold review of this tree: {target:.1f} s: {'OK' if target <= 10 else 'OVER'} (target <= 10 s)")


_FIG = re.compile(r"^(compute_ties, .+?|core score_ties.+?contacts): (\d+\.\d+) s wall, (\d+\.\d+) s CPU")


def bench_rescore(py: dict[str, str], trees: dict[str, Path], dbs: dict[str, Path], tmp: Path) -> None:
    """Each tree's benchmarks/rescore.py on a copy of its database; the compute_ties lines side by side."""
    figs: dict[str, dict[str, tuple[float, float]]] = {}
    for tree in py:
        copy = tmp / f"rescore-{tree}.db"
        shutil.copy(dbs[tree], copy)
        print(f"  {tree}: {trees[tree]}/benchmarks/rescore.py (load {loadavg()})", flush=True)
        text = output(
            [py[tree], str(trees[tree] / "benchmarks" / "rescore.py"), "--db", str(copy)], env_for(tmp)
        )
        figs[tree] = {}
        for line in text.splitlines():
            print(f"    {line}")
            m = _FIG.match(line)
            if m:
                figs[tree][m[1]] = float(m[2]), float(m[3])
        copy.unlink()
    print("rescore (each tree's benchmarks/rescore.py):")
    for what in figs["this"]:
        if what in figs["other"]:
            print(ratio_line(what[:50] + ", wall", {t: figs[t][what][0] for t in figs}))
            print(ratio_line(what[:50] + ", CPU", {t: figs[t][what][1] for t in figs}))


def bench_startup(trees: dict[str, Path], rounds: int) -> None:
    """This tree's benchmarks/cli_startup.py, the other tree's source timed interleaved."""
    argv = [python_of(trees["this"]), str(HERE / "cli_startup.py"), "--runs", str(rounds)]
    argv += ["--against", str(trees["other"] / "src"), "--top", "6"]
    print(output(argv, env_for(Path(tempfile.gettempdir()))))


def bench_dashboard(py: dict[str, str], dbs: dict[str, Path], tmp: Path, messages: int) -> None:
    """benchmarks/dashboard_import.py with each tree's interpreter, on the same generated mbox."""
    mbox = tmp / "archive.mbox"
    if not mbox.exists():
        output([python_of(Path(ROOT)), "-c", _GEN, str(HERE), str(mbox), str(messages)], env_for(tmp))
    figs: dict[str, dict[str, float]] = {}
    for tree in py:
        print(f"  {tree}: dashboard_import.py (load {loadavg()})", flush=True)
        argv = [py[tree], str(HERE / "dashboard_import.py"), "--db", str(dbs[tree]), "--mbox", str(mbox)]
        text = output([*argv, "--json"], env_for(tmp))
        lines = text.strip().splitlines()
        for line in lines[:-1]:
            print(f"    {line}")
        figs[tree] = json.loads(lines[-1])
    print(f"dashboard (GET /, {messages:,}-message mbox imported by another process):")
    for key, label, unit in (
        ("first_s", "first dashboard after start (empty cache folder)", "s"),
        ("p50_ms", "under the import: p50", "ms"),
        ("p95_ms", "under the import: p95", "ms"),
        ("max_ms", "under the import: max", "ms"),
        ("n", "under the import: requests answered", ""),
        ("import_s", "the import's wall time", "s"),
    ):
        print(ratio_line(label, {t: float(figs[t][key]) for t in figs}, unit))
    this = figs["this"]
    ok = this["first_s"] <= 10 and this["p50_ms"] <= 300 and this["p95_ms"] <= 1000
    print(f"  this tree: first {this['first_s']:.1f} s (<= 10 s), p50 {this['p50_ms']:.0f} ms (<= 300 ms),")
    print(f"  p95 {this['p95_ms']:.0f} ms (<= 1000 ms): {'OK' if ok else 'OVER'}")


_GEN = (
    "import sys; sys.path.insert(0, sys.argv[1]); from import_mbox import generate; from pathlib import Path;"
)
_GEN += " generate(Path(sys.argv[2]), int(sys.argv[3]))"


def main() -> None:
    """Prepare both trees' copies, then run the benchmarks asked for."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", type=Path, required=True, help="the other checkout (with its .venv)")
    ap.add_argument("--db", type=Path, required=True, help="the network (built by the other tree if missing)")
    ap.add_argument("--people", type=int, default=50_000)
    ap.add_argument("--interactions", type=int, default=1_000_000)
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=2, help="rounds of the short benchmarks (best of N)")
    ap.add_argument("--only", default=",".join(ALL), help=f"comma-separated, of {', '.join(ALL)}")
    ap.add_argument("--work", type=Path, help="folder for the copies (kept: the mbox is reused)")
    args = ap.parse_args()
    trees = {"this": ROOT, "other": args.against.resolve()}
    py = {t: python_of(p) for t, p in trees.items()}
    if not args.db.exists():
        t0 = time.perf_counter()
        output(
            [py["other"], "-c", BUILD, str(HERE), str(args.db), str(args.people), str(args.interactions)], {}
        )
        print(f"built {args.db} in {time.perf_counter() - t0:.0f} s")
    work = args.work or Path(tempfile.mkdtemp(prefix="ic-versus-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"trees: this={trees['this']} other={trees['other']}; network {args.db}; load {loadavg()}")
    for tree, p in trees.items():
        head = subprocess.run(
            ["git", "-C", str(p), "log", "-1", "--format=%h %s"], capture_output=True, text=True
        )
        print(f"  {tree}: {head.stdout.strip()[:100]}")
    dbs = {}
    for tree in trees:
        dbs[tree] = work / f"{tree}.db"
        shutil.copy(args.db, dbs[tree])
        output([py[tree], "-c", MIGRATE, str(dbs[tree])], env_for(work / "migrate"))  # untimed
    only = args.only.split(",")
    for name in ALL:
        if name in only:
            print(f"\n== {name} (load {loadavg()}) ==", flush=True)
            if name == "review":
                bench_review(py, dbs, work, args.rounds)
            elif name == "rescore":
                bench_rescore(py, trees, dbs, work)
            elif name == "startup":
                bench_startup(trees, max(args.rounds, 3))
            else:
                bench_dashboard(py, dbs, work, args.messages)
            sys.stdout.flush()
    for tree in trees:
        dbs[tree].unlink()
    print(f"\nload at the end {loadavg()}")


if __name__ == "__main__":
    main()
