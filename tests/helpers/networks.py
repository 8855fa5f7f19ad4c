"""Small personal networks for the property suite: a plan (plain data), the real files it is written as, the
real CLI that imports it, and what the plan itself says each person's evidence is.

A plan is drawn by :func:`networks` (a hypothesis strategy): 1–200 people, each with one kind of
relationship to the user (mail both ways, mail the user sends and nobody answers, cold inbound mail the user
never answered, one meeting, a card and nothing else, a co-recipient of someone else's mail, …), group
mail with cc, meetings and calls, pins and closeness ratings, remembered details, a budget and attended
events. :func:`build` writes it as the files a user would import (the generic interactions CSV, an mbox
made with the stdlib ``email`` package, a vCard) and runs ``init``, ``import``, ``log``, ``pin``,
``remember``, ``budget set`` and ``event`` through the real CLI on a real SQLite file.

:func:`evidence` reads the plan, never the product, with the counting conventions of docs/RULES.md: *by
you* is mail or a call the user started, or a meeting (face to face, both sides were there); *by them* is
mail or a call the other person started, or a meeting; being a co-recipient of someone else's mail is
neither; *contact days* are distinct UTC calendar days with an interaction by you or by them.
"""

from __future__ import annotations

import csv
import json
import mailbox
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

# every view is asked "as of" this moment; every planned interaction is before it
NOW = datetime(2026, 11, 20, tzinfo=UTC)
AS_OF = "2026-11-20"
ME = "robin@home.example"
ME_NAME = "Robin Example"
TIERS = ("inner", "close", "active", "known", "tail")
RANK = {t: i for i, t in enumerate(TIERS)}  # 0 is the highest tier
# what a tier needs of two-way contact (docs/RULES.md): contact days and the days they span
INNER_DAYS, INNER_SPAN = 10, 56
CLOSE_DAYS, CLOSE_SPAN = 5, 28
CAPS = {"inner": 5, "close": 15, "active": 50, "known": 150}  # cumulative: at most 15 inner+close, …
WORD_CLOSENESS = 0.5  # a closeness rating at least this is the user's word for inner or close

PROPERTY_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

FIRST = [
    "Ada",
    "Alan",
    "Grace",
    "Katherine",
    "Marc",
    "Dana",
    "Frank",
    "Eve",
    "Yan",
    "Lena",
    "Omar",
    "Priya",
    "Tomas",
    "Mei",
    "Ivan",
    "Sara",
    "Kofi",
    "Nina",
    "Raul",
    "Ines",
]
LAST = [
    "Hopper",
    "Turing",
    "Johnson",
    "Reyes",
    "Okafor",
    "Novak",
    "Berg",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Tanaka",
    "Kowalski",
    "Silva",
    "Park",
    "Mensah",
    "Rossi",
    "Dubois",
    "Costa",
    "Weber",
    "Ahmed",
]


@dataclass(frozen=True)
class Contact:
    """One person of the plan (a generated name and address unless given)."""

    index: int
    kind: str  # the relationship the plan gives them (KINDS), or a scenario's word for it
    full_name: str = ""
    address: str = ""
    org: str = ""

    @property
    def name(self) -> str:
        return (
            self.full_name
            or f"{FIRST[self.index % len(FIRST)]} {LAST[(self.index // len(FIRST)) % len(LAST)]}"
        )

    @property
    def email(self) -> str:
        domain = "cold.example" if self.kind.startswith("cold") else "example.org"
        return self.address or f"p{self.index}@{domain}"


@dataclass(frozen=True)
class Mail:
    """One message: the sender (``ME`` for the user), its To and Cc addresses."""

    at: datetime
    sender: str
    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    subject: str = "hello"
    channel: str = "email"  # email or message (message only in the CSV)


@dataclass(frozen=True)
class Met:
    """A meeting or call: logged by hand (``log``) or a row of the interactions CSV."""

    at: datetime
    channel: str  # meeting or call
    who: tuple[str, ...]
    minutes: int
    by: str = "me"  # who started it: me or them (a meeting is both sides either way)
    by_hand: bool = True


@dataclass(frozen=True)
class Attended:
    """An event the user added and attended."""

    title: str
    at: datetime
    hours: float


@dataclass
class Network:
    """A plan of a personal network, as plain data."""

    people: tuple[Contact, ...]
    mails: tuple[Mail, ...] = ()
    meetings: tuple[Met, ...] = ()
    pins: dict[str, str] = field(default_factory=dict)  # email -> tier
    closeness: dict[str, float] = field(default_factory=dict)  # email -> 0..1
    details: tuple[tuple[str, str, str], ...] = ()  # (email, text, kind)
    budget: tuple[float, float] | None = None  # hours per week, events per month
    events: tuple[Attended, ...] = ()
    mail_format: str = "csv"  # csv, mbox or both (the first half of the mail in each)
    cards: tuple[str, ...] = ()  # emails also written to a vCard
    extra_files: tuple[Path, ...] = ()  # more files to import (a LinkedIn export in the scenarios)

    def person(self, email: str) -> Contact:
        return next(c for c in self.people if c.email == email)

    def describe(self) -> str:
        """The plan in a few lines, for a failing example's report."""
        lines = [f"{len(self.people)} people, {len(self.mails)} mails, {len(self.meetings)} meetings/calls"]
        known = evidence(self)
        for c in self.people[:40]:
            ev = known[c.email]
            lines.append(
                f"  {c.name} <{c.email}> {c.kind}: by you {len(ev.by_you)} d, by them {len(ev.by_them)} d, "
                f"{len(ev.days)} contact days over {ev.span} d"
                + (f", pin {self.pins[c.email]}" if c.email in self.pins else "")
                + (f", closeness {self.closeness[c.email]}" if c.email in self.closeness else "")
            )
        if self.budget:
            lines.append(f"  budget {self.budget[0]} h/week, {self.budget[1]} events/month")
        lines += [f"  event {e.title} {e.at:%Y-%m-%d} {e.hours} h" for e in self.events]
        return "\n".join(lines)


# ---- evidence, from the plan ------------------------------------------------------------------------


@dataclass
class Evidence:
    """What the plan holds about one person, counted as docs/RULES.md counts."""

    by_you: set[date] = field(default_factory=set)
    by_them: set[date] = field(default_factory=set)
    copied: int = 0  # mails where they were only a co-recipient of someone else's mail
    spoke: bool = False  # a meeting or call with them (not only mail)

    @property
    def days(self) -> set[date]:
        return self.by_you | self.by_them

    @property
    def span(self) -> int:
        return (max(self.days) - min(self.days)).days if self.days else 0

    @property
    def two_way(self) -> bool:
        return bool(self.by_you) and bool(self.by_them)

    def earns(self, days: int, span: int) -> bool:
        return self.two_way and len(self.days) >= days and self.span >= span

    @property
    def cold_only(self) -> bool:
        """Only mail from them: the user never wrote, called or met them, nor they called."""
        return bool(self.by_them) and not self.by_you and not self.spoke


def evidence(net: Network) -> dict[str, Evidence]:
    """Each planned person's evidence (by email)."""
    ev: dict[str, Evidence] = {c.email: Evidence() for c in net.people}

    def get(addr: str) -> Evidence | None:
        return ev.get(addr)

    for m in net.mails:
        day = m.at.date()
        if m.sender == ME:
            for a in (*m.to, *m.cc):
                if (e := get(a)) is not None:
                    e.by_you.add(day)
            continue
        if ME not in (*m.to, *m.cc):
            continue
        if (e := get(m.sender)) is not None:
            e.by_them.add(day)
        for a in (*m.to, *m.cc):
            if a != ME and (e := get(a)) is not None:
                e.copied += 1
    for mt in net.meetings:
        for a in mt.who:
            if (e := get(a)) is None:
                continue
            e.spoke = True
            if mt.channel == "meeting" or mt.by == "me":
                e.by_you.add(mt.at.date())
            if mt.channel == "meeting" or mt.by == "them":
                e.by_them.add(mt.at.date())
    return ev


ONE_SIDED_DAYS = 180  # the window of the one-sided counts (docs/RULES.md, One-sided)


def six_months(net: Network) -> dict[str, tuple[int, int]]:
    """Each planned person's (by you, by them) over the last 180 days, counted as docs/RULES.md's
    One-sided counts: by you is a mail or call the user started to them with at most 2 recipients, or a
    meeting; by them is mail or a call they started to the user, or a meeting. Interactions, not days."""
    start = NOW - timedelta(days=ONE_SIDED_DAYS)
    out = {c.email: [0, 0] for c in net.people}
    for m in net.mails:
        if m.at < start:
            continue
        if m.sender == ME and len(m.to) + len(m.cc) <= 2:
            for a in (*m.to, *m.cc):
                if a in out:
                    out[a][0] += 1
        elif m.sender in out and ME in (*m.to, *m.cc):
            out[m.sender][1] += 1
    for mt in net.meetings:
        if mt.at < start:
            continue
        for a in mt.who:
            if a in out:
                out[a][0] += mt.channel == "meeting" or (mt.by == "me" and len(mt.who) <= 2)
                out[a][1] += mt.channel == "meeting" or mt.by == "them"
    return {k: (v[0], v[1]) for k, v in out.items()}


def near_window_edge(net: Network, email: str) -> bool:
    """Whether any interaction with them is within a day of the one-sided window's start (where a
    reading of 'the last 180 days' to the minute or to the day could differ)."""
    lo = NOW - timedelta(days=ONE_SIDED_DAYS + 1)
    hi = NOW - timedelta(days=ONE_SIDED_DAYS - 1)
    times = [m.at for m in net.mails if email in (m.sender, *m.to, *m.cc)]
    times += [m.at for m in net.meetings if email in m.who]
    return any(lo <= t <= hi for t in times)


def ceiling(net: Network, email: str, ev: Evidence) -> str:
    """The highest tier docs/RULES.md lets this person have (a pin: exactly that tier).

    Read generously where the rule leaves room, so that a tier above this is wrong on any reading: the
    user's word for active is any pin or any closeness rating; for known, any interaction at all (being
    a co-recipient included).
    """
    pin = net.pins.get(email)
    if pin is not None:
        return pin
    rated = net.closeness.get(email)
    if (rated is not None and rated >= WORD_CLOSENESS) or ev.earns(INNER_DAYS, INNER_SPAN):
        return "inner"
    if ev.earns(CLOSE_DAYS, CLOSE_SPAN):
        return "close"
    if ev.by_you or rated is not None:
        return "active"
    if ev.days or ev.copied:
        return "known"
    return "tail"


# ---- the strategy -----------------------------------------------------------------------------------

# the relationships a planned person can have with the user
KINDS = (
    "two_way",  # mail both ways (some calls), over weeks to years
    "writes_only",  # the user writes, nobody answers
    "chased",  # the user writes again and again; they answered once, within days of the first
    "cold",  # they write, the user never answers
    "cold_answered",  # they write cold, the user answers once
    "met_once",  # one meeting, nothing else
    "called_once",  # one call
    "card_only",  # in the address book, never in touch
    "copied_only",  # only a co-recipient of someone else's mail to the user
)


@dataclass(frozen=True)
class Plan:
    """One person's drawn parameters (the strategy's unit, so shrinking works per person)."""

    kind: str
    n: int  # contact days (or mails) planned
    start_ago: int  # days before NOW of the first contact
    step: int  # days between contacts
    them_first: bool
    group: bool  # also on the user's group mails (cc)
    minutes: int


plans = st.builds(
    Plan,
    kind=st.sampled_from(KINDS),
    n=st.integers(1, 30),
    start_ago=st.integers(1, 1100),
    step=st.integers(1, 40),
    them_first=st.booleans(),
    group=st.booleans(),
    minutes=st.sampled_from([15, 20, 30, 45, 60, 90]),
)


def _at(days_ago: int, minute: int) -> datetime:
    return NOW - timedelta(days=max(days_ago, 1)) + timedelta(minutes=minute % 600)


def _expand(
    net_people: list[Contact], plan_of: dict[str, Plan], hand_meetings: int
) -> tuple[list[Mail], list[Met]]:
    mails: list[Mail] = []
    meets: list[Met] = []
    copied = [c.email for c in net_people if c.kind == "copied_only"]
    senders = [c.email for c in net_people if c.kind in ("two_way", "cold", "cold_answered")]
    for c in net_people:
        p = plan_of[c.email]
        # contact k is p.step days after contact k-1, never after NOW
        days = [p.start_ago - k * p.step for k in range(p.n) if p.start_ago - k * p.step >= 1]
        if c.kind == "two_way":
            for k, ago in enumerate(days):
                theirs = (k % 2 == 0) == p.them_first
                if k % 5 == 4:
                    meets.append(
                        Met(_at(ago, k), "call", (c.email,), p.minutes, "them" if theirs else "me", False)
                    )
                elif theirs:
                    mails.append(Mail(_at(ago, k), c.email, (ME,), subject=f"re: plans {k}"))
                else:
                    mails.append(Mail(_at(ago, k), ME, (c.email,), subject=f"plans {k}"))
        elif c.kind == "writes_only":
            mails += [
                Mail(_at(ago, k), ME, (c.email,), subject=f"checking in {k}") for k, ago in enumerate(days)
            ]
        elif c.kind == "chased":
            mails += [
                Mail(_at(ago, k), ME, (c.email,), subject=f"following up {k}") for k, ago in enumerate(days)
            ]
            mails.append(Mail(_at(max(days[0] - 2, 1), 200), c.email, (ME,), subject="re: following up 0"))
        elif c.kind in ("cold", "cold_answered"):
            mails += [
                Mail(_at(ago, k), c.email, (ME,), subject=f"quick question {k}") for k, ago in enumerate(days)
            ]
            if c.kind == "cold_answered":
                mails.append(
                    Mail(_at(days[-1] - 1 if days[-1] > 1 else 1, 300), ME, (c.email,), subject="re: quick")
                )
        elif c.kind in ("met_once", "called_once"):
            by_hand = hand_meetings > 0
            hand_meetings -= by_hand
            channel = "meeting" if c.kind == "met_once" else "call"
            meets.append(
                Met(
                    _at(p.start_ago, 0),
                    channel,
                    (c.email,),
                    p.minutes,
                    "them" if p.them_first else "me",
                    by_hand,
                )
            )
    # group mail from the user: one To, the rest Cc
    group = [c.email for c in net_people if plan_of[c.email].group and c.kind != "card_only"][:6]
    if len(group) >= 2:
        for k in range(3):
            mails.append(Mail(_at(20 + 9 * k, 7), ME, (group[0],), tuple(group[1:]), subject=f"team {k}"))
    # someone's reply-all: the sender writes to the user, co-recipients copied
    if senders and copied:
        for k, sender in enumerate(senders[:3]):
            mails.append(Mail(_at(5 + 3 * k, 11), sender, (ME,), tuple(copied), subject=f"re: all {k}"))
    mails.sort(key=lambda m: m.at)
    return mails, meets


@st.composite
def networks(draw: Callable[..., Any], max_people: int = 200) -> Network:
    """A small personal network: 1–``max_people`` people of every kind, mostly small ones."""
    size = draw(st.one_of(st.integers(1, 12), st.integers(1, max_people)))
    drawn = draw(st.lists(plans, min_size=size, max_size=size))
    people = [Contact(i, p.kind) for i, p in enumerate(drawn)]
    plan_of = {c.email: p for c, p in zip(people, drawn, strict=True)}
    mails, meets = _expand(people, plan_of, hand_meetings=draw(st.integers(0, 3)))
    emails = [c.email for c in people]
    chosen = st.sampled_from(emails)
    pins = draw(st.dictionaries(chosen, st.sampled_from(TIERS), max_size=2))
    closeness = draw(
        st.dictionaries(chosen, st.sampled_from([0.1, 0.3, 0.5, 0.9]), max_size=2).map(
            lambda d: {k: v for k, v in d.items() if k not in pins}
        )
    )
    details = tuple(
        (e, f"likes {topic}", kind)
        for e, topic, kind in draw(
            st.lists(
                st.tuples(
                    chosen,
                    st.sampled_from(["sailing", "jazz", "chess"]),
                    st.sampled_from(["passion", "note"]),
                ),
                max_size=2,
                unique_by=lambda t: t[0],
            )
        )
    )
    budget = draw(st.none() | st.tuples(st.sampled_from([2.0, 5.0, 10.0]), st.sampled_from([1.0, 3.0, 6.0])))
    events = tuple(
        Attended(f"Meetup {k}", _at(ago, 18 * 60 % 600), hours)
        for k, (ago, hours) in enumerate(
            draw(st.lists(st.tuples(st.integers(2, 80), st.sampled_from([1.5, 3.0, 6.0])), max_size=2))
        )
    )
    cards = tuple(c.email for c in people if c.kind == "card_only" or (draw(st.booleans()) and c.index < 3))
    return Network(
        people=tuple(people),
        mails=tuple(mails),
        meetings=tuple(meets),
        pins=pins,
        closeness=closeness,
        details=details,
        budget=budget,
        events=events,
        mail_format=draw(st.sampled_from(["csv", "mbox", "both"])),
        cards=cards,
    )


# ---- the files --------------------------------------------------------------------------------------


def _address(net: Network, email: str) -> str:
    if email == ME:
        return formataddr((ME_NAME, ME))
    return formataddr((net.person(email).name, email))


def write_csv(net: Network, mails: list[Mail], meets: list[Met], path: Path) -> Path:
    """The generic interactions CSV: ``timestamp,from,to,channel,duration_s,id,subject`` (To joined by ';')."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["timestamp", "from", "to", "channel", "duration_s", "id", "subject"])
        for k, m in enumerate(mails):
            to = ";".join(_address(net, a) for a in (*m.to, *m.cc))
            w.writerow([m.at.isoformat(), _address(net, m.sender), to, m.channel, "", f"csv-{k}", m.subject])
        for k, mt in enumerate(meets):
            sender, to = (ME, mt.who) if mt.by == "me" or mt.channel == "meeting" else (mt.who[0], (ME,))
            w.writerow(
                [
                    mt.at.isoformat(),
                    _address(net, sender),
                    ";".join(_address(net, a) for a in to),
                    mt.channel,
                    mt.minutes * 60,
                    f"met-{k}",
                    "",
                ]
            )
    return path


def write_mbox(net: Network, mails: list[Mail], path: Path) -> Path:
    """An mbox of the messages, each made with the stdlib ``email`` package."""
    box = mailbox.mbox(str(path), create=True)
    try:
        for k, m in enumerate(mails):
            msg = EmailMessage()
            msg["From"] = _address(net, m.sender)
            msg["To"] = ", ".join(_address(net, a) for a in m.to)
            if m.cc:
                msg["Cc"] = ", ".join(_address(net, a) for a in m.cc)
            msg["Date"] = format_datetime(m.at)
            msg["Message-ID"] = f"<m{k}.{m.at:%Y%m%d%H%M}@example.org>"
            msg["Subject"] = m.subject
            msg.set_content(f"Message {k}.\n")
            box.add(mailbox.mboxMessage(msg))
        box.flush()
    finally:
        box.close()
    return path


def write_vcard(net: Network, emails: tuple[str, ...], path: Path) -> Path:
    """A vCard 3.0 file of these people."""
    cards = []
    for email in emails:
        c = net.person(email)
        first, last = c.name.split(" ", 1)
        cards.append(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{c.name}\r\nN:{last};{first};;;\r\n"
            f"EMAIL;TYPE=work:{email}\r\nORG:{c.org or f'Org {c.index % 7}'}\r\nEND:VCARD\r\n"
        )
    path.write_text("".join(cards), encoding="utf-8")
    return path


# ---- the real CLI -----------------------------------------------------------------------------------


class Cli:
    """The real CLI (typer's CliRunner on ``innercircle.cli.main:app``) on one SQLite file."""

    def __init__(self, db: Path) -> None:
        from innercircle.cli.main import app

        self.db = db
        self.app = app
        self.runner = CliRunner()

    def __call__(self, *args: str) -> str:
        r = self.runner.invoke(self.app, ["--db", str(self.db), *args], catch_exceptions=False)
        assert r.exit_code == 0, f"innercircle {' '.join(args)} -> {r.exit_code}\n{r.output}"
        return r.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json"))


def build(net: Network, folder: Path) -> Cli:
    """Write the plan's files into ``folder`` and import them with the real CLI into ``folder/net.db``."""
    folder.mkdir(parents=True, exist_ok=True)
    cli = Cli(folder / "net.db")
    cli("init", "--name", ME_NAME, "--me", ME)
    mails = list(net.mails)
    half = len(mails) // 2 if net.mail_format == "both" else (0 if net.mail_format == "mbox" else len(mails))
    by_file = [m for m in net.meetings if not m.by_hand]
    files: list[Path] = [*net.extra_files]
    # the people met by hand, pinned or remembered, and in no file, are in the address book
    seen = {a for m in mails for a in (m.sender, *m.to, *m.cc)} | {a for m in by_file for a in m.who}
    told = [*(a for m in net.meetings if m.by_hand for a in m.who), *net.pins, *net.closeness]
    hand = [a for a in (*told, *(d[0] for d in net.details)) if a not in seen]
    cards = tuple(dict.fromkeys((*net.cards, *hand)))
    if cards:
        files.append(write_vcard(net, cards, folder / "contacts.vcf"))
    mbox_mails = [m for m in mails[half:] if m.channel == "email"]
    csv_mails = mails[:half] + [m for m in mails[half:] if m.channel != "email"]
    if csv_mails or by_file:
        files.append(write_csv(net, csv_mails, by_file, folder / "interactions.csv"))
    if mbox_mails:
        files.append(write_mbox(net, mbox_mails, folder / "mail.mbox"))
    if files:
        cli("import", *map(str, files))
    for mt in net.meetings:
        if mt.by_hand:
            at = f"{mt.at:%Y-%m-%dT%H:%M}"
            cli("log", mt.channel, *mt.who, "--at", at, "--minutes", str(mt.minutes), "--by", mt.by)
    for email, tier in net.pins.items():
        cli("pin", email, tier)
    for email, value in net.closeness.items():
        cli("pin", email, "--closeness", str(value))
    for email, text, kind in net.details:
        cli("remember", email, text, "--kind", kind)
    if net.budget:
        hours, events = net.budget
        cli("budget", "set", "--hours-per-week", str(hours), "--events-per-month", str(events))
    for e in net.events:
        cli("event", "add", e.title, "--at", f"{e.at:%Y-%m-%dT%H:%M}", "--hours", str(e.hours))
        cli("event", "attend", e.title)
    return cli
