"""The index of use cases in services/__init__.py names every module there is, and only those."""

from __future__ import annotations

import re
from pathlib import Path

import innercircle.services as services

HERE = Path(services.__file__).parent


def _named(text: str) -> set[str]:
    return set(re.findall(r"``([a-z_]+)``", text))


def test_the_index_names_every_use_case_and_runtime_module() -> None:
    doc = services.__doc__ or ""
    use_cases, runtime = doc.split("Runtime (``services/runtime``)")
    modules = {p.stem for p in HERE.glob("*.py")} - {"__init__"}
    inner = {p.stem for p in (HERE / "runtime").glob("*.py")} - {"__init__"}
    assert _named(use_cases) == modules
    assert _named(runtime) - {"utcnow"} == inner
