"""Run every benchmark in this folder, print its figures, and append them to RESULTS.md.

Usage: python benchmarks/run_all.py [NAME ...]     (NAME: a script's stem, e.g. import_mbox; default: all)

Each benchmark is a script in benchmarks/ that prints its own figures. This runner adds what every
one of them needs: the wall time, the peak memory of the process (and of the children it waited for),
the exit status, and the machine the figures come from.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
TIMEOUT_S = int(os.environ.get("INNERCIRCLE_BENCH_TIMEOUT", "1800"))


@dataclass
class Run:
    """One benchmark's outcome."""

    name: str
    status: str  # "ok", "exit N", "timeout"
    seconds: float
    peak_mb: float
    output: str


def scripts(names: list[str], folder: Path = HERE) -> list[Path]:
    """The benchmark scripts to run, in name order (helpers start with ``_``)."""
    found = sorted(
        p for p in folder.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_")
    )
    if names:
        missing = set(names) - {p.stem for p in found}
        if missing:
            sys.exit(
                f"no such benchmark: {', '.join(sorted(missing))} (have: {', '.join(p.stem for p in found)})"
            )
        found = [p for p in found if p.stem in names]
    return found


def run_one(script: Path, timeout_s: float = TIMEOUT_S) -> Run:
    """Run one script, its output streamed through, with wall time and peak RSS (wait4)."""
    print(f"\n=== {script.stem} ===", flush=True)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=script.parent.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    timer = threading.Timer(timeout_s, proc.kill)  # bounded: a hung benchmark is killed
    timer.start()
    for line in proc.stdout:
        print(line, end="", flush=True)
        lines.append(line)
    proc.stdout.close()
    timer.cancel()
    timed_out = time.perf_counter() - start >= timeout_s
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    code = proc.returncode
    state = "timeout" if timed_out else "ok" if code == 0 else f"exit {code}"
    peak_mb = usage.ru_maxrss / 1024  # Linux reports KiB
    print(f"--- {script.stem}: {state}, {seconds:.1f} s, peak RSS {peak_mb:.0f} MB", flush=True)
    return Run(script.stem, state, seconds, peak_mb, "".join(lines))


def _meminfo_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> dict[str, str]:
    """Where the figures come from."""
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "cpus (nproc)": str(os.cpu_count()),
        "cpu": _cpu_model(),
        "memory": _meminfo_gb(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": platform.platform(),
        # other work on the machine skews the figures: say how busy it was when they were taken
        "load average (1/5/15 min) at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def report(runs: list[Run], where: dict[str, str]) -> str:
    """The Markdown appended to RESULTS.md."""
    out = [f"\n## {where['date']} — commit {where['commit']}\n"]
    out += [f"- {k}: {v}" for k, v in where.items() if k not in ("date", "commit")]
    out += ["", "| benchmark | status | wall s | peak RSS MB |", "|---|---|---:|---:|"]
    out += [f"| {r.name} | {r.status} | {r.seconds:.1f} | {r.peak_mb:.0f} |" for r in runs]
    for r in runs:
        out += ["", f"### {r.name}", "", "```", r.output.rstrip(), "```"]
    return "\n".join(out) + "\n"


def main(argv: list[str], folder: Path = HERE, timeout_s: float = TIMEOUT_S) -> int:
    """Run, print, append to ``folder/RESULTS.md``; exit 1 when a benchmark failed."""
    todo = scripts(argv, folder)
    if not todo:
        print("no benchmarks found in", folder)
        return 1
    where = machine()
    print("machine:", "; ".join(f"{k} {v}" for k, v in where.items()))
    runs = [run_one(s, timeout_s) for s in todo]
    text = report(runs, where)
    results = folder / RESULTS.name
    if not results.exists():
        results.write_text("# Benchmark results\n\nAppended by `make bench` (benchmarks/run_all.py).\n")
    with results.open("a", encoding="utf-8") as f:
        f.write(text)
    print("\nsummary:")
    for r in runs:
        print(f"  {r.name:<20} {r.status:<8} {r.seconds:8.1f} s  peak {r.peak_mb:6.0f} MB")
    print(f"appended to {results}")
    return 0 if all(r.status == "ok" for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
