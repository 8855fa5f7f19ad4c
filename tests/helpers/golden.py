"""The analyses' JSON on two fixed databases, and the script that writes it to tests/golden/same_json.json.

The databases: the demo (``load_demo``, seed 42, today 2026-11-25) and the demo plus a seeded random year
of interactions among its people (tests/helpers/generated.random_year, written with plain inserts into
the tables, so any checkout builds the same rows). The JSON: ``review``, ``ties``, ``focus``,
``followups`` and ``health`` with ``--json --as-of 2026-11-25`` through the CLI, and the web API's
ties, followups, health, review and people, the app's clock fixed.

Regenerate (one command, from the repository root, with the interpreter of the checkout whose figures
are wanted; it imports ``innercircle`` from that interpreter and only this folder's helpers from here):

    .venv/bin/python tests/helpers/golden.py

The stored file was first made by the main before issue 13 (commit 69c5bde):
``git worktree add /tmp/base 69c5bde && (cd /tmp/base && make .venv/.installed)`` then
``/tmp/base/.venv/bin/python tests/helpers/golden.py``. A deliberate change of the tie model or of
an analysis regenerates it with this tree's interpreter (the file names the tree that made it; the
script lists the values that changed before it overwrites the file, to read before committing it).
"""

from __future__ import annotations

import json
import lzma
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from apipages import whole

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
AS_OF = "2026-11-25"
COMMANDS = ("review", "ties", "focus", "followups", "health")
API = ("/api/ties", "/api/followups", "/api/health", "/api/review", "/api/people")
PAGED = ("/api/ties", "/api/followups", "/api/people")
DATASETS = ("demo", "demo+year", "demo+year, then a logged call")
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "same_json.json.xz"
LOG = ("log", "call", "4", "--at", "2026-11-24T10:00", "--minutes", "40")


def build(path: Path, dataset: str) -> None:
    """The demo, plus (``demo+year``) 3,000 random interactions among its people in the year before NOW."""
    from generated import random_year
    from sqlalchemy import insert, select

    from innercircle.services import Workspace
    from innercircle.services.demo import load_demo
    from innercircle.store import schema as s

    ws = Workspace(str(path))
    load_demo(ws, seed=42, today=AS_OF, now=NOW)
    if dataset == "demo+year":
        with ws.begin() as tx:
            rows = tx.conn.execute(select(s.people.c.id, s.people.c.is_me).order_by(s.people.c.id)).all()
            owner = next(pid for pid, is_me in rows if is_me)
            people = [pid for pid, is_me in rows if not is_me]
            first = (
                tx.conn.execute(select(s.interactions.c.id).order_by(s.interactions.c.id.desc())).first()
                or [0]
            )[0]
            its, parts = [], []
            for n, it in enumerate(random_year(owner, people, 3000, random.Random(3), NOW), start=first + 1):
                its.append(
                    {
                        "id": n,
                        "at": it.at,
                        "channel": it.channel.value,
                        "direction": it.direction.value,
                        "duration_s": it.duration_s,
                        "source": it.source,
                        "source_id": it.source_id,
                        "group_size": it.group_size,
                    }
                )
                parts += [
                    {"interaction_id": n, "person_id": p.person_id, "role": p.role.value}
                    for p in it.participants
                ]
            tx.conn.execute(insert(s.interactions), its)
            tx.conn.execute(insert(s.participants), parts)
    ws.close()


@contextmanager
def _env(**values: str) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def outputs(db: Path, cache: Path) -> dict[str, Any]:
    """Every command's ``--json --as-of`` output and every API route's JSON on ``db`` (cache files in ``cache``)."""
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from innercircle.cli.main import app as cli_app
    from innercircle.config import Config
    from innercircle.services import Workspace
    from innercircle.web import create_app

    out: dict[str, Any] = {}
    with _env(INNERCIRCLE_DB=str(db), INNERCIRCLE_CACHE_DIR=str(cache)):
        for command in COMMANDS:
            res = CliRunner().invoke(cli_app, [command, "--json", "--as-of", AS_OF], catch_exceptions=False)
            if res.exit_code != 0:
                raise RuntimeError(f"{command} failed: {res.output}")
            out[command] = json.loads(res.stdout)
        ws = Workspace(str(db))
        app = create_app(Config(db=str(db)), clock=lambda: NOW, workspace=ws, warm=False)
        with TestClient(app, base_url="http://127.0.0.1") as client:
            for route in API:
                if route in PAGED:  # the list as it was before it came in pages
                    out[route] = whole(client, route)
                    continue
                r = client.get(route)
                if r.status_code != 200:
                    raise RuntimeError(f"{route}: HTTP {r.status_code}")
                out[route] = r.json()
        ws.close()
    return out


def cli(db: Path, cache: Path, *args: str) -> None:
    """One CLI command on ``db`` (its output unused); it must succeed."""
    from typer.testing import CliRunner

    from innercircle.cli.main import app as cli_app

    with _env(INNERCIRCLE_DB=str(db), INNERCIRCLE_CACHE_DIR=str(cache)):
        res = CliRunner().invoke(cli_app, list(args), catch_exceptions=False)
    if res.exit_code != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {res.output}")


def all_outputs(folder: Path) -> dict[str, Any]:
    """``outputs`` of each dataset, built afresh in ``folder``; the last is the random year's database
    after ``LOG`` through the CLI, read with the cache files of the first read (topped up)."""
    result = {}
    for dataset in DATASETS[:2]:
        build(folder / f"{dataset}.db", dataset)
        result[dataset] = outputs(folder / f"{dataset}.db", folder / f"cache-{dataset}")
    db, cache = folder / f"{DATASETS[1]}.db", folder / f"cache-{DATASETS[1]}"
    cli(db, cache, *LOG)
    result[DATASETS[2]] = outputs(db, cache)
    return result


def load(path: Path = GOLDEN) -> dict[str, Any]:
    """A golden file's document (made_by, as_of, now, outputs)."""
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        doc: dict[str, Any] = json.load(fh)
    return doc


def differences(old: Any, new: Any, path: str = "") -> Iterator[str]:
    """Where two JSON values differ, as paths (``demo > ties > [3] > strength: 0.5 -> 0.6``)."""
    if isinstance(old, dict) and isinstance(new, dict):
        for k in sorted(old.keys() | new.keys()):
            if k not in new or k not in old:
                yield f"{path} > {k}: {'missing' if k not in new else 'added'}"
            else:
                yield from differences(old[k], new[k], f"{path} > {k}" if path else k)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from differences(a, b, f"{path} > [{i}]")
    elif old != new or type(old) is not type(new):
        yield f"{path}: {json.dumps(old)[:80]} -> {json.dumps(new)[:80]}"


def _tree() -> str:
    """The commit of the checkout ``innercircle`` was imported from (with '+changes' when it is dirty)."""
    import innercircle

    root = Path(innercircle.__file__).resolve().parents[2]
    git = ["git", "-C", str(root)]
    head = subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "src"], capture_output=True, text=True
    ).stdout.strip()
    return f"{head or root}{'+changes' if dirty else ''}"


def main() -> None:
    """Write the golden file (or the path given as the only argument)."""
    os.environ["TZ"] = "UTC"  # as tests/conftest.py: the owner's zone defaults to the machine's
    time.tzset()
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else GOLDEN
    with tempfile.TemporaryDirectory(prefix="ic-golden-") as tmp:
        data = all_outputs(Path(tmp))
    if target.exists():  # what the regeneration changes, to read before committing it
        old = load(target)
        diff = list(differences(old["outputs"], data))
        print(f"{len(diff)} values differ from the file made by {old['made_by']}")
        for line in diff[:40]:
            print("  " + line)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc = {"made_by": _tree(), "as_of": AS_OF, "now": NOW.isoformat(), "outputs": data}
    with lzma.open(target, "wt", encoding="utf-8", preset=9) as fh:
        json.dump(doc, fh, sort_keys=True, separators=(",", ":"))
    print(f"wrote {target} ({target.stat().st_size:,} bytes) from {doc['made_by']}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
