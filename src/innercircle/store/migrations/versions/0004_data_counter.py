"""a change counter bumped by triggers on every write to the tables the analyses read, besides interactions

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 19:00:00

The analyses kept between requests (tie scores, the review) depend on people, favours, goals, events,
details, settings… as well as on the interactions. Interactions and participants already have their
fingerprint (counts, newest id, ``change_counters['contacts']``); every insert, update or delete of the
other tables moves ``change_counters['data']``, whatever code writes, so a cached analysis can be keyed
by both and no write path can forget to drop it. Sync bookkeeping (``accounts``) is left out.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TABLES = (
    "settings",
    "import_batches",
    "organizations",
    "people",
    "identities",
    "person_sources",
    "details",
    "goals",
    "events",
    "event_attendees",
    "outcomes",
    "outcome_people",
    "favors",
    "followup_actions",
    "activities",
    "reflections",
    "merges",
)
_BUMP = (
    "INSERT INTO change_counters (name, n) VALUES ('data', 1)"
    " ON CONFLICT (name) DO UPDATE SET n = change_counters.n + 1"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION bump_data_counter() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN {_BUMP}; RETURN NULL; END $$"
        )
        for t in _TABLES:  # once per statement
            op.execute(
                f"CREATE TRIGGER {t}_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {t}"
                " FOR EACH STATEMENT EXECUTE FUNCTION bump_data_counter()"
            )
        return
    for t in _TABLES:  # SQLite has row triggers only
        for what in ("INSERT", "UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {t}_{what.lower()}_data AFTER {what} ON {t} BEGIN {_BUMP}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for t in _TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {t}_data_changed ON {t}")
        op.execute("DROP FUNCTION IF EXISTS bump_data_counter()")
    else:
        for t in _TABLES:
            for what in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {t}_{what}_data")
    op.execute("DELETE FROM change_counters WHERE name = 'data'")
