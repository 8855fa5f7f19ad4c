"""A new user: a fresh database, a LinkedIn export, a few hundred mails and one meeting logged by hand.

What a careful person would say of it, and what every view must say:
- One 45-minute meeting with Grace does not make her inner or close; one 20-minute call with Alan
  does not either.
- The 25 sales pitches the user never answered are not their networking: no pitcher is active, none is a
  "new contact" in the health signs, and they are no reason to slow down.
- Katherine answered within three days: nobody calls her one-sided.
- The colleague the user has written with for months, both ways, is the one earned close tie; the rest
  of a new user's network is active, known or tail. LinkedIn connections never contacted are tail.
- With no events and an hour of networking a week against a 5-hour budget, nothing says slow down.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from networks import ME, NOW, Contact, Mail, Network
from scenario import Careful, built
from tests.conftest import SAMPLES, needs_samples
from viewrules import CHECKS, problems

LINKEDIN_HEADER = (
    SAMPLES / "linkedin-export-headers-only/TuckerRasbury+02_VisualizingMyLinkedinNetwork/Connections.csv"
)

DANA = Contact(0, "colleague", "Dana Novak", "dana@acme.example", "Acme")
TEAM = [
    Contact(i, "teammate", n, f"{n.split()[0].lower()}@acme.example", "Acme")
    for i, n in ((1, "Tomas Berg"), (2, "Mei Tanaka"), (3, "Ivan Costa"))
]
KATHERINE = Contact(4, "friend", "Katherine Johnson", "katherine@nasa.example", "NASA")
PITCHERS = [
    Contact(10 + i, "cold", f"Sales Rep{i}", f"rep{i}@vendor{i}.example", f"Vendor {i}") for i in range(25)
]
GRACE, ALAN = "Grace Hopper", "Alan Turing"  # LinkedIn connections without an address


def linkedin(folder: Path) -> Path:
    """Connections.csv: a real export's preamble and header, then 40 connections (most without email)."""
    head = LINKEDIN_HEADER.read_text(encoding="utf-8")
    rows = [
        "Grace,Hopper,https://www.linkedin.com/in/grace,,US Navy,Rear Admiral,07 Feb 2026",
        "Alan,Turing,https://www.linkedin.com/in/alan,,NPL,Scientist,12 Mar 2025",
        "Katherine,Johnson,https://www.linkedin.com/in/kj,katherine@nasa.example,NASA,Mathematician,1 Jun 2024",
        "Dana,Novak,https://www.linkedin.com/in/dana,,Acme,Engineer,15 Jan 2026",
    ]
    rows += [
        f"Conn{i},Person{i},https://www.linkedin.com/in/c{i},,Firm {i},Analyst,0{1 + i % 9} Jan 2025"
        for i in range(36)
    ]
    path = folder / "Connections.csv"
    path.write_text(head.rstrip("\n") + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def network(folder: Path) -> Network:
    day = timedelta(days=1)
    mails: list[Mail] = []
    # eight months with Dana, both ways, a few times a week
    for k in range(100):
        at = NOW - 240 * day + k * 2.3 * day
        mails.append(
            Mail(at, ME, (DANA.email,), subject=f"build {k}")
            if k % 2
            else Mail(at, DANA.email, (ME,), subject=f"re: build {k}")
        )
    # the team thread: the user writes to Dana, the team copied; Tomas answers all twice
    team = tuple(c.email for c in TEAM)
    mails += [
        Mail(NOW - (100 - 7 * k) * day, ME, (DANA.email,), team, subject=f"standup {k}") for k in range(12)
    ]
    mails += [
        Mail(
            NOW - (60 - 20 * k) * day,
            TEAM[0].email,
            (ME,),
            (DANA.email, TEAM[1].email),
            subject="re: standup",
        )
        for k in range(2)
    ]
    # Katherine: three mails by the user, her answer three days after the first
    mails += [Mail(NOW - d * day, ME, (KATHERINE.email,), subject="coffee?") for d in (50, 36, 19)]
    mails.append(Mail(NOW - 47 * day, KATHERINE.email, (ME,), subject="re: coffee?"))
    # 25 cold pitches, one or two each, never answered
    mails += [
        Mail(NOW - (3 + 2 * i + j) * day, c.email, (ME,), subject="Quick question about your stack")
        for i, c in enumerate(PITCHERS)
        for j in range(1 + i % 2)
    ]
    mails.sort(key=lambda m: m.at)
    return Network(
        people=(DANA, *TEAM, KATHERINE, *PITCHERS),
        mails=tuple(mails),
        budget=(5.0, 3.0),
        mail_format="mbox",
        extra_files=(linkedin(folder),),
    )


@needs_samples()
def test_new_user(tmp_path: Path) -> None:
    net = network(tmp_path)
    b = built(
        net,
        tmp_path,
        ("log", "meeting", GRACE, "--at", f"{NOW - timedelta(days=6):%Y-%m-%dT10:00}", "--minutes", "45"),
        ("log", "call", ALAN, "--at", f"{NOW - timedelta(days=4):%Y-%m-%dT15:00}", "--minutes", "20"),
        shows=(GRACE, ALAN, KATHERINE.name),
    )
    say = Careful()
    for name in (GRACE, ALAN):
        said = b.tiers(name)
        say.expect(
            not {"inner", "close"} & set(said.values()),
            f"one meeting or call does not make {name} close",
            said,
        )
    for c in PITCHERS:
        say.expect(
            b.tier(c.name) in ("known", "tail"),
            f"{c.name} only pitched, never answered: not active",
            b.tiers(c.name),
        )
    new = {p["name"] for s in b.views.health["signs"] for p in s["people"] if "new contact" in p["why"]}
    say.expect(not new & {c.name for c in PITCHERS}, "unanswered pitches are not new contacts", sorted(new))
    say.expect(
        not b.one_sided_in(KATHERINE.name),
        "Katherine answered: not one-sided",
        b.one_sided_in(KATHERINE.name),
    )
    say.expect(
        b.tier(DANA.name) in ("inner", "close"),
        "months of mail both ways with Dana: close",
        b.tiers(DANA.name),
    )
    connections = [r for r in b.views.ties if r["name"].startswith("Conn")]
    say.expect(
        len(connections) == 36 and {r["tier"] for r in connections} == {"tail"},
        "the 36 connections never contacted are tail",
        sorted({r["tier"] for r in connections}),
    )
    verdict = b.views.health["verdict"]
    say.expect(
        not any(w in verdict.lower() for w in ("slow down", "over-networking")),
        "under budget: no slow down",
        verdict,
    )
    for rule, found in problems(net, b.views, CHECKS).items():
        say.expect(False, rule, found[:3])
    say.verdict()
