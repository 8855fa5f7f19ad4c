"""Every view holds to docs/RULES.md on generated personal networks.

Each example is a network drawn by ``networks.networks`` (1–200 people: mail both ways and with cc'd
groups, meetings and calls, cold inbound mail never answered, pins, closeness, details, a budget,
events), written as the real files a user imports and built with the real CLI on a real SQLite file;
every view's JSON is then held to each rule of ``viewrules.CHECKS`` (the rules are plain functions over
that JSON; ``test_checks_catch.py`` shows each one catches a planted contradiction). A failure names
every rule broken and what each view said, and hypothesis shrinks it to a minimal network.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from networks import PROPERTY_SETTINGS, Network, build, networks
from viewrules import CHECKS, collect, problems


def _hold(net: Network, api: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        views = collect(build(net, Path(folder)), api=api)
        broken = problems(net, views, CHECKS)
    assert not broken, "\n".join(
        [net.describe(), *(f"{rule}:\n  " + "\n  ".join(found[:6]) for rule, found in broken.items())]
    )


@PROPERTY_SETTINGS
@given(networks(max_people=12))
def test_small_networks_hold_to_the_rules(net: Network) -> None:
    """A new user's few people: every view, the web API's lists included, holds to every rule."""
    _hold(net, api=True)


@settings(PROPERTY_SETTINGS, max_examples=8)
@given(networks(max_people=200))
def test_networks_up_to_200_hold_to_the_rules(net: Network) -> None:
    """Up to Dunbar's 150 and past it: every CLI view holds to every rule."""
    _hold(net, api=False)
