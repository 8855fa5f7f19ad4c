"""What the scenario tests share: a built network and plain questions to ask its views."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from networks import AS_OF, Cli, Network, build
from viewrules import Views, collect, one_sided_claims, strong_tie_claims, tiers_by_view, two_sided_claims


@dataclass
class Built:
    """A scenario's network, the CLI on it and every view's JSON."""

    net: Network
    cli: Cli
    views: Views

    def pid(self, name: str) -> int:
        return next(r["person_id"] for r in self.views.people if r["name"] == name)

    def tiers(self, name: str) -> dict[str, str]:
        """View -> the tier it gives this person (every view that names them)."""
        pid = self.pid(name)
        return {view: tier for view, p, tier in tiers_by_view(self.views) if p == pid}

    def tier(self, name: str) -> str:
        """The person's tier in ``ties`` (the other views are held to the same by the rules)."""
        return next(r["tier"] for r in self.views.ties if r["person_id"] == self.pid(name))

    def one_sided_in(self, name: str) -> list[str]:
        pid = self.pid(name)
        return [view for view, p in one_sided_claims(self.views) if p == pid]

    def two_sided_in(self, name: str) -> list[str]:
        pid = self.pid(name)
        return [view for view, p in two_sided_claims(self.views) if p == pid]

    def strong_in(self, name: str) -> list[str]:
        pid = self.pid(name)
        return [view for view, p, _ in strong_tie_claims(self.views) if p == pid]

    def sign(self, name: str) -> dict[str, Any]:
        return next(s for s in self.views.health["signs"] if s["name"] == name)

    def json(self, *args: str) -> Any:
        return self.cli.json(*args, "--as-of", AS_OF)


def built(net: Network, folder: Path, *extra: tuple[str, ...], shows: tuple[str, ...] = ()) -> Built:
    """Write and import ``net``, run the ``extra`` CLI commands, and read every view (``show`` of the
    people named in ``shows`` besides those ``collect`` picks)."""
    cli = build(net, folder)
    for args in extra:
        cli(*args)
    views = collect(cli, api=True)
    for name in shows:
        pid = next(r["person_id"] for r in views.people if r["name"] == name)
        views.shows[pid] = cli.json("show", name, "--as-of", AS_OF)
    return Built(net, cli, views)


class Careful:
    """What a careful person would say, claim by claim: ``expect(holds, words, what the views said)``;
    ``verdict()`` fails with every claim the views contradict, not only the first."""

    def __init__(self) -> None:
        self.wrong: list[str] = []

    def expect(self, holds: bool, words: str, said: object = "") -> None:
        if not holds:
            self.wrong.append(f"{words} — the views said: {said}")

    def verdict(self) -> None:
        assert not self.wrong, "\n".join(self.wrong)
