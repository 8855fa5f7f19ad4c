"""The layering is checked, not kept by habit: import-linter fails on planted violations; no import cycles."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy(tmp_path: Path) -> Path:
    """The package and its import-linter configuration in ``tmp_path`` (the planted copy is linted)."""
    shutil.copytree(ROOT / "src" / "innercircle", tmp_path / "src" / "innercircle")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "COLUMNS": "200"}  # contract names on one line
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _plant(tree: Path, module: str, line: str) -> None:
    path = tree / "src" / "innercircle" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_unchanged_copy_keeps_every_contract(tmp_path: Path) -> None:
    done = _lint(_copy(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("core/dates.py", "import sqlalchemy", "core is pure"),
        ("core/health.py", "import os", "core is pure"),
        ("core/model.py", "from pathlib import Path", "core is pure"),
        ("core/goals.py", "from innercircle import paths", "core is pure"),
        ("core/focus.py", "from innercircle.config import Config", "core is pure"),
        ("core/model.py", "import pydantic", "core is pure"),
        ("core/focus.py", "from innercircle.results.ties import Tie", "core is pure"),
        ("results/ties.py", "from innercircle.store import people", "layers: front-ends over services"),
        (
            "web/app.py",
            "from innercircle import store",
            "the front ends reach the store only through services",
        ),
        (
            "cli/events.py",
            "from innercircle.store import db",
            "the front ends reach the store only through services",
        ),
        (
            "services/health.py",
            "from innercircle.store import schema",
            "store.schema is imported inside store",
        ),
        ("sync/base.py", "from innercircle.store import db", "sync is an adapter"),
        ("mcp/tools.py", "from innercircle.store import people", "the front ends reach the store only"),
        ("mcp/server.py", "from innercircle.cli import common", "the front ends (cli, web, mcp) do not"),
        (
            "web/data.py",
            "from innercircle.services.runtime.cache import AnalysisCache",
            "the front ends call use cases, not the runtime under them",
        ),
        (
            "importers/vcard.py",
            "from innercircle.store import db",
            "adapters around core do not import each other",
        ),
    ],
)
def test_a_planted_violation_breaks_its_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    tree = _copy(tmp_path)
    _plant(tree, module, line)
    done = _lint(tree)
    assert done.returncode != 0, f"{line!r} in {module} went unnoticed:\n{done.stdout}"
    broken = [row for row in done.stdout.splitlines() if " BROKEN" in row]
    assert any(contract in row for row in broken), done.stdout


def _cycles(graph: grimp.ImportGraph) -> set[frozenset[str]]:
    """Each set of modules that import one another in a circle (the shortest circle through each import)."""
    found: set[frozenset[str]] = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                found.add(frozenset(back))
    return found


def test_no_import_cycles_inside_the_package() -> None:
    """Every import grimp sees counts: module level, inside functions and under TYPE_CHECKING alike
    (grimp records all three and does not tell them apart), so a lazy import does not hide a cycle."""
    cycles = _cycles(grimp.build_graph("innercircle"))
    assert not cycles, f"import cycles: {sorted(sorted(c) for c in cycles)}"


def test_the_cycle_finder_finds_a_planted_cycle(tmp_path: Path) -> None:
    pkg = tmp_path / "cyclepkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from cyclepkg import b\n")
    (pkg / "b.py").write_text("def f():\n    from cyclepkg import c\n")
    (pkg / "c.py").write_text("import cyclepkg.a\n")
    (pkg / "d.py").write_text("import cyclepkg.a\n")
    sys.path.insert(0, str(tmp_path))
    try:
        graph = grimp.build_graph("cyclepkg", cache_dir=None)
    finally:
        sys.path.remove(str(tmp_path))
    assert _cycles(graph) == {frozenset({"cyclepkg.a", "cyclepkg.b", "cyclepkg.c"})}


def test_a_cycle_planted_in_a_copy_of_the_package_is_found(tmp_path: Path) -> None:
    """The tie package's layering (model <- components <- score <- explain) is what the check guards: a
    type-only import back from the model closes a circle."""
    tree = _copy(tmp_path)
    _plant(tree, "core/ties/model.py", "if False:\n    from innercircle.core.ties.explain import Explanation")
    edges = "[(a, b) for a in g.modules for b in g.find_modules_directly_imported_by(a)]"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import grimp; g = grimp.build_graph('innercircle', cache_dir=None); print({edges})",
        ],
        env={**os.environ, "PYTHONPATH": str(tree / "src")},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    graph = grimp.ImportGraph()
    for importer, imported in ast.literal_eval(done.stdout):
        graph.add_import(importer=importer, imported=imported)
    closing = {"innercircle.core.ties.model", "innercircle.core.ties.explain"}
    assert any(closing <= cycle for cycle in _cycles(graph)), done.stdout[:2000]
