"""Warm introductions: the strongest paths from the user to a person or an organization, with evidence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice, pairwise
from typing import Any

import networkx as nx

from innercircle.core.errors import NotFoundError, UserInputError
from innercircle.core.intros import (
    cost,
    days_ago,
    hops_from,
    path_strength,
    reconnect_note,
    silent_days,
    stated_close,
    warm_hop,
    warm_tie,
    warm_tier,
)
from innercircle.core.model import Goal, IdentityKind
from innercircle.core.ties.explain import explain
from innercircle.core.ties.score import Ties
from innercircle.core.ties.tiers import LONG_TAIL
from innercircle.results.intros import Closest, GoalIntro, IntroHop, IntroPath, IntroResult
from innercircle.services.people import resolve_person
from innercircle.services.runtime.workspace import Tx
from innercircle.services.ties import compute_ties
from innercircle.store import identities
from innercircle.store import intros as store
from innercircle.store import people as people_store

MAX_HOPS = 4  # longer chains are not warm any more
PATHS = 3
MIN_TIE = 0.01  # the user's own ties weaker than this are not a way in
FREE_MAIL = {"gmail.com", "googlemail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "me.com"}
_SINK = -1


@dataclass(slots=True)
class _Graphs:
    """Every known tie (``all``) and only the warm ones (``warm``): warm paths are searched for first."""

    all: nx.Graph = field(default_factory=nx.Graph)
    warm: nx.Graph = field(default_factory=nx.Graph)

    def add(self, a: int, b: int, warm: bool, **data: Any) -> None:
        self.all.add_edge(a, b, warm=warm, **data)
        if warm:
            self.warm.add_edge(a, b, warm=warm, **data)


def _graph(tx: Tx, owner: int, ties: Ties, now: datetime, names: dict[int, str]) -> _Graphs:
    """People as nodes; the user's ties and the hops between others (core.intros.hops_from: who wrote to
    whom, who met, who works where) as edges weighted by −log(strength)."""
    g = _Graphs()
    said = store.stated_ties(tx.conn)
    for pid, tie in ties.items():
        if tie.strength >= MIN_TIE:
            why = [f"your {tie.tier} tie (strength {tie.strength:.2f})", *explain(ties, pid).reasons[:1]]
            silent = None if tie.last_contact is None else silent_days(tie.last_contact, now)
            stated = stated_close(*said.get(pid, (None, None)))
            g.add(
                owner,
                pid,
                warm_tie(tie, stated),
                strength=tie.strength,
                cost=cost(tie.strength),
                evidence=why,
                tier=tie.tier,
                trend=tie.trend,
                last_contact=tie.last_contact,
                days_silent=silent,
                note=reconnect_note(tie, stated, silent),
            )
    hops = hops_from(
        store.occasions(tx.conn, now), store.organizations(tx.conn), exclude=[owner], names=names
    )
    for hop in hops.values():
        more = [f"{hop.count} shared occasions in all"] if hop.count > len(hop.evidence) else []
        ev = hop.evidence + more
        g.add(
            hop.a, hop.b, warm_hop(hop.strength), strength=hop.strength, cost=cost(hop.strength), evidence=ev
        )
    return g


def _search(g: nx.Graph, owner: int, targets: list[int], names: dict[int, str]) -> list[IntroPath]:
    """The strongest few simple paths from the owner to any of the targets."""
    targets = [t for t in targets if t in g and t != owner]
    if owner not in g or not targets:
        return []
    for t in targets:
        g.add_edge(t, _SINK, cost=0.0, strength=1.0, evidence=[])
    found: list[IntroPath] = []
    try:
        for nodes in islice(nx.shortest_simple_paths(g, owner, _SINK, weight="cost"), 50):
            nodes = nodes[:-1]
            if len(nodes) - 1 > MAX_HOPS:
                break
            found.append(_as_path(g, nodes, names))
            if len(found) >= PATHS:
                break
    except nx.NetworkXNoPath:
        pass
    finally:
        g.remove_node(_SINK)
    return found


def _as_path(g: nx.Graph, nodes: list[int], names: dict[int, str]) -> IntroPath:
    hops = [_hop(a, b, g[a][b], names) for a, b in pairwise(nodes)]
    labels = [names.get(n, f"#{n}") for n in nodes]
    text = labels[0] + "".join(
        f" →({h.strength:.2f}) {h.to_name}" + (f" ({h.note})" if h.note else "") for h in hops
    )
    warm = all(h.warm for h in hops)
    strength = path_strength(h.strength for h in hops)
    return IntroPath(ids=list(nodes), names=labels, strength=strength, hops=hops, text=text, warm=warm)


def _hop(a: int, b: int, edge: dict[str, Any], names: dict[int, str]) -> IntroHop:
    return IntroHop(
        from_id=a,
        from_name=names.get(a, f"#{a}"),
        to_id=b,
        to_name=names.get(b, f"#{b}"),
        strength=edge["strength"],
        evidence=list(edge["evidence"]),
        warm=edge["warm"],
        tier=edge.get("tier"),
        trend=edge.get("trend"),
        last_contact=edge.get("last_contact"),
        days_silent=edge.get("days_silent"),
        note=edge.get("note"),
    )


def _why_cold(hop: IntroHop) -> str:
    """Why one hop is not warm yet, in words: what to warm up before asking."""
    if hop.tier is None:
        basis = f": {hop.evidence[0]}" if hop.evidence else ""
        return (
            f"{hop.from_name} and {hop.to_name} barely know each other (strength {hop.strength:.2f}{basis})"
        )
    if hop.last_contact is None:
        contact = "no contact on record"
    else:
        contact = f"last contact {hop.last_contact:%Y-%m-%d}, {days_ago(hop.days_silent or 0)}"
    facts = f"strength {hop.strength:.2f}, {contact}"
    if not warm_tier(hop.tier):
        trend = ", and cooling" if hop.trend == "cooling" else ""
        return f"{hop.to_name} is only a {hop.tier} tie of yours{trend} ({facts})"
    return f"your {hop.tier} tie with {hop.to_name} is {hop.trend} ({facts})"


def _closest(ids: list[int], ties: Ties, names: dict[int, str]) -> list[Closest]:
    ranked = sorted(ids, key=lambda pid: -(ties[pid].strength if pid in ties else 0.0))
    return [
        Closest(
            person_id=pid,
            name=names.get(pid, f"#{pid}"),
            strength=ties[pid].strength if pid in ties else 0.0,
            tier=ties[pid].tier if pid in ties else LONG_TAIL,
        )
        for pid in ranked[:5]
    ]


def _owner(tx: Tx) -> int:
    me = people_store.get_owner(tx.conn)
    if me is None or me.id is None:
        raise UserInputError("record who you are first: innercircle init --name NAME --me EMAIL")
    return me.id


def _org_members(orgs: dict[int, str], org: str) -> tuple[str, list[int]]:
    """The organization's label and its people: exact name (any case) first, else names containing it."""
    needle = org.strip().lower()
    if not needle:
        raise UserInputError("empty organization")
    exact = [pid for pid, name in orgs.items() if name.lower() == needle]
    ids = exact or [pid for pid, name in orgs.items() if needle in name.lower()]
    label = next((orgs[i] for i in ids), org.strip())
    return label, ids


def _is_org(orgs: dict[int, str], name: str) -> bool:
    """Whether ``name`` is exactly (any case) the organization of someone in the network."""
    needle = name.strip().lower()
    return any(o.lower() == needle for o in orgs.values())


def _domain_members(tx: Tx, email: str) -> list[int]:
    domain = email.rsplit("@", 1)[-1].lower()
    if domain in FREE_MAIL:
        return []
    return [
        pid
        for pid, idents in identities.all_identities(tx.conn).items()
        if any(i.kind is IdentityKind.EMAIL and i.value.endswith("@" + domain) for i in idents)
    ]


def intro(tx: Tx, target: str | None, now: datetime, org: str | None = None) -> IntroResult:
    """The strongest warm paths to a person (id, name, email) or, with ``org``, to anyone there."""
    owner = _owner(tx)
    names = people_store.all_names(tx.conn)
    ties = compute_ties(tx, now)
    orgs = store.organizations(tx.conn)
    if org is not None:
        label, targets = _org_members(orgs, org)
        peers = targets
    elif target is None or not target.strip():
        raise UserInputError("give a person (id, name, email) or --org NAME")
    else:
        try:
            person = resolve_person(tx, target)
        except NotFoundError:
            if "@" not in target:
                if not _is_org(orgs, target):
                    raise
                return intro(tx, None, now, org=target)  # the name of an organization, not a person
            return _no_path(
                target.strip(), [], _domain_members(tx, target), ties, names, "not in your network"
            )
        assert person.id is not None
        label, targets = person.name, [person.id]
        peers = [pid for pid, o in orgs.items() if person.org and o == person.org and pid != person.id]
    return _result(lambda: _graph(tx, owner, ties, now, names), owner, label, targets, peers, ties, names)


def _result(
    graph: Callable[[], _Graphs],
    owner: int,
    label: str,
    targets: list[int],
    peers: list[int],
    ties: Ties,
    names: dict[int, str],
) -> IntroResult:
    """The answer for ``targets`` (the graph is built only when there is someone to reach): the user's own
    warm tie first; else warm paths through others (naming a cold direct tie beside them); else the direct
    cold tie; else a cold path."""
    if not targets:
        return _no_path(label, [], [], ties, names, "nobody there in your network")
    g = graph()
    closest = _closest(peers, ties, names)
    direct = _direct(g, owner, targets, names)
    warm_direct = [p for p in direct if p.warm]
    if warm_direct:
        best = warm_direct[0]
        summary = f"{_knows(best)}: write to {best.names[-1]} yourself, no introduction needed"
        return _found(label, targets, summary, best.text, warm_direct[:PATHS], closest, True, best)
    own = direct[0] if direct else None
    paths = _search(g.warm, owner, targets, names)
    if paths:
        best = paths[0]
        summary = f"warm path to {label}: {best.text} (path strength {best.strength:.2f})"
        if own is not None:
            summary += f"; {_knows_cold(own)}"
        return _found(label, targets, summary, best.text, paths, closest, True, own)
    if own is not None:
        summary = (
            f"no warm path to {label}; {_knows_cold(own)}: write to {own.names[-1]} yourself, "
            "or warm the tie up first"
        )
        return _found(label, targets, summary, own.text, [own], closest, False, own)
    paths = _search(g.all, owner, targets, names)
    if not paths:
        return _no_path(label, targets, peers, ties, names, "nobody you know is linked to them")
    best = paths[0]
    cold = "; ".join(_why_cold(h) for h in best.hops if not h.warm)
    summary = (
        f"no warm path to {label} yet; a cold path you could warm up first: {best.text} "
        f"(path strength {best.strength:.2f}) — {cold}"
    )
    return _found(label, targets, summary, best.text, paths, closest, False, None)


def _found(
    label: str,
    targets: list[int],
    summary: str,
    path: str,
    paths: list[IntroPath],
    closest: list[Closest],
    warm: bool,
    direct: IntroPath | None,
) -> IntroResult:
    """An answer with a path to show (``warm``: the paths shown are; ``direct``: the user's own tie)."""
    return IntroResult(
        target=label,
        target_ids=targets,
        found=True,
        summary=summary,
        path=path,
        paths=paths,
        closest=closest,
        warm=warm,
        direct=direct,
    )


def _direct(g: _Graphs, owner: int, targets: list[int], names: dict[int, str]) -> list[IntroPath]:
    """The user's own ties to any of the targets as one-hop paths, warm ones first, then strongest first."""
    found = [_as_path(g.all, [owner, t], names) for t in targets if t != owner and g.all.has_edge(owner, t)]
    return sorted(found, key=lambda p: (not p.warm, -p.strength, p.ids[-1]))


def _knows(direct: IntroPath) -> str:
    """'you know NAME directly (your TIER tie, strength S, last contact …)': the user's own tie."""
    hop = direct.hops[0]
    contact = (
        "no contact on record" if hop.days_silent is None else f"last contact {days_ago(hop.days_silent)}"
    )
    return f"you know {hop.to_name} directly (your {hop.tier} tie, strength {hop.strength:.2f}, {contact})"


def _knows_cold(direct: IntroPath) -> str:
    """'you know NAME directly, but …why it is not warm…'."""
    return f"you know {direct.names[-1]} directly, but {_why_cold(direct.hops[0])}"


def _no_path(
    label: str,
    targets: list[int],
    peers: list[int],
    ties: Ties,
    names: dict[int, str],
    why: str,
) -> IntroResult:
    closest = _closest(peers, ties, names)
    tail = "; closest there: " + ", ".join(f"{c.name} ({c.strength:.2f})" for c in closest) if closest else ""
    summary = f"no warm path to {label} ({why}){tail}"
    return IntroResult(
        target=label, target_ids=targets, found=False, summary=summary, path="", closest=closest
    )


def goal_intros(tx: Tx, goals: Sequence[Goal], ties: Ties, now: datetime) -> list[GoalIntro]:
    """For each organization an active goal names: the same warm paths ``intro --org`` finds."""
    wanted = [(g.text, org) for g in goals if g.done_at is None for org in g.orgs if org.strip()]
    if not wanted:
        return []
    me = people_store.get_owner(tx.conn)
    names = people_store.all_names(tx.conn)
    orgs = store.organizations(tx.conn)
    built: list[_Graphs] = []

    def graph() -> _Graphs:
        if not built:  # one graph for every target
            assert me is not None and me.id is not None
            built.append(_graph(tx, me.id, ties, now, names))
        return built[0]

    out = []
    for goal, org in wanted:
        label, targets = _org_members(orgs, org)
        if me is None or me.id is None:
            why = "record who you are first: innercircle init --me EMAIL"
            r = _no_path(label, targets, targets, ties, names, why)
        else:
            r = _result(graph, me.id, label, targets, targets, ties, names)
        out.append(
            GoalIntro(
                goal=goal,
                target=r.target,
                people=len(targets),
                found=r.found,
                summary=r.summary,
                path=r.path,
                paths=r.paths,
                closest=r.closest,
                warm=r.warm,
                direct=r.direct,
            )
        )
    return out
