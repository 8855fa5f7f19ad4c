"""One person across sources: exact identity keys first, then names with supporting evidence."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from nameparser import HumanName
from rapidfuzz import fuzz
from sqlalchemy import Connection

from innercircle.core.model import IdentityKind, IdentityRef, Person
from innercircle.core.records import PartyRef
from innercircle.store import identities
from innercircle.store import people as people_store

_EXCLUSIVE = (IdentityKind.EMAIL, IdentityKind.PHONE, IdentityKind.LINKEDIN)


_TITLES = frozenset(
    ["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "jr", "sr", "ii", "iii", "iv", "phd", "md"]
)


@lru_cache(maxsize=65536)
def name_key(name: str) -> tuple[str, str]:
    """(first, last) lower-cased without accents or titles: ``Dr. Ada  Lovelace`` → (ada, lovelace)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).strip()
    if "@" in plain or not plain:
        return ("", plain.lower())
    words = plain.lower().split()
    simple = len(words) == 2 and all(w.replace("-", "").replace("'", "").isalpha() for w in words)
    if simple and not _TITLES.intersection(words):  # the common case, without nameparser's cost
        return (words[0], words[1])
    hn = HumanName(plain)
    first, last = hn.first.lower().strip("."), hn.last.lower()
    if not last:
        return ("", first or plain.lower())
    return (first, last)


@dataclass(slots=True)
class Known:
    """What the resolver knows about a person: name key, organization, identities by kind."""

    name: str
    key: tuple[str, str]
    org: str | None = None
    idents: dict[IdentityKind, set[str]] = field(default_factory=dict)


class Resolver:
    """Maps a source's ``PartyRef`` to a person id, creating people when nobody matches."""

    def __init__(self, conn: Connection, now: datetime, me_id: int) -> None:
        self.conn, self.now, self.me_id = conn, now, me_id
        self.by_ident: dict[tuple[str, str], int] = {}
        self.known: dict[int, Known] = {}
        self.by_last: dict[str, list[int]] = {}
        self.owner_keys: set[tuple[str, str]] = set()
        self.created: set[int] = set()
        self.name_only: dict[str, int] = {}  # a name seen without identities in this run → its person
        owner = people_store.get_person(conn, me_id)
        people = people_store.list_people(conn, include_me=True)
        for p in people:
            assert p.id is not None
            self._remember(p.id, p.name, p.org)
        for pid, idents in identities.all_identities(conn).items():
            for ident in idents:
                self._index(pid, ident)
        if owner is not None and owner.name and owner.name != "Me":
            self.owner_keys.add(name_key(owner.name))

    def _remember(self, pid: int, name: str, org: str | None) -> None:
        key = name_key(name)
        self.known[pid] = Known(name, key, org)
        if key[1]:
            self.by_last.setdefault(key[1], []).append(pid)

    def _index(self, pid: int, ident: IdentityRef) -> None:
        self.by_ident[(str(ident.kind), ident.value)] = pid
        if pid in self.known:
            self.known[pid].idents.setdefault(ident.kind, set()).add(ident.value)

    def add_owner_name(self, name: str) -> None:
        """A name the owner goes by in a source (LinkedIn profile, sent messages)."""
        if name.strip():
            self.owner_keys.add(name_key(name))

    def add_identity(self, pid: int, ident: IdentityRef, source: str, batch_id: int | None) -> bool:
        """Attach an identity unless someone holds it; True when attached (or already theirs)."""
        holder = self.by_ident.get((str(ident.kind), ident.value))
        if holder is not None:
            return holder == pid
        identities.add_identities(self.conn, [(pid, ident)], source, batch_id)
        self._index(pid, ident)
        return True

    def resolve(
        self, party: PartyRef, source: str, batch_id: int | None, org: str | None = None
    ) -> tuple[int, bool]:
        """The person this party is (and whether they were created now)."""
        pid = next(
            (p for i in party.identities if (p := self.by_ident.get((str(i.kind), i.value))) is not None),
            None,
        )
        bare = None if party.identities or not party.name else " ".join(party.name.lower().split())
        if pid is None and bare is not None:
            pid = self.name_only.get(bare)
        if pid is None and party.name:
            pid = self._by_name(party, org)
        created = pid is None
        if pid is None:
            name = party.name or next((i.raw or i.value for i in party.identities), "") or "(unknown)"
            pid = people_store.add_person(self.conn, Person(name=name, org=org), self.now)
            self._remember(pid, name, org)
            self.created.add(pid)
        if bare is not None:
            self.name_only[bare] = pid
        for ident in party.identities:
            self.add_identity(pid, ident, source, batch_id)
        self._better_name(pid, party.name)
        return pid, created

    def _better_name(self, pid: int, name: str | None) -> None:
        known = self.known.get(pid)
        if known is None or not name or pid == self.me_id:
            return
        placeholder = "@" in known.name or known.name.startswith("+") or known.name == "(unknown)"
        if placeholder and "@" not in name:
            people_store.update_person(self.conn, pid, name=name)
            self._remember(pid, name, known.org)
            self.known[pid].idents = known.idents

    def _by_name(self, party: PartyRef, org: str | None) -> int | None:
        assert party.name is not None
        key = name_key(party.name)
        if not key[1]:
            return None
        if key in self.owner_keys and not self._conflicts(self.me_id, party, None):
            return self.me_id
        cands = [pid for pid in self.by_last.get(key[1], []) if self._same_name(self.known[pid].key, key)]
        cands = [pid for pid in dict.fromkeys(cands) if not self._conflicts(pid, party, org)]
        if len(cands) != 1:
            return None  # nobody, or several people of that name: never guess
        pid = cands[0]
        if not key[0] and not (org and self.known[pid].org):
            return None  # a single word is too little evidence on its own
        return pid

    @staticmethod
    def _same_name(a: tuple[str, str], b: tuple[str, str]) -> bool:
        if a == b:
            return True
        if a[1] != b[1] or not a[0] or not b[0]:
            return False
        return len(a[0]) > 2 and len(b[0]) > 2 and fuzz.ratio(a[0], b[0]) >= 88

    def _conflicts(self, pid: int, party: PartyRef, org: str | None) -> bool:
        """Other evidence says these are different people (different keys of one kind, other employer)."""
        known = self.known.get(pid)
        if known is None:
            return True
        for kind in _EXCLUSIVE:
            theirs = known.idents.get(kind, set())
            ours = {i.value for i in party.identities if i.kind is kind}
            if theirs and ours and not theirs & ours:
                return True
        return bool(org and known.org and fuzz.token_set_ratio(org.lower(), known.org.lower()) < 60)
