"""Finding people the way users name them, and the owner's own record."""

from __future__ import annotations

import re
import shlex
from datetime import datetime

from sqlalchemy import Connection

from innercircle.core.errors import AmbiguousError, NotFoundError, UnknownPersonError, UserInputError
from innercircle.core.model import DEFAULT_REGION, IdentityKind, IdentityRef, Person
from innercircle.importers.identity import parse_identity
from innercircle.store import identities, people


def resolve_person(conn: Connection, text: str, region: str = DEFAULT_REGION) -> Person:
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
            raise _unknown(conn, needle, f"no person with {ident.kind} {ident.value}", ident)
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
        raise _unknown(conn, needle, f"no person matches {needle!r}", None, choices)
    if len(hits) == 1 or hits[0][1] - hits[1][1] >= 5:
        return _load(conn, int(hits[0][2]))
    raise _ambiguous(needle, [(int(h[2]), h[0]) for h in hits])


SUGGEST_CUTOFF = 60  # WRatio of a name worth offering as "did you mean"; 85 and up is taken as a match
SUGGEST_LIMIT = 3


def _unknown(
    conn: Connection,
    needle: str,
    said: str,
    ident: IdentityRef | None,
    choices: dict[int, str] | None = None,
) -> UnknownPersonError:
    """The error for a person nobody matches: up to three closest names (by spelling, or for an email
    by its local part) and the exact ``innercircle add`` command that records them."""
    from rapidfuzz import fuzz, process

    if choices is None:
        owner = people.get_owner(conn)
        choices = {pid: n for pid, n in people.all_names(conn).items() if owner is None or pid != owner.id}
    name = needle if ident is None else _name_from(ident)
    query = name or needle
    hits = process.extract(
        query, choices, scorer=fuzz.WRatio, limit=SUGGEST_LIMIT, score_cutoff=SUGGEST_CUTOFF
    )
    close = [(int(h[2]), h[0]) for h in hits]
    command = add_command(name or "Their Name", ident)
    parts = [said]
    if close:
        parts.append("closest: " + ", ".join(f"{n} (id {pid})" for pid, n in close))
    elif not choices:
        parts.append("you have no people yet")
    message = "; ".join(parts) + f". To add them: {command}"
    return UnknownPersonError(message, close, command)


def _name_from(ident: IdentityRef) -> str | None:
    """A name read off an identity where it carries one: ``grace.hopper@…`` → ``Grace Hopper``,
    ``linkedin.com/in/grace-hopper-12ab`` → ``Grace Hopper``; None for phones and handles."""
    if ident.kind is IdentityKind.EMAIL:
        local = ident.value.split("@", 1)[0].split("+", 1)[0]
    elif ident.kind is IdentityKind.LINKEDIN:
        local = ident.value.rsplit("/", 1)[-1]
    else:
        return None
    words = [w for w in re.split(r"[._\-]+", local) if w.isalpha()]
    return " ".join(w.capitalize() for w in words) or None


def add_command(name: str, ident: IdentityRef | None = None) -> str:
    """The ``innercircle add`` command line that records this person, quoted for a POSIX shell."""
    line = f"innercircle add {shell_quote(name)}"
    if ident is not None:
        line += f" --id {shell_quote(ident.raw or ident.value)}"
    return line


def shell_quote(text: str) -> str:
    """Double quotes where they are enough (as the README writes names), else the shell's own quoting."""
    if re.fullmatch(r"[\w@.+:/-]+", text):
        return text
    if not re.search(r'["$`\\!]', text):
        return f'"{text}"'
    return shlex.quote(text)


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


def owner_identities(conn: Connection) -> tuple[str, list[tuple[str, str]]]:
    """The owner's name and (kind, value) identities ("Me" and none before ``init``)."""
    owner = people.get_owner(conn)
    if owner is None or owner.id is None:
        return "Me", []
    return owner.name, [(str(i.kind), i.raw or i.value) for i in identities.identities_of(conn, owner.id)]
