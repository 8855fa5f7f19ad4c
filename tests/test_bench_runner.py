"""``make bench``: benchmarks/run_all.py runs each script, measures it and appends to RESULTS.md."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _runner():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("run_all", ROOT / "benchmarks" / "run_all.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["run_all"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_runner_measures_each_benchmark_and_appends_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = tmp_path / "benchmarks"
    bench.mkdir()
    (bench / "big.py").write_text("blob = bytearray(120 * 1024 * 1024)\nprint('figure: 42 things/s')\n")
    (bench / "broken.py").write_text("import sys\nprint('half done')\nsys.exit(3)\n")
    (bench / "slow.py").write_text("import time\ntime.sleep(60)\n")
    (bench / "_helper.py").write_text("raise SystemExit('helpers are not benchmarks')\n")
    run_all = _runner()
    assert run_all.main([], folder=bench, timeout_s=3) == 1
    text = (bench / "RESULTS.md").read_text()
    assert "figure: 42 things/s" in text and "half done" in text
    assert "| broken | exit 3 |" in text and "| slow | timeout |" in text and "_helper" not in text
    for key in ("cpus (nproc)", "cpu:", "memory:", "python:"):
        assert key in text
    row = next(line for line in text.splitlines() if line.startswith("| big | ok |"))
    assert float(row.split("|")[4]) >= 120  # peak RSS in MB includes the 120 MB buffer
    assert "figure: 42 things/s" in capsys.readouterr().out
    # a second run appends; it does not overwrite
    assert run_all.main(["big"], folder=bench, timeout_s=30) == 0
    assert (bench / "RESULTS.md").read_text().count("| big | ok |") == 2
