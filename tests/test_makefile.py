"""`make demo` installs what running needs and nothing of the development toolchain; `make test` adds it.

Read from ``make -n`` (the commands make would run, none run) in a copy of the repository's Makefile and
pyproject.toml, so the test holds the Makefile, not a restatement of it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")


def planned(target: str, where: Path) -> list[str]:
    # run as a top-level make even under `make test`: a nested make prints "Entering directory" lines
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    r = subprocess.run(
        [str(MAKE), "--no-print-directory", "-n", target],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


@pytest.mark.skipif(MAKE is None, reason="no make on this machine")
def test_demo_installs_the_runtime_only_and_test_adds_the_dev_extra(clone: Path) -> None:
    demo = planned("demo", clone)
    installs = [c for c in demo if " install " in c]
    assert installs and all("[dev]" not in c and "dev]" not in c for c in installs), demo
    assert any(c.endswith("install --no-compile -e .") for c in installs), demo
    assert not any("--upgrade pip" in c for c in demo)
    assert demo[-1].endswith("innercircle demo")
    test = planned("test", clone)
    assert any("install -e '.[dev]'" in c for c in test), test
    assert any(c.endswith("pytest -q -n 2 --dist loadgroup") for c in test)


def test_the_build_needs_no_deprecated_license_table() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in text  # an SPDX string: setuptools prints a deprecation banner for a table
    assert 'requires = ["setuptools>=77"]' in text
