"""change counters bumped by triggers on every update/delete of interactions and participants

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 12:00:00

The tie analysis keeps a cached load of every contact (in memory and on disk). Appended interactions
are seen from ids and counts; anything else (a deletion, an edit, an id reused after deleting the
newest rows) must move ``change_counters['contacts']``. Triggers do that whatever code writes, so no
write path can forget it. Inserts fire nothing: bulk imports pay no per-row cost.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TABLES = ("interactions", "participants")
_BUMP = (
    "INSERT INTO change_counters (name, n) VALUES ('contacts', 1)"
    " ON CONFLICT (name) DO UPDATE SET n = change_counters.n + 1"
)


def upgrade() -> None:
    op.create_table(
        "change_counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_change_counters")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION bump_contacts_counter() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN {_BUMP}; RETURN NULL; END $$"
        )
        for t in _TABLES:  # once per statement: a deletion of many rows costs one bump
            op.execute(
                f"CREATE TRIGGER {t}_contacts_changed AFTER UPDATE OR DELETE OR TRUNCATE ON {t}"
                " FOR EACH STATEMENT EXECUTE FUNCTION bump_contacts_counter()"
            )
        return
    for t in _TABLES:  # SQLite has row triggers only
        for what in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {t}_{what.lower()}_contacts AFTER {what} ON {t} BEGIN {_BUMP}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for t in _TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {t}_contacts_changed ON {t}")
        op.execute("DROP FUNCTION IF EXISTS bump_contacts_counter()")
    else:
        for t in _TABLES:
            for what in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {t}_{what}_contacts")
    op.drop_table("change_counters")
