"""Opening a database checks its schema revision with a plain SELECT; alembic runs only when it differs."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from innercircle.store import db
from innercircle.store.db import _bare_config, alembic_config, current_revision, make_engine, open_engine


def test_the_migration_files_name_the_same_head_as_alembic() -> None:
    assert db.shipped_head() == ScriptDirectory.from_config(_bare_config()).get_current_head()


def test_a_database_at_an_older_revision_is_still_upgraded(tmp_path: Path) -> None:
    script = ScriptDirectory.from_config(_bare_config())
    revisions = [s.revision for s in script.walk_revisions()]  # newest first
    if len(revisions) < 2:
        pytest.skip("only one migration shipped: no older revision to start from")
    path = str(tmp_path / "old.db")
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), revisions[-1])
    assert current_revision(engine) == revisions[-1]
    assert not db._at_shipped_head(engine)
    engine.dispose()
    engine = open_engine(path)
    assert current_revision(engine) == revisions[0]
    assert db._at_shipped_head(engine)


def test_a_blank_database_is_not_taken_for_migrated(tmp_path: Path) -> None:
    engine = make_engine(str(tmp_path / "blank.db"))
    assert not db._at_shipped_head(engine)
    assert current_revision(open_engine(str(tmp_path / "blank.db"))) == db.shipped_head()


def _versions(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "versions").mkdir()
    for name, text in files.items():
        (tmp_path / "versions" / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize(
    "files",
    [
        {"a.py": 'revision = "a"\ndown_revision = None\n', "b.py": 'revision = "b"\ndown_revision = None\n'},
        {
            "a.py": 'revision = "a"\ndown_revision = None\n',
            "m.py": 'revision = "m"\ndown_revision = (\n  "a",\n)\n',
        },
        {"a.py": 'revision = "a"\ndown_revision = "gone"\n'},
        {"a.py": "revision = make_id()\ndown_revision = None\n"},
    ],
    ids=["two heads", "tuple over lines", "unknown parent", "not a literal"],
)
def test_unusual_migration_files_leave_the_decision_to_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]
) -> None:
    monkeypatch.setattr(db, "MIGRATIONS", _versions(tmp_path, files))
    assert db.shipped_head.__wrapped__() is None


def test_plain_chains_and_merges_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        "__init__.py": "",
        "a.py": 'revision = "a"\ndown_revision = None\n',
        "b.py": 'revision = "b"\ndown_revision = "a"\n',
        "c.py": 'revision = "c"\ndown_revision = "a"\n',
        "m.py": 'revision: str = "m"\ndown_revision: tuple[str, str] = ("b", "c")\n',
    }
    monkeypatch.setattr(db, "MIGRATIONS", _versions(tmp_path, files))
    assert db.shipped_head.__wrapped__() == "m"
