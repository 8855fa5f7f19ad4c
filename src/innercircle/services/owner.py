"""The owner's side of imported data: identities claimed after the fact, and imports that are not theirs.

Mail, chats and calendars only have a direction (out, in, mutual) where the owner takes part; until
innercircle knows the owner's address, the owner's own messages are stored under a person of their own and
every interaction of the file has no direction, so every tie from it scores 0.0.
"""

from __future__ import annotations

from datetime import datetime

from innercircle.core.errors import UserInputError
from innercircle.importers.identity import parse_identity
from innercircle.results.people import PersonRecord
from innercircle.results.records import OwnerRecord
from innercircle.services.merge import merge_people
from innercircle.services.people import ensure_me, person_record, shell_quote
from innercircle.services.runtime.workspace import Tx
from innercircle.store import identities, owner, people

PLACEHOLDER = "Me"  # the owner's name until ``init --name`` (services.people.ensure_me)


def claim_identities(tx: Tx, raws: list[str], now: datetime) -> list[str]:
    """Attach the owner's identities. A person who holds one (made by an import before the owner said it
    was theirs) was the owner all along: they are merged into the owner, undone by ``unmerge me``, and
    every interaction they were in gets its direction again. Returns one line for each such merge."""
    me = ensure_me(tx, now)
    assert me.id is not None
    notes: list[str] = []
    for raw in raws:
        if not raw.strip():
            raise UserInputError("empty identity given to --me")
        ident = parse_identity(raw, tx.ws.region)
        holder = identities.person_for_identity(tx.conn, ident)
        if holder is None:
            identities.add_identity(tx.conn, me.id, ident)
            continue
        if holder == me.id:
            continue
        other = people.get_person(tx.conn, holder)
        if other is None:
            continue
        moved = merge_people(tx, me, other, now)
        if me.name == PLACEHOLDER and "@" not in other.name and not other.name.startswith("+"):
            people.update_person(tx.conn, me.id, name=other.name)  # the name the user's own mail gave
            me.name = other.name
        redirected = len(moved.get("directions", {}))
        notes.append(
            f"{ident.value} was {other.name} (id {holder}), made by an earlier import: merged into you, "
            f"{_count(redirected, 'interaction')} now {'has' if redirected == 1 else 'have'} a direction "
            "(undo: innercircle unmerge me)"
        )
    return notes


add_me_identities = claim_identities  # the name import calls it by


def owner_record(tx: Tx, now: datetime) -> PersonRecord:
    """The owner as stored (made when missing)."""
    return person_record(tx, ensure_me(tx, now).id or 0)


def init_owner(
    tx: Tx, db: str, now: datetime, name: str | None, raws: list[str]
) -> tuple[OwnerRecord, list[str]]:
    """Record who the owner is (``init``): their name and identities; returns them as stored in ``db``
    and one line for each earlier import's record that turned out to be theirs (``claim_identities``)."""
    ensure_me(tx, now, name)
    merged = claim_identities(tx, raws, now)
    # a merged record may have given the owner a name
    record = OwnerRecord(**owner_record(tx, now).model_dump(), db=db)
    return record, merged


def unowned_import_note(tx: Tx, batch_id: int, path: str) -> str | None:
    """A warning for an import none of whose interactions the owner takes part in (None otherwise), with
    the exact command that repairs it: the address in the most of them, or for a chat (names, no
    addresses) the names to choose from."""
    total = owner.batch_interaction_count(tx.conn, batch_id)
    me = people.get_owner(tx.conn)
    if total == 0 or me is None or me.id is None:
        return None
    if owner.batch_interaction_count(tx.conn, batch_id, me.id) > 0:
        return None
    said = (
        f"none of the {_count(total, 'interaction')} in {path} involve you, so none has a direction and "
        "their ties stay at 0.0 (innercircle cannot tell which of the people in it is you)"
    )
    busiest = [b for b in owner.busiest_in_batch(tx.conn, batch_id, limit=4) if b[0] != me.id]
    top = [b for b in busiest if b[2] == busiest[0][2]][:3] if busiest else []
    if not top:
        return f"{said}. Fix: innercircle init --me YOUR_ADDRESS"
    fixes: list[str] = []
    chat = False
    for pid, name, _n in top:
        known = [i for i in identities.identities_of(tx.conn, pid) if i.kind in ("email", "phone")]
        if known:
            fixes.append(f"innercircle init --me {shell_quote(known[0].raw or known[0].value)}")
        else:
            chat = True
            fixes.append(f"innercircle merge me {shell_quote(name)}")
    n = top[0][2]
    where = f"in {n} of them" if len(top) == 1 else f"each in {n} of them"
    who = ", ".join(name for _pid, name, _n in top)
    also = "; next time import a chat with --me-name NAME" if chat else ""
    return (
        f"{said}. If you are {who if len(top) == 1 else 'one of ' + who} ({where}): "
        f"{' or '.join(fixes)} (it re-derives what you imported{also})"
    )


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
