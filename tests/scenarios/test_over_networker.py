"""An over-networker: eight evening events in four weeks against a budget of two a month, a dozen new
faces met once, a few old friends.

What a careful person would say, and what every view must say:
- Eight events and 24 hours in four weeks against 2 events a month and 3 hours a week is over budget:
  burnout is not ok, and the verdict says to slow down or cut back.
- The people met once at an event are not inner or close.
- Every health status is what its value and thresholds say.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from networks import ME, NOW, Attended, Contact, Mail, Network
from scenario import Careful, built
from viewrules import CHECKS, problems

DAY = timedelta(days=1)
FRIENDS = [
    Contact(i, "friend", n, f"{n.split()[0].lower()}@friends.example")
    for i, n in enumerate(("Eve Lindqvist", "Yan Okafor", "Nina Dubois"))
]
EVENTS = [
    Attended(f"Founders evening {k}", NOW - (26 - 3 * k) * DAY + timedelta(hours=18), 3.0) for k in range(8)
]
MET = [f"Newface Number{k}" for k in range(16)]


def network() -> Network:
    mails: list[Mail] = []
    for c in FRIENDS:
        for k in range(12):
            at = NOW - (300 - 25 * k + c.index) * DAY
            mails.append(Mail(at, ME, (c.email,)) if k % 2 else Mail(at, c.email, (ME,)))
    mails.sort(key=lambda m: m.at)
    return Network(people=tuple(FRIENDS), mails=tuple(mails), budget=(3.0, 2.0), events=tuple(EVENTS))


def test_over_networker(tmp_path: Path) -> None:
    net = network()
    met = [
        ("event", "review", e.title, "--rating", "3", "--met", MET[2 * k], "--met", MET[2 * k + 1])
        for k, e in enumerate(EVENTS)
    ]
    b = built(net, tmp_path, *met)
    say = Careful()
    burnout = b.sign("burnout")
    say.expect(
        burnout["status"] != "ok",
        "eight events in four weeks against two a month: burnout is not ok",
        burnout,
    )
    verdict = b.views.health["verdict"].lower()
    say.expect(
        any(w in verdict for w in ("slow down", "cut back", "over-networking")),
        "the verdict says to slow down",
        verdict,
    )
    for name in MET:
        if any(r["name"] == name for r in b.views.people):
            say.expect(
                b.tier(name) not in ("inner", "close"),
                f"met {name} once at an event: not close",
                b.tiers(name),
            )
    for rule, found in problems(net, b.views, CHECKS).items():
        say.expect(False, rule, found[:3])
    say.verdict()
