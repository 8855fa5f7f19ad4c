"""Migrations take a blank database to head, and the models do not drift from them."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from innercircle.store.db import _bare_config, current_revision, head_revision, make_engine, open_engine
from innercircle.store.schema import metadata


def test_blank_database_upgrades_to_single_head(tmp_path: Path) -> None:
    heads = ScriptDirectory.from_config(_bare_config()).get_heads()
    assert len(heads) == 1, f"migrations must have exactly one head, found {heads}"
    engine = make_engine(str(tmp_path / "blank.db"))
    assert current_revision(engine) is None
    engine = open_engine(str(tmp_path / "blank.db"))
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(metadata.tables) <= tables


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    engine = open_engine(str(tmp_path / "drift.db"))
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, metadata)
    assert diff == [], f"schema.py and the migrations differ: {diff}"


def test_reopening_is_a_no_op(tmp_path: Path) -> None:
    path = str(tmp_path / "again.db")
    open_engine(path).dispose()
    engine = open_engine(path)
    assert current_revision(engine) == head_revision()


def test_sqlite_uses_wal_and_busy_timeout(tmp_path: Path) -> None:
    engine = open_engine(str(tmp_path / "wal.db"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
