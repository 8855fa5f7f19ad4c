"""Making demo people: unique names, emails, phones and LinkedIn URLs, plausible jobs."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from innercircle.core.model import IdentityKind, IdentityRef, Person
from innercircle.demo.catalog import (
    ARCHETYPES,
    AREA_CODES,
    FIRST_NAMES,
    LAST_NAMES,
    ORGS,
    OWNER_ORG,
    PERSONAL_DOMAINS,
    Org,
)
from innercircle.demo.network import OWNER_ID


def day_start(d: date) -> datetime:
    """Midnight UTC of a day."""
    return datetime.combine(d, time(0), tzinfo=UTC)


class PersonFactory:
    """Creates people with identities nobody else in the demo holds."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.people: list[Person] = []
        self._names: set[str] = set()
        self._emails: set[str] = set()
        self._urls: set[str] = set()
        self._phones = 0

    def owner(self) -> Person:
        """The demo's owner, Alex Rivera, founder of Tessellate Labs."""
        ids = [
            self._email_ref("alex@" + OWNER_ORG.domain, "Alex Rivera"),
            self._email_ref("alex.rivera@example.com", "Alex Rivera"),
            self._phone_ref(),
            self._url_ref("alex-rivera-tessellate"),
        ]
        self._names.add("Alex Rivera")
        return Person(
            name="Alex Rivera",
            id=OWNER_ID,
            org=OWNER_ORG.name,
            title="Founder & CEO",
            location="London",
            is_me=True,
            identities=ids,
            created_at=day_start(self.today - timedelta(days=3 * 365 + 30)),
        )

    def make(
        self,
        archetype: str,
        connected: bool,
        connected_at: datetime | None = None,
        org: Org | None = None,
        title: str | None = None,
        tags: tuple[str, ...] = (),
        phone: bool = False,
        work_email: bool = True,
        email: bool = True,
    ) -> Person:
        """A new person of an archetype; their id is their position in ``people`` plus one."""
        rng = self.rng
        arche = ARCHETYPES[archetype]
        first, last = self._name()
        if org is None:
            org = rng.choice([o for o in ORGS if o.sector in arche.sectors])
        slug = f"{first}.{last}".lower()
        idents: list[IdentityRef] = []
        if email:
            domain = org.domain if work_email else rng.choice(PERSONAL_DOMAINS)
            idents.append(self._email_ref(f"{slug}@{domain}", f"{first} {last}"))
        if phone:
            idents.append(self._phone_ref())
        if connected:
            idents.append(self._url_ref(f"{first}-{last}".lower()))
            if connected_at is None:
                connected_at = self.connection_date()
        person = Person(
            name=f"{first} {last}",
            id=len(self.people) + 1,
            org=org.name,
            title=title or rng.choice(arche.titles),
            location=rng.choice(("London", "London", "London", "Berlin", "Paris", "Amsterdam", "New York")),
            tags=sorted(set(arche.tags) | set(tags)),
            connected_at=connected_at if connected else None,
            identities=idents,
        )
        person.created_at = person.connected_at or day_start(self.today - timedelta(days=400))
        self.people.append(person)
        return person

    def connection_date(self, min_days: int = 20, max_days: int = 10 * 365) -> datetime:
        """When a LinkedIn connection was made: more recent ones are more common."""
        span = max_days - min_days
        days = min_days + int(span * self.rng.random() ** 1.6)
        at = day_start(self.today - timedelta(days=days))
        return at + timedelta(hours=self.rng.randint(7, 22), minutes=self.rng.randint(0, 59))

    def _name(self) -> tuple[str, str]:
        while True:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            if f"{first} {last}" not in self._names:
                self._names.add(f"{first} {last}")
                return first, last

    def _email_ref(self, address: str, name: str) -> IdentityRef:
        local, domain = address.split("@")
        n = 2
        while address in self._emails:
            address = f"{local}{n}@{domain}"
            n += 1
        self._emails.add(address)
        return IdentityRef(IdentityKind.EMAIL, address.lower(), f"{name} <{address}>")

    def _phone_ref(self) -> IdentityRef:
        i = self._phones
        self._phones += 1
        area, line = AREA_CODES[i // 100 % len(AREA_CODES)], 100 + i % 100
        return IdentityRef(IdentityKind.PHONE, f"+1{area}555{line:04d}", f"+1 ({area}) 555-{line:04d}")

    def _url_ref(self, slug: str) -> IdentityRef:
        while True:
            handle = f"{slug}-{self.rng.getrandbits(24):06x}"
            if handle not in self._urls:
                self._urls.add(handle)
                return IdentityRef(
                    IdentityKind.LINKEDIN,
                    f"linkedin.com/in/{handle}",
                    f"https://www.linkedin.com/in/{handle}",
                )


def email_of(person: Person) -> str | None:
    """A person's first email address."""
    return next((i.value for i in person.identities if i.kind is IdentityKind.EMAIL), None)


def url_of(person: Person) -> str | None:
    """A person's LinkedIn profile URL, as LinkedIn writes it."""
    return next((i.raw for i in person.identities if i.kind is IdentityKind.LINKEDIN), None)


def phone_of(person: Person) -> str | None:
    """A person's phone number (E.164)."""
    return next((i.value for i in person.identities if i.kind is IdentityKind.PHONE), None)
