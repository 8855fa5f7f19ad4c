"""A job seeker: a mentor, old colleagues, a dozen hiring managers written to once, a recruiter chased.

What a careful person would say, and what every view must say:
- Priya, the mentor the user pinned inner, is inner everywhere.
- Omar, a colleague of three years written with both ways every few weeks, has gone quiet for over three
  months: a strong tie cooling. He keeps his tier while he cools, and the follow-ups name him.
- Twelve hiring managers got one mail each; two answered once. One mail is not a close relationship:
  none of them is inner or close, and none is called a strong tie.
- Lena, the recruiter the user wrote to six times without an answer, is one-sided wherever that is
  said, and no view says both sides reach out with her.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from networks import ME, NOW, Contact, Mail, Network
from scenario import Careful, built
from viewrules import CHECKS, problems

DAY = timedelta(days=1)
PRIYA = Contact(0, "mentor", "Priya Park", "priya@mentor.example", "Self")
OMAR = Contact(1, "colleague", "Omar Haddad", "omar@oldjob.example", "Oldjob")
INES = Contact(2, "colleague", "Ines Silva", "ines@oldjob.example", "Oldjob")
LENA = Contact(3, "recruiter", "Lena Moreau", "lena@talent.example", "Talent Partners")
MANAGERS = [Contact(10 + i, "hiring", f"Hiring Manager{i}", f"hm{i}@company{i}.example") for i in range(12)]


def network() -> Network:
    mails: list[Mail] = []
    # Omar: three years, both ways, every three weeks, silent for the last 100 days
    for k in range(50):
        at = NOW - (1129 - 21 * k) * DAY
        mails.append(Mail(at, ME, (OMAR.email,)) if k % 2 else Mail(at, OMAR.email, (ME,)))
    # Ines: both ways every two weeks for the last year
    for k in range(26):
        at = NOW - (360 - 14 * k) * DAY
        mails.append(Mail(at, INES.email, (ME,)) if k % 2 else Mail(at, ME, (INES.email,)))
    # Priya: a note now and then
    mails += [Mail(NOW - d * DAY, ME, (PRIYA.email,)) for d in (200, 90, 30)]
    mails.append(Mail(NOW - 28 * DAY, PRIYA.email, (ME,)))
    # one mail to each hiring manager; two answer once
    mails += [
        Mail(NOW - (40 - 2 * i) * DAY, ME, (c.email,), subject="Product role") for i, c in enumerate(MANAGERS)
    ]
    mails += [
        Mail(NOW - (37 - 2 * i) * DAY, MANAGERS[i].email, (ME,), subject="re: Product role") for i in (0, 5)
    ]
    # Lena: six mails in two months, no answer
    mails += [Mail(NOW - (70 - 11 * k) * DAY, ME, (LENA.email,), subject="Following up") for k in range(6)]
    mails.sort(key=lambda m: m.at)
    return Network(
        people=(PRIYA, OMAR, INES, LENA, *MANAGERS),
        mails=tuple(mails),
        pins={PRIYA.email: "inner"},
        budget=(6.0, 2.0),
        mail_format="both",
    )


def test_job_seeker(tmp_path: Path) -> None:
    net = network()
    b = built(
        net,
        tmp_path,
        ("goal", "add", "Find a product role", "--role", "hiring manager"),
        shows=(LENA.name, OMAR.name),
    )
    say = Careful()
    say.expect(
        set(b.tiers(PRIYA.name).values()) == {"inner"},
        "the pinned mentor is inner everywhere",
        b.tiers(PRIYA.name),
    )
    omar = next(r for r in b.views.ties if r["name"] == OMAR.name)
    say.expect(
        omar["tier"] in ("inner", "close"),
        "three years both ways: Omar keeps a strong tier while he cools",
        b.tiers(OMAR.name),
    )
    due = {r["name"] for r in b.views.followups}
    say.expect(OMAR.name in due, "the follow-ups name Omar, a strong tie gone quiet", sorted(due))
    for c in MANAGERS:
        say.expect(
            b.tier(c.name) not in ("inner", "close"),
            f"one mail does not make {c.name} close",
            b.tiers(c.name),
        )
        say.expect(not b.strong_in(c.name), f"{c.name} is not a strong tie", b.strong_in(c.name))
    say.expect(
        not b.two_sided_in(LENA.name),
        "Lena never answered: no view says both sides reach out",
        b.two_sided_in(LENA.name),
    )
    for rule, found in problems(net, b.views, CHECKS).items():
        say.expect(False, rule, found[:3])
    say.verdict()
