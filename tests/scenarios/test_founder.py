"""A founder raising a seed round: a cofounder, a lead investor, an angel who never replies, a partner at a
fund the user mails directly (a friend copied on that thread).

What a careful person would say, and what every view must say:
- Mei, the cofounder pinned inner, is inner everywhere.
- Sara, the lead investor written with both ways every week for three months and met three times, has
  earned a close tie.
- Frank, the angel who never answered five mails, is not close, not a strong tie, and no view says both
  sides reach out with him.
- The best way to Andreessen Horowitz is the user's own tie with Marc, whom they mail directly, not an
  introduction through Katherine, who was only copied on that thread.
- Marc's reply-all is Marc writing, not Katherine: her timeline shows no mail from her on that thread.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from networks import AS_OF, ME, NOW, Contact, Mail, Met, Network
from scenario import Careful, built
from viewrules import CHECKS, problems

DAY = timedelta(days=1)
MEI = Contact(0, "cofounder", "Mei Tanaka", "mei@startup.example", "Startup")
SARA = Contact(1, "investor", "Sara Rossi", "sara@northstar.example", "Northstar Ventures")
FRANK = Contact(2, "angel", "Frank Weber", "frank@angels.example", "Weber Angels")
MARC = Contact(3, "investor", "Marc Andreessen", "marc@a16z.example", "Andreessen Horowitz")
KATHERINE = Contact(4, "friend", "Katherine Johnson", "katherine@nasa.example", "NASA")
THREAD = "Seed round deck"


def network() -> Network:
    mails: list[Mail] = []
    for k in range(26):  # Sara: twice a week, both ways, for three months
        at = NOW - (92 - 3.5 * k) * DAY
        mails.append(
            Mail(at, ME, (SARA.email,), subject="term sheet")
            if k % 2
            else Mail(at, SARA.email, (ME,), subject="diligence")
        )
    meetings = tuple(Met(NOW - d * DAY, "meeting", (SARA.email,), 60, by_hand=False) for d in (80, 45, 10))
    mails += [Mail(NOW - (60 - 12 * k) * DAY, ME, (FRANK.email,), subject="Seed round") for k in range(5)]
    for k in range(8):  # Katherine: a friend, both ways, for a year
        at = NOW - (330 - 40 * k) * DAY
        mails.append(
            Mail(at, KATHERINE.email, (ME,), subject="dinner")
            if k % 2
            else Mail(at, ME, (KATHERINE.email,), subject="dinner")
        )
    # the user writes to Marc with Katherine copied; Marc answers all; then the two of them alone
    mails.append(Mail(NOW - 30 * DAY, ME, (MARC.email,), (KATHERINE.email,), subject=THREAD))
    mails.append(
        Mail(
            NOW - 28 * DAY,
            MARC.email,
            (ME,),
            (KATHERINE.email,),
            subject=f"Re: {THREAD}",
        )
    )
    mails += [Mail(NOW - d * DAY, ME, (MARC.email,), subject="Intro call") for d in (20, 8)]
    mails += [Mail(NOW - d * DAY, MARC.email, (ME,), subject="Re: Intro call") for d in (18, 6)]
    mails += [
        Mail(
            NOW - (200 - 30 * k) * DAY,
            ME if k % 2 else MEI.email,
            (MEI.email,) if k % 2 else (ME,),
        )
        for k in range(6)
    ]
    mails.sort(key=lambda m: m.at)
    return Network(
        people=(MEI, SARA, FRANK, MARC, KATHERINE),
        mails=tuple(mails),
        meetings=meetings,
        pins={MEI.email: "inner"},
        budget=(8.0, 3.0),
        mail_format="mbox",
        cards=(MARC.email, SARA.email, FRANK.email, KATHERINE.email),
    )


def test_founder(tmp_path: Path) -> None:
    net = network()
    b = built(
        net,
        tmp_path,
        ("goal", "add", "Raise a seed round", "--role", "investor"),
        shows=(FRANK.name, KATHERINE.name, MARC.name),
    )
    say = Careful()
    say.expect(
        set(b.tiers(MEI.name).values()) == {"inner"},
        "the pinned cofounder is inner everywhere",
        b.tiers(MEI.name),
    )
    say.expect(
        b.tier(SARA.name) in ("inner", "close"),
        "three months both ways and three meetings: Sara is close",
        b.tiers(SARA.name),
    )
    say.expect(
        b.tier(FRANK.name) not in ("inner", "close"),
        "Frank never answered: not close",
        b.tiers(FRANK.name),
    )
    say.expect(
        not b.strong_in(FRANK.name),
        "Frank is not a strong tie",
        b.strong_in(FRANK.name),
    )
    say.expect(
        not b.two_sided_in(FRANK.name),
        "Frank never answered: nobody says both sides reach out",
        b.two_sided_in(FRANK.name),
    )
    intro = b.cli.json("intro", "--org", "Andreessen Horowitz", "--as-of", AS_OF)
    say.expect(
        MARC.name in intro["path"] and KATHERINE.name not in intro["path"],
        "to Andreessen Horowitz: the user's own tie with Marc, not through Katherine",
        intro["path"],
    )
    kat = b.views.shows[b.pid(KATHERINE.name)]
    from_her = [
        t["subject"]
        for t in kat["timeline"]
        if any(p["name"] == KATHERINE.name and p["role"] == "from" for p in t["participants"])
    ]
    say.expect(
        not any(THREAD in (s or "") for s in from_her),
        "Marc's reply-all is not a mail from Katherine",
        from_her,
    )
    for rule, found in problems(net, b.views, CHECKS).items():
        say.expect(False, rule, found[:3])
    say.verdict()
