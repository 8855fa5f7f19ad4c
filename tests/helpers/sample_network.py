"""A small network touching every table, built through the services (for ownership and backend tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from innercircle.core.model import Event, Goal, IdentityKind, IdentityRef, Person
from innercircle.services import Workspace, logbook, plans
from innercircle.services.owner import add_me_identities
from innercircle.services.people import ensure_me
from innercircle.store import identities as identities_store
from innercircle.store import people
from innercircle.store import schema as s

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
GRACE_EMAIL = "grace.hopper@navy.example"
GRACE_PHONE = "+14155550123"


def _person(name: str, org: str, title: str, *idents: IdentityRef) -> Person:
    return Person(name=name, org=org, title=title, identities=list(idents), tags=["tech", "e;x,y"])


def build_network(ws: Workspace) -> dict[str, int]:
    """Owner, three people, interactions alone and in groups, details, favours, a goal, an event, an outcome."""
    with ws.begin() as tx:
        ensure_me(tx, NOW, "Ada Lovelace")
        add_me_identities(tx, ["ada@example.com"], NOW)
        grace = people.add_person(
            tx.conn,
            _person(
                "Grace Hopper",
                "US Navy",
                "Rear Admiral",
                IdentityRef(IdentityKind.EMAIL, GRACE_EMAIL, "Grace.Hopper@Navy.example"),
                IdentityRef(IdentityKind.PHONE, GRACE_PHONE, "(415) 555-0123"),
            ),
            NOW,
        )
        alan = people.add_person(
            tx.conn,
            _person("Alan Turing", "NPL", "Scientist", IdentityRef(IdentityKind.EMAIL, "alan@npl.example")),
            NOW,
        )
        kat = people.add_person(
            tx.conn,
            _person("Katherine Johnson", "NASA", "Mathematician", IdentityRef(IdentityKind.HANDLE, "@kj")),
            NOW,
        )
        batch = tx.conn.execute(
            insert(s.import_batches).values(
                path="contacts.vcf",
                sha256="0" * 64,
                format="vcard",
                started_at=NOW,
                finished_at=NOW,
                counts={"people": 2},
                warnings=[f"line 7: bad phone for {GRACE_EMAIL}", "line 9: photo skipped"],
            )
        ).inserted_primary_key[0]
        identities_store.add_source(tx.conn, grace, "vcard", int(batch), "card 1")
        identities_store.add_source(tx.conn, alan, "vcard", int(batch), "card 2")
        for days in (40, 20, 3):
            logbook.log_interaction(
                tx, "call", ["Grace Hopper"], NOW - timedelta(days=days), NOW, minutes=days, note="solo"
            )
        logbook.log_interaction(
            tx, "meeting", ["Grace Hopper", "Alan Turing"], NOW - timedelta(days=5), NOW, minutes=60
        )
        logbook.log_interaction(tx, "email", ["Alan Turing"], NOW - timedelta(days=2), NOW, by="them")
        logbook.log_interaction(tx, "message", ["Katherine Johnson"], NOW - timedelta(days=1), NOW)
        logbook.remember(tx, "Grace Hopper", "daughter starts university in October", NOW, kind="family")
        logbook.remember(tx, "Alan Turing", "runs marathons", NOW, kind="passion")
        logbook.add_favor(tx, "gave", "Grace Hopper", "intro to the EU lab", NOW - timedelta(days=4))
        plans.add_goal(tx, Goal(text="Raise a seed round", roles=["investor"]), NOW)
        event = Event(title="PyCon", start=NOW + timedelta(days=30), organizer=GRACE_EMAIL, topics=["python"])
        plans.add_event(tx, event, ["Grace Hopper", "Katherine Johnson"])
        plans.add_outcome(
            tx, "referral", ["Grace Hopper", "Alan Turing"], NOW - timedelta(days=1), goal="seed"
        )
        tx.conn.execute(insert(s.followup_actions).values(person_id=grace, action="done", at=NOW))
    return {"grace": grace, "alan": alan, "kat": kat}
