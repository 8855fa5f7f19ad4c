"""The store on both backends: migrations reach one head and match the models, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sample_network import build_network
from sqlalchemy import inspect

from innercircle.services import Workspace
from innercircle.store.db import current_revision, head_revision, make_engine
from innercircle.store.schema import metadata

pytestmark = pytest.mark.backends


def test_blank_database_migrates_to_head(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None
    finally:
        engine.dispose()
    ws = Workspace(db_url)
    try:
        assert current_revision(ws.engine) == head_revision()
        assert set(metadata.tables) <= set(inspect(ws.engine).get_table_names())
    finally:
        ws.close()


def test_models_and_migrations_do_not_drift(ws: Workspace) -> None:
    with ws.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, metadata)
    assert diff == [], f"schema.py and the migrations differ on {ws.engine.dialect.name}: {diff}"


def test_people_and_timeline_read_back(cli, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    build_network(ws)

    people = json.loads(cli("people", "--json").stdout)
    assert {p["name"] for p in people} == {"Grace Hopper", "Alan Turing", "Katherine Johnson"}
    shown = json.loads(cli("show", "Grace Hopper", "--json").stdout)
    assert shown["name"] == "Grace Hopper"
    assert len(shown["timeline"]) == 4  # three calls and the meeting, newest first
    assert shown["timeline"][0]["at"] > shown["timeline"][-1]["at"]
    assert [d["text"] for d in shown["details"]] == ["daughter starts university in October"]


@pytest.mark.postgres
def test_demo_builds_the_same_network_on_both_backends(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The demo on SQLite and on PostgreSQL: the same rows, and the same ties computed from them."""
    from backends import pg_database
    from sample_network import NOW

    from innercircle.services.demo import load_demo
    from innercircle.services.export import export_json

    exports = []
    urls = pg_database()
    for url in (str(tmp_path / "demo.db"), next(urls)):
        ws = Workspace(url)
        try:
            load_demo(ws, seed=42, today="2026-03-02", now=NOW)
            with ws.read() as tx:
                exports.append(export_json(tx).model_dump())
        finally:
            ws.close()
    urls.close()
    sqlite, postgres = exports
    assert len(sqlite["tables"]["people"]) > 50 and len(sqlite["tables"]["interactions"]) > 500
    for name in sqlite["tables"]:
        assert sqlite["tables"][name] == postgres["tables"][name], f"table {name} differs between backends"
