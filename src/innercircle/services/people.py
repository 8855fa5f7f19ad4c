"""Finding people the way users name them, and the owner's own record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from innercircle.core.errors import AmbiguousError, NotFoundError, UserInputError
from innercircle.core.model import IdentityKind, Person
from innercircle.importers.identity import parse_identity
from innercircle.store import identities, people


def resolve_person(conn: Connection, text: str, region: str = "US") -> Person:
    """A person by id, email/phone/URL, exact name, part of a name, or a close spelling."""
    needle = text.strip()
    if not needle:
        raise UserInputError("no person given")
    if needle.isdigit():
        p = people.get_person(conn, int(needle))
        if p is None or p.is_me:
            raise NotFoundError(f"no person with id {needle}")
        return p
    ident = parse_identity(needle, region)
    if ident.kind is not IdentityKind.HANDLE or needle.startswith("@"):
        pid = identities.person_for_identity(conn, ident)
        if pid is not None and (p := people.get_person(conn, pid)) is not None and not p.is_me:
            return p
        if ident.kind is not IdentityKind.HANDLE:
            raise NotFoundError(f"no person with {ident.kind} {ident.value}")
    owner = people.get_owner(conn)
    owner_id = None if owner is None else owner.id
    names = [(pid, name) for pid, name in people.all_names(conn).items() if pid != owner_id]
    exact = [(pid, n) for pid, n in names if n.lower() == needle.lower()]
    if not exact:
        exact = [(pid, n) for pid, n in names if needle.lower() in n.lower()]
    if len(exact) == 1:
        return _load(conn, exact[0][0])
    if len(exact) > 1:
        raise _ambiguous(needle, exact)
    from rapidfuzz import fuzz, process  # only for a misspelt name: not on every command's start

    choices = {pid: n for pid, n in names}
    hits = process.extract(needle, choices, scorer=fuzz.WRatio, limit=5, score_cutoff=85)
    if not hits:
        raise NotFoundError(f"no person matches {needle!r}")
    if len(hits) == 1 or hits[0][1] - hits[1][1] >= 5:
        return _load(conn, int(hits[0][2]))
    raise _ambiguous(needle, [(int(h[2]), h[0]) for h in hits])


def _load(conn: Connection, pid: int) -> Person:
    p = people.get_person(conn, pid)
    if p is None:
        raise NotFoundError(f"no person with id {pid}")
    return p


def _ambiguous(needle: str, cands: list[tuple[int, str]]) -> AmbiguousError:
    listed = [f"{pid}: {name}" for pid, name in cands[:10]]
    return AmbiguousError(
        f"{needle!r} matches {len(cands)} people: " + "; ".join(listed) + " (use the id)", listed
    )


def ensure_me(conn: Connection, now: datetime, name: str | None = None) -> Person:
    """The owner's record, created when missing (renamed when ``name`` is given)."""
    owner = people.get_owner(conn)
    if owner is None:
        pid = people.add_person(conn, Person(name=name or "Me", is_me=True), now)
        owner = people.get_person(conn, pid)
        assert owner is not None
    elif name and owner.name != name:
        assert owner.id is not None
        people.update_person(conn, owner.id, name=name)
        owner.name = name
    return owner


def add_me_identities(conn: Connection, raws: list[str], now: datetime, region: str = "US") -> list[str]:
    """Attach the owner's identities; returns warnings for those someone else already holds."""
    owner = ensure_me(conn, now)
    assert owner.id is not None
    warnings = []
    for raw in raws:
        if not raw.strip():
            raise UserInputError("empty identity given to --me")
        ident = parse_identity(raw, region)
        holder = identities.person_for_identity(conn, ident)
        if holder is None:
            identities.add_identity(conn, owner.id, ident)
        elif holder != owner.id:
            warnings.append(
                f"{ident.value} already belongs to person {holder}; merge them into you with 'merge'"
            )
    return warnings
