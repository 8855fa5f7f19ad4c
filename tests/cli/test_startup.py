"""The CLI loads only what a command needs: ``--help`` and the analyses never import the heavy stacks.

Each check runs a fresh interpreter and reads its ``sys.modules``: a module-level import added to a CLI
module (or to ``innercircle.services``) makes these fail; how long the imports take is measured by
benchmarks/cli_startup.py, never here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from innercircle.services import Workspace

# Heavy stacks and who needs them: the database (sqlalchemy), migrations (alembic), intro paths (networkx),
# the web app (fastapi, starlette, uvicorn, jinja2), the importers (icalendar, nameparser, …),
# settings, the typed results (typer loads pydantic itself for a command's options).
NEVER_FOR_HELP = (
    "sqlalchemy",
    "alembic",
    "networkx",
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "icalendar",
    "nameparser",
    "numpy",
    "innercircle.results",
    "innercircle.store",
    "innercircle.importers",
    "innercircle.services.runtime.workspace",
)
NEVER_FOR_TIES = (
    "alembic",
    "networkx",
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "icalendar",
    "nameparser",
    "innercircle.web",
    "innercircle.importers.registry",
    "innercircle.services.importing",
    "innercircle.services.intros",
)

_PROBE = """
import json, sys
{body}
print("\\n" + json.dumps(sorted(sys.modules)))
"""
_RUN = """
from innercircle.cli.main import run
sys.argv = ["innercircle", *{args!r}]
try:
    run()
except SystemExit as exc:
    assert not exc.code, exc.code
"""


def _loaded(body: str, env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """Run ``body`` in a fresh interpreter: its output and the modules it had loaded at the end."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(body=body)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    output, _, modules = proc.stdout.rpartition("\n[")
    return output, set(json.loads("[" + modules))


def _offenders(modules: set[str], banned: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == b or m.startswith(b + ".") for b in banned))


def test_importing_the_cli_loads_no_heavy_stack() -> None:
    _, modules = _loaded("import innercircle.cli.main")
    assert "innercircle.cli.ties" in modules  # every command module is loaded: --help lists them
    assert _offenders(modules, NEVER_FOR_HELP) == []


@pytest.mark.parametrize(
    "args",
    [["--help"], ["ties", "--help"], ["import", "--help"], ["serve", "--help"], ["account", "add", "--help"]],
)
def test_help_loads_no_heavy_stack(args: list[str]) -> None:
    output, modules = _loaded(_RUN.format(args=args))
    assert "Example" in output or "e.g." in output
    assert _offenders(modules, NEVER_FOR_HELP) == []


def test_ties_on_a_migrated_database_skips_migrations_importers_and_web(
    ws: Workspace, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from innercircle.core.model import Person
    from innercircle.services import logbook, people

    now = ws.clock()
    with ws.begin() as tx:
        people.add_person(tx, Person(name="Grace Hopper"), ["grace@navy.example"], now)
        logbook.log_interaction(tx, "call", ["grace@navy.example"], now - timedelta(days=3), now, 30)
    ws.close()
    monkeypatch.setenv("INNERCIRCLE_DB", str(db_path))
    output, modules = _loaded(_RUN.format(args=["ties", "--json"]), env=dict(os.environ))
    (grace,) = [r for r in json.loads(output) if r["name"] == "Grace Hopper"]
    assert grace["identities"] == ["grace@navy.example"] and grace["strength"] > 0
    assert "sqlalchemy" in modules  # the probe did read the database
    assert _offenders(modules, NEVER_FOR_TIES) == []
