"""Tie strength over the database: scores, tiers, one person's tie (followups and intros re-exported)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from innercircle.core.errors import UserInputError
from innercircle.core.model import IdentityKind, IdentityRef
from innercircle.core.ties.explain import Explanation, explain
from innercircle.core.ties.model import Contacts, PersonFacts, TieParams
from innercircle.core.ties.score import Ties, TieScore, score_ties
from innercircle.core.ties.tiers import TIERS
from innercircle.results.ties import Tie, TieRow
from innercircle.services.runtime.workspace import Tx
from innercircle.store import identities, tie_inputs
from innercircle.store import people as people_store

PARAMS = TieParams()


@dataclass(slots=True)
class TieInputs:
    """What the scoring reads from the database, as of one moment."""

    contacts: Contacts
    facts: dict[int, PersonFacts]
    people: list[tuple[int, str, float | None, str | None, int | None]]  # id, name, closeness, pin, cadence


def load_inputs(tx: Tx, now: datetime) -> TieInputs:
    """Contacts strictly before ``now``, and what the user said about each person."""
    favours = tie_inputs.favour_counts(tx.conn, now)
    people = tie_inputs.person_facts(tx.conn)
    facts = dict.fromkeys([r[0] for r in people], PersonFacts())  # one frozen "nothing said" for most
    said = {r[0]: r for r in people if r[2] is not None or r[3] is not None}  # a closeness or a pinned tier
    for pid in said.keys() | (favours.keys() & facts.keys()):
        _id, _name, closeness, pin, _cadence = said.get(pid, (pid, "", None, None, None))
        gave, got = favours.get(pid, (0, 0))
        facts[pid] = PersonFacts(closeness=closeness, tier_pin=pin, favours_given=gave, favours_received=got)
    # the contacts of the whole database stay in memory; only those strictly before ``now`` count
    return TieInputs(tx.snapshot().contacts.before(now.timestamp()), facts, people)


def score_inputs(inputs: TieInputs, now: datetime, params: TieParams | None = None) -> Ties:
    """Every person's tie from loaded inputs (people only: not the owner, not merged-away records)."""
    return score_ties(inputs.contacts, inputs.facts, now, params or PARAMS).only(inputs.facts)


def compute_ties(tx: Tx, now: datetime, params: TieParams | None = None) -> Ties:
    """Every person's tie at ``now``, from the interactions strictly before it (the owner excluded);
    with the default parameters kept by the workspace until the next write."""
    if params is not None:
        return score_inputs(load_inputs(tx, now), now, params)
    return tx.made(("ties", now), lambda _snap: score_inputs(load_inputs(tx, now), now))


def _tie(sc: TieScore, why: Explanation, params: TieParams | None) -> dict[str, Any]:
    return {
        "strength": sc.strength,
        "tier": sc.tier,
        "trend": sc.trend,
        "cooling": sc.cooling,
        "last_contact": sc.last_contact,
        "usual_gap_days": sc.usual_gap_days,
        "contacts": sc.contacts,
        "engaged": sc.engaged,
        "half_life_days": (params or PARAMS).half_life_days,
        "components": why.components,
        "reasons": why.reasons,
        "details": why.details,
    }


def tie_result(sc: TieScore, why: Explanation, params: TieParams | None = None) -> Tie:
    """A tie score and its explanation as a result."""
    return Tie(**_tie(sc, why, params))


def tie_for_person(tx: Tx, person_id: int, now: datetime) -> Tie:
    """One person's tie at ``now`` (strength, tier, trend, components, reasons…)."""
    ties = compute_ties(tx, now)
    sc = ties.get(person_id)
    if sc is None:
        none = TieScore(person_id=person_id, strength=0.0, tier=TIERS[-1], trend="silent")
        return tie_result(none, Explanation({}, ["no tie: this is you, or a merged-away record"]))
    return tie_result(sc, explain(ties, person_id))


def tie_rows(tx: Tx, now: datetime, tier: str | None = None) -> list[TieRow]:
    """Every person with name, identities and tie, strongest first (``ties --json``)."""
    if tier is not None and tier not in TIERS:
        raise UserInputError(f"unknown tier {tier!r} (one of: {', '.join(TIERS)})")
    scores = compute_ties(tx, now)
    idents = identities.all_identities(tx.conn)
    names = people_store.all_names(tx.conn)
    return [
        TieRow(
            person_id=pid,
            name=names.get(pid, ""),
            identities=_identity_strings(idents.get(pid, [])),
            **_tie(sc, explain(scores, pid), None),
        )
        for pid, sc in sorted(scores.items(), key=lambda kv: (-kv[1].strength, kv[0]))
        if tier is None or sc.tier == tier
    ]


def _identity_strings(idents: list[IdentityRef]) -> list[str]:
    """Every identity as normalized and as imported (emails lower-cased), without repeats."""
    out: list[str] = []
    for i in idents:
        for v in (i.value, i.raw):
            v = v.strip()
            if i.kind is IdentityKind.EMAIL:
                v = v.lower()
            if v and v not in out:
                out.append(v)
    return out
