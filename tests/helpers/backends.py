"""The PostgreSQL test server: a fresh database per test (INNERCIRCLE_TEST_PG_URL, see .ci/postgres.sh)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

PG_URL = os.environ.get("INNERCIRCLE_TEST_PG_URL", "")


def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database on the test server, dropped afterwards."""
    if not PG_URL:
        reason = "INNERCIRCLE_TEST_PG_URL not set (start one: source .ci/postgres.sh && pg_start)"
        if os.environ.get("INNERCIRCLE_REQUIRE_PG"):
            pytest.fail(reason)
        pytest.skip(reason)
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(PG_URL)
    name = f"ic_{uuid.uuid4().hex[:16]}"
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
