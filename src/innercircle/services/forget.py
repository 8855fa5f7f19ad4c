"""Forgetting a person: every trace of them erased, the user's own records kept.

Success (``ForgetResult.complete``) means: the person's rows are deleted, every mention of them in the
records that stay is redacted (``store/erasure.py`` says column by column how), and — on SQLite — the
database file has been rebuilt and its write-ahead log checkpointed to nothing, and a scan of the raw
bytes of the file and its log finds neither their name nor any of their identities. Where a trace had to
stay (another person kept has the same name word, an account's own address names them) it is listed in
``kept`` and left out of the byte scan; a name word of fewer than five letters is checked in the records,
not in the bytes (three letters turn up by chance in binary data).

PostgreSQL keeps deleted rows as dead tuples until its tables are vacuumed: forgetting rewrites the
tables (``VACUUM FULL``, which needs the table owner's rights) when it may. The server's write-ahead log,
its archive, replicas and backups keep old copies until the server recycles them; no client can see or
erase those, so there ``complete`` is never claimed and ``problem`` says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from innercircle.core.errors import NotFoundError, UserInputError
from innercircle.core.model import Person
from innercircle.core.redact import Pattern
from innercircle.results.ownership import Forgotten
from innercircle.services.people import resolve_person
from innercircle.services.runtime.workspace import Tx, Workspace
from innercircle.store import erasure

WAIT_S = 60.0  # how long forgetting waits for a reader of the old data before saying it could not clean


@dataclass(slots=True)
class ForgetPlan:
    """What forgetting a person erases, counted before anything is touched."""

    person: Person
    person_ids: list[int]  # the person and the records merged into them
    interactions: list[int]  # interactions with nobody else (deleted whole)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class ForgetResult:
    """What forgetting did, and whether the database file is known to hold nothing of them."""

    erased: dict[str, int]  # rows deleted per table, values redacted per table.column
    kept: dict[str, set[str]] = field(default_factory=dict)  # what stayed on purpose -> where
    backend: str = "sqlite"
    clean: bool = False  # the file was rebuilt and its bytes hold no trace
    problem: str = ""  # why not clean, in one sentence
    leftovers: dict[str, set[str]] = field(default_factory=dict)  # file -> what its bytes still hold
    waited_s: float = 0.0

    @property
    def complete(self) -> bool:
        """True only when the file was checked and holds nothing of them."""
        return self.clean and not self.problem and not self.leftovers

    @property
    def redacted(self) -> int:
        """Values changed in records that stay."""
        return sum(n for k, n in self.erased.items() if "." in k)

    def record(self, person: Person) -> Forgotten:
        """What forgetting ``person`` did, as ``forget --json`` prints it."""
        return Forgotten(
            person_id=person.id,
            name=person.name,
            erased=self.erased,
            kept={what: sorted(where) for what, where in self.kept.items()},
            file_clean=self.complete,
            problem=self.problem,
        )


def plan_forget(tx: Tx, name: str) -> ForgetPlan:
    """Find the person and count what would be erased (nothing is changed)."""
    person = resolve_person(tx, name)
    assert person.id is not None
    if person.is_me:
        raise UserInputError("you cannot forget yourself; delete the database instead")
    ids = erasure.with_merged(tx.conn, person.id)
    plan = ForgetPlan(
        person, ids, erasure.solo_interactions(tx.conn, ids), erasure.personal_counts(tx.conn, ids)
    )
    plan.counts["interactions"] = len(plan.interactions)
    return plan


def forget(
    ws: Workspace, plan: ForgetPlan, wait_s: float = WAIT_S, tick: Callable[[float], None] | None = None
) -> ForgetResult:
    """Erase the person in one transaction (what they own and every mention, found afresh inside it, so
    a record added since the plan goes too); then clean the database file and check its bytes.

    The cached contacts and interaction arrays (memory and files in the user cache folder) hold the
    person's id and contact times: they are deleted too, and rebuilt without them on the next analysis.
    """
    assert plan.person.id is not None
    with ws.begin() as tx:
        if not erasure.exists(tx.conn, plan.person.id):
            raise NotFoundError(f"no person with id {plan.person.id} (forgotten meanwhile?)")
        ids = erasure.with_merged(tx.conn, plan.person.id)
        found = erasure.traces(tx.conn, ids)
        erased = erasure.erase(tx.conn, ids, erasure.solo_interactions(tx.conn, ids), found)
        kept_at = erasure.kept_mentions(tx.conn, found)
    ws.cache.erase()  # the triggers already made it stale; this erases the copies of what was forgotten
    result = ForgetResult(erased, _kept(kept_at, found.shared), ws.engine.dialect.name)
    if result.backend != "sqlite":
        result.problem = _vacuum_postgres(ws)
        return result
    state = erasure.clean_sqlite_file(ws.engine, wait_s, tick)
    result.clean, result.problem, result.waited_s = state.clean, state.problem, state.waited_s
    with ws.engine.connect() as conn:
        encoding = str(conn.exec_driver_sql("PRAGMA encoding").scalar_one())
    check = found.for_bytes().without(kept_at)
    result.leftovers = erasure.scan_files(erasure.sqlite_paths(ws.engine), check, encoding)
    if result.leftovers and not result.problem:
        result.problem = "the rebuilt file still holds them (a bug: please report it)"
    return result


def finish(
    ws: Workspace, wait_s: float = WAIT_S, tick: Callable[[float], None] | None = None
) -> ForgetResult:
    """Clean the file of what an earlier forget deleted but could not wipe (a reader held the old pages):
    rebuild it and checkpoint its log to nothing. Without the words, done is the file's state alone."""
    if ws.engine.dialect.name != "sqlite":
        return ForgetResult({}, backend=ws.engine.dialect.name, problem=_vacuum_postgres(ws))
    state = erasure.clean_sqlite_file(ws.engine, wait_s, tick)
    return ForgetResult({}, clean=state.clean, problem=state.problem, waited_s=state.waited_s)


def _kept(kept_at: dict[Pattern, set[str]], shared: dict[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for pattern, where in kept_at.items():
        out.setdefault(pattern.label, set()).update(where)
    for word, why in shared.items():
        out.setdefault(f"{word!r} on its own", set()).add(why)
    return out


def _vacuum_postgres(ws: Workspace) -> str:
    """Rewrite the tables so dead rows leave the table files; what PostgreSQL still keeps, in one line."""
    try:
        erasure.vacuum_full(ws.engine)
        done = "the tables were rewritten (VACUUM FULL)"
    except Exception as exc:  # no owner rights, a lock timeout: the rows are still deleted
        done = f"the tables could not be rewritten ({type(exc).__name__}); run VACUUM FULL as their owner"
    return (
        f"PostgreSQL: {done}, but the server's write-ahead log, archive, replicas and backups keep old "
        "copies until the server recycles them; no client can check or erase those"
    )
