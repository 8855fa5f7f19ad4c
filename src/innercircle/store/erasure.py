"""Erasing a person: their rows, every mention of them in other records, and the file's old copies.

**Rows deleted** (they belong to the person alone): ``people`` (the person and every record merged into
them), ``identities``, ``person_sources``, ``details``, ``favors``, ``followup_actions``,
``event_attendees``, ``outcome_people``, ``participants``, the ``merges`` that name them, the
``interactions`` they had with nobody but the user, and their employer when nobody kept works there.

**Every other column that holds text**, table by table (``COLUMNS`` is the same list as data; a test
checks it names every text and JSON column of ``schema.py``), is one of:

- ``REDACT``: free text or a label the user or a file wrote; each mention (``core.redact``: name, name
  parts, e-mails, phones, handles) is replaced by "(forgotten)". JSON values: in every string, and an
  object entry whose key mentions them (a CardDAV href in a sync state) is dropped.
- ``REDACT_KEY``: an identifier that must stay unique per source (``source_id``); redacted as above and
  made unique with the row id. The same file imported again adds that record anew.
- ``DROP_ITEMS``: a JSON list of messages (an import's warnings): the messages naming them are dropped.
- ``CLEAR``: the whole value is about one person (an event's organizer): set to NULL when it names them.
- ``KEEP``: another kept record's own identity (a kept person's name and identities, an employer's name,
  a sync account's address, user name and options): never changed, since changing it would change that
  record; a trace found there is reported, not erased.
- ``NO_TEXT``: a fixed word (kind, channel, format), a number or a hash: cannot carry a name.

settings: key NO_TEXT; value REDACT (the demo's planted patterns, the owner's budget).
import_batches: path REDACT (a file named after them, an upload's name); sha256, format, counts NO_TEXT;
warnings DROP_ITEMS.
organizations: name, domain KEEP (the employers of people kept; theirs alone is deleted).
people: name KEEP (other people; the person's own row is deleted); title, location, notes, tags REDACT;
tier_pin NO_TEXT.
identities: value, raw KEEP (other people's); kind, source NO_TEXT.
person_sources: ref REDACT; source NO_TEXT.
interactions: subject, note, message_id, in_reply_to REDACT (message ids redacted the same way keep
threads together); source_id REDACT_KEY; channel, direction, source NO_TEXT.
details: text REDACT; kind, source NO_TEXT.
goals: text, roles, orgs, tags, outcome_kinds REDACT.
events: title, place, topics, series, notes REDACT; organizer CLEAR; source_id REDACT_KEY; decision,
source NO_TEXT.
outcomes: note REDACT; kind NO_TEXT.
favors (other people's): text REDACT; direction NO_TEXT.
followup_actions: action NO_TEXT.
activities: text, url REDACT; source_id REDACT_KEY; kind, source NO_TEXT.
reflections: question, answer REDACT; week NO_TEXT.
merges: moved NO_TEXT (row ids).
accounts: state, last_error REDACT (hrefs and etags of their card, an error naming them); name, url,
username, options KEEP; kind NO_TEXT.
change_counters: name NO_TEXT.

Outside the tables: SQLite keeps deleted and overwritten rows in free pages, in unused parts of pages and
in the write-ahead log. ``clean_sqlite_file`` rebuilds the file (VACUUM, with temporary data in memory)
and checkpoints the log into it, truncating the log to nothing; ``scan_files`` then reads the raw bytes
for what is left.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Connection, Engine, String, Table, Text, delete, select, update

from innercircle.core.redact import Pattern, Traces
from innercircle.store import schema as s
from innercircle.store.rows import chunks

REDACT, REDACT_KEY, DROP_ITEMS, CLEAR, KEEP, NO_TEXT = (
    "redact",
    "redact key",
    "drop items",
    "clear",
    "keep",
    "no text",
)

# table -> text or JSON column -> how forgetting treats it (see the module docstring)
COLUMNS: dict[str, dict[str, str]] = {
    "settings": {"key": NO_TEXT, "value": REDACT},
    "import_batches": {
        "path": REDACT,
        "sha256": NO_TEXT,
        "format": NO_TEXT,
        "counts": NO_TEXT,
        "warnings": DROP_ITEMS,
    },
    "organizations": {"name": KEEP, "domain": KEEP},
    "people": {
        "name": KEEP,
        "title": REDACT,
        "location": REDACT,
        "tags": REDACT,
        "notes": REDACT,
        "tier_pin": NO_TEXT,
    },
    "identities": {"kind": NO_TEXT, "value": KEEP, "raw": KEEP, "source": NO_TEXT},
    "person_sources": {"source": NO_TEXT, "ref": REDACT},
    "interactions": {
        "channel": NO_TEXT,
        "direction": NO_TEXT,
        "subject": REDACT,
        "note": REDACT,
        "source": NO_TEXT,
        "source_id": REDACT_KEY,
        "message_id": REDACT,
        "in_reply_to": REDACT,
    },
    "participants": {"role": NO_TEXT},
    "details": {"text": REDACT, "kind": NO_TEXT, "source": NO_TEXT},
    "goals": {"text": REDACT, "roles": REDACT, "orgs": REDACT, "tags": REDACT, "outcome_kinds": REDACT},
    "events": {
        "title": REDACT,
        "place": REDACT,
        "topics": REDACT,
        "organizer": CLEAR,
        "series": REDACT,
        "notes": REDACT,
        "decision": NO_TEXT,
        "source": NO_TEXT,
        "source_id": REDACT_KEY,
    },
    "event_attendees": {},
    "outcomes": {"kind": NO_TEXT, "note": REDACT},
    "outcome_people": {},
    "favors": {"direction": NO_TEXT, "text": REDACT},
    "followup_actions": {"action": NO_TEXT},
    "activities": {
        "kind": NO_TEXT,
        "text": REDACT,
        "url": REDACT,
        "source": NO_TEXT,
        "source_id": REDACT_KEY,
    },
    "reflections": {"week": NO_TEXT, "question": REDACT, "answer": REDACT},
    "merges": {"moved": NO_TEXT},
    "accounts": {
        "name": KEEP,
        "kind": NO_TEXT,
        "url": KEEP,
        "username": KEEP,
        "options": KEEP,
        "state": REDACT,
        "last_error": REDACT,
    },
    "change_counters": {"name": NO_TEXT},
}

# tables whose rows belong to one person and go with them
_PERSONAL = (
    s.identities,
    s.person_sources,
    s.details,
    s.favors,
    s.followup_actions,
    s.event_attendees,
    s.outcome_people,
    s.participants,
)


def text_columns(table: Table) -> list[str]:
    """The columns of a table that can hold text (strings and JSON)."""
    return [c.name for c in table.columns if isinstance(c.type, (String, Text, JSON))]


def with_merged(conn: Connection, pid: int) -> list[int]:
    """The person and every record merged into them (directly or through a chain of merges)."""
    ids = [pid]
    frontier = [pid]
    while frontier:
        rows = conn.execute(select(s.people.c.id).where(s.people.c.merged_into.in_(frontier))).all()
        frontier = [int(r[0]) for r in rows if int(r[0]) not in ids]
        ids += frontier
    return ids


def exists(conn: Connection, pid: int) -> bool:
    """True when the person's row is there."""
    return conn.execute(select(s.people.c.id).where(s.people.c.id == pid)).first() is not None


def personal_counts(conn: Connection, ids: list[int]) -> dict[str, int]:
    """Rows per table that belong to these people alone (what erasing them deletes)."""
    counts: dict[str, int] = {}
    for table in _PERSONAL:
        rows = conn.execute(select(table.c.person_id).where(table.c.person_id.in_(ids))).all()
        counts[table.name] = len(rows)
    return counts


def _owner_ids(conn: Connection) -> set[int]:
    return {int(r[0]) for r in conn.execute(select(s.people.c.id).where(s.people.c.is_me.is_(True)))}


def solo_interactions(conn: Connection, ids: list[int]) -> list[int]:
    """Interactions whose participants are only these people and the user."""
    mine = set(ids) | _owner_ids(conn)
    theirs = select(s.participants.c.interaction_id).where(s.participants.c.person_id.in_(ids))
    everyone: dict[int, set[int]] = {}
    q = select(s.participants.c.interaction_id, s.participants.c.person_id).where(
        s.participants.c.interaction_id.in_(theirs)
    )
    for iid, pid in conn.execute(q):
        everyone.setdefault(int(iid), set()).add(int(pid))
    return sorted(iid for iid, pids in everyone.items() if pids <= mine)


def traces(conn: Connection, ids: list[int]) -> Traces:
    """What finds these people in text: their names and identities; the names of everyone else and of
    the employers of people kept are what a name word alone cannot be told apart from."""
    names = list(conn.execute(select(s.people.c.name).where(s.people.c.id.in_(ids))).scalars())
    q = select(s.identities.c.kind, s.identities.c.value, s.identities.c.raw).where(
        s.identities.c.person_id.in_(ids)
    )
    idents = [(str(k), str(v), str(r or "")) for k, v, r in conn.execute(q)]
    kept = list(conn.execute(select(s.people.c.name).where(s.people.c.id.not_in(ids))).scalars())
    used = select(s.people.c.org_id).where(s.people.c.id.not_in(ids), s.people.c.org_id.is_not(None))
    kept += conn.execute(select(s.organizations.c.name).where(s.organizations.c.id.in_(used))).scalars()
    return Traces.build(names, idents, kept)


def erase(conn: Connection, ids: list[int], interactions: list[int], found: Traces) -> dict[str, int]:
    """Delete the people ``ids``, their rows and the ``interactions``, then redact what ``found`` finds in
    every other record; returns rows deleted (per table) and values redacted (per ``table.column``)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left behind
    erased: dict[str, int] = {}
    for iid_chunk in chunks(interactions, 500):
        conn.execute(delete(s.participants).where(s.participants.c.interaction_id.in_(iid_chunk)))
        conn.execute(delete(s.interactions).where(s.interactions.c.id.in_(iid_chunk)))
    erased["interactions"] = len(interactions)
    for table in _PERSONAL:
        erased[table.name] = conn.execute(delete(table).where(table.c.person_id.in_(ids))).rowcount
    conn.execute(delete(s.merges).where(s.merges.c.kept_id.in_(ids) | s.merges.c.merged_id.in_(ids)))
    orgs = {o for o in conn.execute(select(s.people.c.org_id).where(s.people.c.id.in_(ids))).scalars() if o}
    # the chain of merged records first (children before the person they point at)
    for pid in reversed(ids):
        conn.execute(update(s.people).where(s.people.c.merged_into == pid).values(merged_into=None))
        conn.execute(delete(s.people).where(s.people.c.id == pid))
    erased["people"] = len(ids)
    # an employer nobody else works at would still say where they worked
    used = select(s.people.c.org_id).where(s.people.c.org_id.is_not(None))
    erased["organizations"] = conn.execute(
        delete(s.organizations).where(s.organizations.c.id.in_(orgs), s.organizations.c.id.not_in(used))
    ).rowcount
    erased.update(redact(conn, found))
    return erased


def _key_columns(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def redact(conn: Connection, found: Traces) -> dict[str, int]:
    """Redact every mention ``found`` finds in the columns ``COLUMNS`` marks; values changed per
    ``table.column``."""
    changed: dict[str, int] = {}
    for table in s.metadata.sorted_tables:
        how = COLUMNS.get(table.name, {})
        cols = [c for c in text_columns(table) if how.get(c) in (REDACT, REDACT_KEY, DROP_ITEMS, CLEAR)]
        if not cols:
            continue
        keys = _key_columns(table)
        q = select(*(table.c[k] for k in keys), *(table.c[c] for c in cols))
        for row in conn.execute(q).all():
            values: dict[str, Any] = {}
            for col in cols:
                new = _redacted(found, how[col], row._mapping[col])
                if new is not _SAME:
                    if how[col] == REDACT_KEY and new is not None:
                        new = f"{new}#{row._mapping[keys[0]]}"
                    values[col] = new
                    changed[f"{table.name}.{col}"] = changed.get(f"{table.name}.{col}", 0) + 1
            if values:
                where = [table.c[k] == row._mapping[k] for k in keys]
                conn.execute(update(table).where(*where).values(**values))
    return changed


_SAME = object()


def _redacted(found: Traces, how: str, value: Any) -> Any:
    """The new value of one cell, or ``_SAME``."""
    if value is None:
        return _SAME
    if how == DROP_ITEMS:
        if isinstance(value, list) and any(found.mentions(str(v)) for v in value):
            return [v for v in value if not found.mentions(str(v))]
        return _SAME
    if how == CLEAR:
        return None if found.mentions(str(value)) else _SAME
    if isinstance(value, str):
        new = found.redact(value)
        return _SAME if new is None else new
    out, did = found.redact_json(value)
    return out if did else _SAME


def kept_mentions(conn: Connection, found: Traces) -> dict[Pattern, set[str]]:
    """What ``found`` still finds in the records (pattern -> ``table.column`` where): the columns kept on
    purpose, and the database's own structure (a table named like them)."""
    where: dict[Pattern, set[str]] = {}
    for table in s.metadata.sorted_tables:
        cols = text_columns(table)
        if not cols:
            continue
        for row in conn.execute(select(*(table.c[c] for c in cols))):
            for col in cols:
                value = row._mapping[col]
                if value is None:
                    continue
                text = value if isinstance(value, str) else _json_text(value)
                for pattern in found.found_in(text):
                    where.setdefault(pattern, set()).add(f"{table.name}.{col}")
    if conn.dialect.name == "sqlite":
        for (sql,) in conn.exec_driver_sql("SELECT group_concat(sql, ' ') FROM sqlite_master"):
            for pattern in found.found_in(sql or ""):
                where.setdefault(pattern, set()).add("the database's table definitions")
    return where


def _json_text(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


# ---- the SQLite file ------------------------------------------------------------------------------


@dataclass(slots=True)
class FileState:
    """How cleaning a SQLite file went."""

    clean: bool  # rebuilt, and the log checkpointed to nothing
    waited_s: float = 0.0
    problem: str = ""  # why not clean
    leftovers: dict[str, set[str]] = field(default_factory=dict)  # file name -> labels found in its bytes


def sqlite_paths(engine: Engine) -> list[Path]:
    """The database file and its write-ahead log (those that exist)."""
    db = engine.url.database or ""
    if not db or db == ":memory:":
        return []
    return [p for p in (Path(db), Path(db + "-wal"), Path(db + "-journal")) if p.exists()]


def clean_sqlite_file(
    engine: Engine, wait_s: float, tick: Callable[[float], None] | None = None, poll_s: float = 0.2
) -> FileState:
    """Rebuild the file (VACUUM) and checkpoint the write-ahead log into it, truncating the log.

    A reader that started before the erase may still read the old pages from the file: the checkpoint
    cannot overwrite them until it has finished. This waits up to ``wait_s`` seconds for that (calling
    ``tick(waited)`` about every second), then gives up with ``problem`` saying why.
    """
    start = time.monotonic()
    raw = engine.raw_connection()
    try:
        con: Any = raw.driver_connection
        # outside any transaction: the driver connection runs in autocommit (store/db.py)
        con.execute("PRAGMA busy_timeout=100")
        con.execute("PRAGMA secure_delete=ON")
        con.execute("PRAGMA temp_store=MEMORY")  # VACUUM's copy must not go through a temporary file
        last_tick = 0.0
        vacuumed = False
        while True:
            waited = time.monotonic() - start
            try:
                if not vacuumed:
                    con.execute("VACUUM")
                    vacuumed = True
                busy, log, done = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if busy == 0 and log in (0, -1):
                    return FileState(True, waited)
                why = (
                    "another program kept reading the database from before the erase "
                    f"(its log still had {max(log - done, 0)} of {log} pages the file did not take)"
                )
            except Exception as exc:  # sqlite3.OperationalError: locked by another writer
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                why = "another program kept writing to the database"
            if waited >= wait_s:
                return FileState(False, waited, why)
            if tick is not None and waited - last_tick >= 1.0:
                last_tick = waited
                tick(waited)
            time.sleep(poll_s)
    finally:
        raw.close()


def scan_files(paths: Iterable[Path], found: Traces, encoding: str = "utf-8") -> dict[str, set[str]]:
    """What ``found`` finds in the raw bytes of these files (file name -> labels), read as ``encoding``
    text (SQLite's own: UTF-8 or UTF-16) in overlapping blocks, like ``strings`` but for any letter."""
    rx = found.combined
    out: dict[str, set[str]] = {}
    if rx is None:
        return out
    block, overlap = 1 << 22, 4096
    for path in paths:
        try:
            f = path.open("rb")
        except FileNotFoundError:
            continue
        with f:
            tail = b""
            while True:
                data = f.read(block)
                if not data:
                    break
                chunk = tail + data
                # UTF-16 text need not start at an even offset of the file: read it both ways
                starts = (0, 1) if encoding.lower().startswith("utf-16") else (0,)
                for start in starts:
                    text = unicodedata.normalize("NFC", chunk[start:].decode(encoding, errors="replace"))
                    for m in rx.finditer(text):
                        assert m.lastgroup is not None
                        out.setdefault(path.name, set()).add(found.patterns[int(m.lastgroup[1:])].label)
                tail = chunk[-overlap:]
    return out


def vacuum_full(engine: Engine) -> None:
    """PostgreSQL: rewrite every table of the user's data, so deleted rows leave the table files."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in s.user_tables():
            conn.exec_driver_sql(f'VACUUM FULL "{table.name}"')
