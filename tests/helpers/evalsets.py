"""benchmarks/tie_eval.py as a module, and where the shared evaluation sets are (tests skip without them)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval"
HAVE_EVAL = (EVAL / "collegemsg").is_dir() and (EVAL / "copenhagen").is_dir()


def tie_eval() -> ModuleType:
    """benchmarks/tie_eval.py, imported as the benchmark runs it (benchmarks/ on the path)."""
    spec = importlib.util.spec_from_file_location("tie_eval", ROOT / "benchmarks" / "tie_eval.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["tie_eval"] = mod
    spec.loader.exec_module(mod)
    return mod
