"""The database tables (SQLAlchemy Core). Alembic migrations in ``migrations/`` must match them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns timezone-aware UTC: one convention on SQLite and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use timezone-aware UTC")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _person_fk(nullable: bool = False) -> Column[int]:
    return Column(
        "person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=nullable, index=True
    )


def _batch_fk() -> Column[int]:
    return Column(
        "batch_id", Integer, ForeignKey("import_batches.id", ondelete="SET NULL"), nullable=True, index=True
    )


settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", JSON, nullable=False),
)

import_batches = Table(
    "import_batches",
    metadata,
    _id(),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("format", String(40), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("counts", JSON, nullable=False, default=dict),
    Column("warnings", JSON, nullable=False, default=list),
)

organizations = Table(
    "organizations",
    metadata,
    _id(),
    Column("name", String(300), nullable=False, unique=True),
    Column("domain", String(300)),
)

people = Table(
    "people",
    metadata,
    _id(),
    Column("name", String(300), nullable=False),
    Column("org_id", Integer, ForeignKey("organizations.id", ondelete="SET NULL"), index=True),
    Column("title", String(300)),
    Column("location", String(300)),
    Column("tags", JSON, nullable=False, default=list),
    Column("notes", Text),
    Column("is_me", Boolean, nullable=False, default=False),
    Column("tier_pin", String(20)),
    Column("closeness", Float),
    Column("cadence_days", Integer),
    Column("archived", Boolean, nullable=False, default=False),
    Column("connected_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    # set when merged into another person; ``unmerge`` restores from ``merges``
    Column("merged_into", Integer, ForeignKey("people.id", ondelete="SET NULL"), index=True),
)

identities = Table(
    "identities",
    metadata,
    _id(),
    _person_fk(),
    Column("kind", String(20), nullable=False),
    Column("value", String(500), nullable=False),
    Column("raw", String(500), nullable=False, default=""),
    Column("source", String(60), nullable=False, default="manual"),
    _batch_fk(),
    UniqueConstraint("kind", "value", name="uq_identities_kind_value"),
)

# where a person's data came from (a person may come from several files)
person_sources = Table(
    "person_sources",
    metadata,
    _person_fk(),
    Column("source", String(60), nullable=False),
    Column("batch_id", Integer, ForeignKey("import_batches.id", ondelete="CASCADE"), nullable=True),
    Column("ref", String(200), nullable=False, default=""),
    UniqueConstraint("person_id", "source", "batch_id", "ref", name="uq_person_sources"),
)

interactions = Table(
    "interactions",
    metadata,
    _id(),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("channel", String(20), nullable=False),
    Column("direction", String(10), nullable=False),
    Column("duration_s", Integer),
    Column("subject", Text),
    Column("note", Text),
    Column("source", String(60), nullable=False),
    Column("source_id", String(500)),
    Column("message_id", String(500), index=True),
    Column("in_reply_to", String(500)),
    Column("group_size", Integer, nullable=False, default=1),
    _batch_fk(),
    UniqueConstraint("source", "source_id", name="uq_interactions_source"),
)

participants = Table(
    "participants",
    metadata,
    Column("interaction_id", Integer, ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("role", String(12), primary_key=True),
)

details = Table(
    "details",
    metadata,
    _id(),
    _person_fk(),
    Column("text", Text, nullable=False),
    Column("kind", String(30), nullable=False, default="note"),
    Column("on", Date),
    Column("created_at", UTCDateTime, nullable=False),
    Column("source", String(60), nullable=False, default="manual"),
    _batch_fk(),
)

goals = Table(
    "goals",
    metadata,
    _id(),
    Column("text", Text, nullable=False),
    Column("roles", JSON, nullable=False, default=list),
    Column("orgs", JSON, nullable=False, default=list),
    Column("tags", JSON, nullable=False, default=list),
    Column("outcome_kinds", JSON, nullable=False, default=list),
    Column("due", Date),
    Column("created_at", UTCDateTime, nullable=False),
    Column("done_at", UTCDateTime),
)

events = Table(
    "events",
    metadata,
    _id(),
    Column("title", Text, nullable=False),
    Column("start", UTCDateTime, nullable=False, index=True),
    Column("end", UTCDateTime),
    Column("place", Text),
    Column("hours_cost", Float),
    Column("topics", JSON, nullable=False, default=list),
    Column("organizer", String(300)),
    Column("series", String(300)),
    Column("cost", Float),
    Column("rating", Integer),
    Column("notes", Text),
    Column("decision", String(10)),
    Column("source", String(60), nullable=False, default="manual"),
    Column("source_id", String(500)),
    _batch_fk(),
    UniqueConstraint("source", "source_id", name="uq_events_source"),
)

event_attendees = Table(
    "event_attendees",
    metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("met", Boolean, nullable=False, default=False),  # the user met them there
)

outcomes = Table(
    "outcomes",
    metadata,
    _id(),
    Column("kind", String(30), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("goal_id", Integer, ForeignKey("goals.id", ondelete="SET NULL"), index=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="SET NULL"), index=True),
    Column("value", Float),
    Column("note", Text),
)

outcome_people = Table(
    "outcome_people",
    metadata,
    Column("outcome_id", Integer, ForeignKey("outcomes.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True),
)

favors = Table(
    "favors",
    metadata,
    _id(),
    _person_fk(),
    Column("direction", String(10), nullable=False),
    Column("text", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

# follow-up actions: done / snoozed, per person
followup_actions = Table(
    "followup_actions",
    metadata,
    _id(),
    _person_fk(),
    Column("action", String(10), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("until", UTCDateTime),
)

# the owner's own online activity (LinkedIn shares, comments, reactions)
activities = Table(
    "activities",
    metadata,
    _id(),
    Column("kind", String(20), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("url", Text),
    Column("source", String(60), nullable=False),
    Column("source_id", String(500)),
    _batch_fk(),
    UniqueConstraint("source", "source_id", name="uq_activities_source"),
)

reflections = Table(
    "reflections",
    metadata,
    _id(),
    Column("week", String(10), nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

# a merge the user asked for, so ``unmerge`` can move the identities back
merges = Table(
    "merges",
    metadata,
    _id(),
    Column("kept_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("merged_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("moved", JSON, nullable=False, default=dict),  # table -> ids moved from merged to kept
    Column("at", UTCDateTime, nullable=False),
)

# live-sync accounts: what the user configured, never a password (that is in the keyring or
# an environment variable). What a sync leaves (state, last_sync_at, last_error) is bookkeeping: neither
# exported nor restored, so a failed sync leaves the export as it was and a restored copy resyncs in full.
accounts = Table(
    "accounts",
    metadata,
    _id(),
    Column("name", String(80), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("url", Text, nullable=False),
    Column("username", String(300), nullable=False),
    Column("options", JSON, nullable=False, default=dict),  # folders, tls, insecure, password_env
    Column("state", JSON, nullable=False, default=dict, info={"bookkeeping": True}),
    Column("last_sync_at", UTCDateTime, info={"bookkeeping": True}),
    Column("last_error", Text, info={"bookkeeping": True}),
    Column("created_at", UTCDateTime, nullable=False),
)

Index("ix_participants_interaction", participants.c.interaction_id)

# counters that database triggers bump on every UPDATE/DELETE of what the tie analysis reads
# (migration 0002): a cached load of the contacts is stale once its counter moved (store/history.py)
change_counters = Table(
    "change_counters",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("n", Integer, nullable=False, default=0),
    info={"bookkeeping": True},  # not the user's data: neither exported nor restored
)


def user_tables() -> list[Table]:
    """The tables holding the user's data, in dependency order (what export, backup and restore carry)."""
    return [t for t in metadata.sorted_tables if not t.info.get("bookkeeping")]


def user_columns(table: Table) -> list[Column[Any]]:
    """A table's columns holding the user's data (bookkeeping columns left out)."""
    return [c for c in table.columns if not c.info.get("bookkeeping")]
