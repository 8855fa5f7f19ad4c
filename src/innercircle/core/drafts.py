"""Draft follow-up messages: templates with slots filled from what is remembered (pure, no network).

A draft says only what the data holds: the last real subject of a thread with the person, or the last
event or meeting both attended (with its date), and one remembered detail. A note the user logged with an
interaction is their own record and is never quoted in a draft (docs/RULES.md, "Drafts").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from innercircle.core.model import Detail

_REPLY_PREFIX = re.compile(
    r"^\s*(((re|fw|fwd|aw|wg|sv|vs|tr|rif|antw|odp)\s*(\[\d+\]|\(\d+\))?\s*:|\[[^\]]{1,40}\])\s*)+",
    re.IGNORECASE,
)
_TITLES = {"dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sir", "dame"}
# the detail kinds that make a good opening line, most personal first (ties of equal date)
_HOOK_KINDS = ("family", "challenge", "achievement", "passion", "note", "birthday")
RECENT_DAYS = (
    365  # a time-bound detail (a note, a challenge, news) this far from today is still worth asking about
)
BIRTHDAY_AFTER_DAYS = 14  # a birthday this recently passed is worth a belated word
SUBJECT_WORDS = (2, 10)  # a real subject has this many words (fewer says nothing; more is a pasted body)

# what a thread with the person can be: mail or messages; what both attend: a meeting, a call, an event
THREAD = "thread"
EVENT = "event"
MEETING = "meeting"
CALL = "call"


@dataclass(frozen=True, slots=True)
class Shared:
    """The last thing the user and the person shared, as a draft may name it.

    ``kind`` is ``thread`` (a mail or message thread; ``title`` is its real subject), ``event`` (an event
    both attended; ``title`` is the event's), ``meeting`` or ``call`` (``title``: the meeting's real
    subject, when it has one). ``on`` is the day it happened, on the owner's calendar; ``by_them``: the
    person wrote that message (a reply thanks them for their note only then).
    """

    kind: str
    on: date
    title: str | None = None
    by_them: bool = False


_THREAD_CHANNELS = ("email", "message", "sms")
_MET_AT = re.compile(r"^met (you |them )?at\s+", re.IGNORECASE)  # "Met at PyData" logged for the event
_TOGETHER = {"meeting": MEETING, "call": CALL, "event": EVENT}


def last_shared(
    rows: Sequence[tuple[str, str | None, datetime, bool]],
    event: tuple[str, datetime] | None,
    zone: tzinfo,
) -> Shared | None:
    """The newest thing the user and a person shared, as a draft may name it.

    ``rows``: (channel, subject, at, by them) of the mail and messages between them (by them: the
    person wrote it) and the meetings, calls and events they had; ``event``: (title, start) of the last event in the events list both attended. A
    thread counts only with a real subject (``real_subject``); a meeting, call or event counts with or
    without one. The newest day wins; on one day the listed event, then an event, a meeting or call, a
    thread (the day's event is what both remember); days
    are the owner's, in ``zone``. Notes logged with an interaction are never among the rows.
    """
    found: list[tuple[date, int, datetime, Shared]] = []
    for channel, subject, at, by_them in rows:
        day = at.astimezone(zone).date()
        if channel in _THREAD_CHANNELS:
            real = real_subject(subject)
            if real is not None:
                found.append((day, 0, at, Shared(THREAD, day, real, bool(by_them))))
        elif channel in _TOGETHER:
            kind = _TOGETHER[channel]
            title = real_subject(subject)
            if kind == EVENT:
                title = _MET_AT.sub("", clean_subject(subject) or "") or None
            found.append((day, 2 if kind == EVENT else 1, at, Shared(kind, day, title)))
    if event is not None and event[0].strip():
        day = event[1].astimezone(zone).date()
        found.append((day, 3, event[1], Shared(EVENT, day, event[0].strip())))
    return max(found, key=lambda f: f[:3])[3] if found else None


@dataclass(slots=True)
class DraftFacts:
    """What a draft may use: the person, the last thing shared, remembered details."""

    name: str
    today: date
    days_since: int | None = None
    last: Shared | None = None  # the newest of: a thread's real subject, an event or meeting together
    details: list[Detail] = field(default_factory=list)
    about: Detail | None = None  # the detail the follow-up is about (birthday, achievement, ask)
    sender: str | None = None  # the user's name, to sign with


def first_name(name: str) -> str:
    """The name to greet someone by: the first word that is not a title (or an email's local part)."""
    name = name.strip()
    if "@" in name and " " not in name:
        name = re.split(r"[._+-]", name.split("@", 1)[0])[0]
    words = [w for w in name.replace(",", " ").split() if w.lower() not in _TITLES]
    return (words[0] if words else name or "there").strip().capitalize() if words else "there"


def clean_subject(subject: str | None) -> str | None:
    """A subject line without Re:/Fwd: prefixes, [tags] and surrounding quotes; None when empty."""
    if not subject:
        return None
    s = _REPLY_PREFIX.sub("", subject).strip().strip("\"'").strip()
    return s or None


# subjects that only arrange a meeting or greet say nothing worth quoting back
_LOGISTICS = re.compile(
    r"\b(late|lunch|dinner|coffee|call me|catch[- ]?up|catching up|quick (call|question|chat)|meeting|"
    r"reschedul\w*|invitation|invite|accepted|declined|tentative|zoom|teams|running|on my way|"
    r"hello|hi|hey|thanks|thank you|question|ping|meet you|meeting you|stay in touch|intro(duction)?|"
    r"happy (birthday|new year|holidays|anniversary)|congrat\w*|good luck|welcome|greetings)\b",
    re.IGNORECASE,
)
# subjects a machine wrote: out-of-office answers, bounces, read receipts, calendar answers, notifications
_AUTOMATIC = re.compile(
    r"^(automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|out of (the )?office|abwesenheit|"
    r"undeliverable|undelivered|delivery (status|failure|has failed|notification)|mail delivery|"
    r"returned mail|failure notice|read( receipt)?\s*:|accepted\s*:|declined\s*:|tentative\w*\s*:|"
    r"(updated )?invitation\s*:|cancel+ed( event)?\s*:|new event\s*:|notification\s*:|reminder\s*:|"
    r"\(?no subject\)?$|kein betreff$|your (order|receipt|invoice|account|password|subscription)\b|"
    r"verify|confirm your|unsubscribe|newsletter|noreply|no-reply)",
    re.IGNORECASE,
)


def real_subject(subject: str | None) -> str | None:
    """The subject of a thread when it is a real one, else None (the rule in docs/RULES.md, "Drafts").

    Real: once Re:/Fwd:-style prefixes, [tags] and quotes are removed it is not empty, has letters,
    has 2 to 10 words (one word says nothing; more is a message body pasted as a subject), was not
    written by a machine (an out-of-office answer, a bounce, a read receipt, a calendar answer or
    invitation, a notification) and does not only arrange a meeting or greet ("Lunch?", "Running late",
    "Happy birthday").
    """
    s = clean_subject(subject)
    if s is None or not re.search(r"[^\W\d_]", s):
        return None
    low, high = SUBJECT_WORDS
    if not low <= len(s.split()) <= high or _AUTOMATIC.search(s) or _LOGISTICS.search(s):
        return None
    return s.rstrip(".!?;:, ")


def _phrase(text: str) -> str:
    """A remembered detail as a clause: no trailing full stop."""
    return text.strip().rstrip(".!").strip()


def _inline(text: str) -> str:
    """A clause to use mid-sentence: "Rock climbing" → "rock climbing" (acronyms and names like "GridTech"
    or "AI" keep their capitals)."""
    text = _phrase(text)
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text


_FAMILY_LIST = re.compile(
    r"^\s*(children|kids|sons?|daughters?|partner|wife|husband|spouse)\s*:\s*(.+)$", re.I
)


def _names(listing: str) -> str | None:
    """ "Mia (13), Leo (6), Ines (2)" → "Mia, Leo and Ines" (None when nothing name-like is there)."""
    names = [re.sub(r"\s*\([^)]*\)", "", part).strip() for part in listing.split(",")]
    names = [n for n in names if n]
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


_ASKED = re.compile(
    r"^(they\s+|she\s+|he\s+)?(asked|asks|wants|wanted|would like)(\s+(about|for|to))?\s+", re.I
)


def _topic(text: str) -> str:
    """What someone asked for, without a leading "asked about" (the sentence says it already)."""
    return _ASKED.sub("", _phrase(text)) or _phrase(text)


def _detail_day(d: Detail) -> date | None:
    """The day a detail is about (its date), else the day it was remembered."""
    return d.on or (d.created_at.date() if d.created_at is not None else None)


def _last_birthday(on: date, today: date) -> date:
    """The latest yearly recurrence of ``on`` on or before ``today`` (29 February: 28 February)."""
    for year in (today.year, today.year - 1):
        try:
            d = on.replace(year=year)
        except ValueError:
            d = date(year, 2, 28)
        if d <= today:
            return d
    return date(today.year - 1, on.month, min(on.day, 28))


def hook_detail(facts: DraftFacts) -> tuple[Detail, str] | None:
    """The remembered detail a draft mentions, with its sentence; None when none qualifies.

    Qualifies (never the detail the follow-up is already about, never an ask, which has its own line,
    never one remembered after today): a list of family names, or a passion (any age); a birthday passed
    in the last 14 days; a note, a challenge, news (achievement) or a free-text family detail whose day
    (its date, else when it was remembered) is within a year of today. Of those, the one whose day is
    nearest today wins (the more personal kind on a tie).
    """
    best: tuple[tuple[int, int], Detail, str] | None = None
    for d in facts.details:
        if d is facts.about or d.kind not in _HOOK_KINDS:
            continue
        if d.created_at is not None and d.created_at.date() > facts.today:
            continue
        line = _line(d, facts.today)
        if line is None:
            continue
        day = _last_birthday(d.on, facts.today) if d.kind == "birthday" and d.on else _detail_day(d)
        distance = abs((facts.today - day).days) if day is not None else 10 * RECENT_DAYS
        key = (distance, _HOOK_KINDS.index(d.kind))
        if best is None or key < best[0]:
            best = (key, d, line)
    return None if best is None else (best[1], best[2])


def _line(d: Detail, today: date) -> str | None:
    """The sentence a draft says about detail ``d`` on ``today``, or None when it does not qualify."""
    text = _inline(d.text)
    if not text:
        return None
    if d.kind == "birthday":
        if d.on is None:
            return None
        ago = (today - _last_birthday(d.on, today)).days
        return "I hope you had a lovely birthday." if 0 < ago <= BIRTHDAY_AFTER_DAYS else None
    listed = _FAMILY_LIST.match(d.text) if d.kind == "family" else None
    names = _names(listed.group(2)) if listed else None
    if names:
        verb = "are" if " and " in names else "is"
        return f"I hope {names} {verb} doing well."
    if d.kind == "passion":
        return f"I hope you are still finding time for {text}."
    day = _detail_day(d)
    if day is None or abs((today - day).days) > RECENT_DAYS:
        return None  # an old or undated note may no longer be true: not asked about
    if d.kind == "challenge":
        return f"Last time you mentioned {text} — how is that going?"
    if d.kind == "achievement":
        return f"I was so glad to hear your news: {_yours(text)}."
    return f"You mentioned: {text} — how is that going?"


def _hook(facts: DraftFacts) -> str | None:
    found = hook_detail(facts)
    return None if found is None else found[1]


_PAST = {
    "became",
    "gave",
    "won",
    "got",
    "made",
    "took",
    "wrote",
    "ran",
    "led",
    "built",
    "began",
    "sold",
    "spoke",
}


def _yours(text: str) -> str:
    """News remembered about them, said to them: "ran their first marathon" → "ran your first marathon"."""
    return re.sub(r"\btheir\b", "your", text)


_PASSIVE = {
    "promoted",
    "appointed",
    "elected",
    "named",
    "hired",
    "awarded",
    "nominated",
    "selected",
    "chosen",
}


def _heard(news: str) -> str:
    """ "Became Head of Engineering" → "I just heard that you became Head of Engineering."; "promoted to
    Partner" → "… that you were promoted to Partner."; "ran their first marathon" → "… your first …"."""
    news = _yours(news)
    first = news.split(" ", 1)[0].lower()
    if first in _PASSIVE:
        return f"I just heard that you were {_inline(news)}."
    if first.endswith("ed") or first in _PAST:
        return f"I just heard that you {_inline(news)}."
    return f"I just heard the news: {_inline(news)}."


def _ask(facts: DraftFacts) -> str | None:
    for d in facts.details:
        if d.kind == "ask" and d is not facts.about:
            return f"I have not forgotten what you asked about: {_topic(d.text)}."
    return None


def _day(on: date, today: date) -> str:
    """ "17 November" (with the year when it is not this year's)."""
    return f"{on.day} {on:%B}" + ("" if on.year == today.year else f" {on.year}")


def _quoted(title: str | None) -> str | None:
    subject = real_subject(title)
    return None if subject is None else f"“{subject}”"


def _subject(facts: DraftFacts) -> str | None:
    """The quoted real subject of the last thread, when the last thing shared was a thread."""
    last = facts.last
    return _quoted(last.title) if last is not None and last.kind == THREAD else None


def _last_time(facts: DraftFacts) -> str | None:
    """When the two last met or talked, to follow "since": "we saw each other at PyData on 3 June",
    "our meeting on 3 June about “Grid pilot data”" (None for a thread, or nothing shared)."""
    last = facts.last
    if last is None or last.kind == THREAD:
        return None
    when = _day(last.on, facts.today)
    if last.kind == EVENT:
        return f"we saw each other at {last.title.strip() if last.title else 'the event'} on {when}"
    about = _quoted(last.title)
    tail = f" about {about}" if about else ""
    return f"our {'call' if last.kind == CALL else 'meeting'} on {when}{tail}"


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def draft_for(kind: str, facts: DraftFacts) -> str:
    """A short, warm message for a follow-up of this kind, ready to edit and send."""
    hi = f"Hi {first_name(facts.name)},"
    about = _phrase(facts.about.text) if facts.about else ""
    subject = _subject(facts)
    if kind == "birthday":
        body = "Happy birthday! I hope the year ahead brings you plenty of good things."
        body = _join(body, _hook(facts), "Let's celebrate with a coffee soon — my treat.")
    elif kind == "anniversary":
        body = f"Thinking of you today — happy anniversary ({about}). Here's to many more."
    elif kind == "achievement":
        body = f"{_heard(about)} Congratulations — that is well deserved!"
        body = _join(body, "I would love to hear how it came about when you have a moment.")
    elif kind == "ask":
        body = (
            f"You asked me about {_topic(about)}. I have been looking into it and wanted to get back to you."
        )
        body = _join(body, _hook(facts), "Do you have time for a quick call this week?")
    elif kind == "reply":
        theirs = subject is not None and facts.last is not None and facts.last.by_them
        thanks = f"Thank you for your note about {subject}" if theirs else "Thank you for getting in touch"
        body = _join(
            f"{thanks}, and I am sorry to be so slow to reply.",
            _hook(facts),
            _ask(facts),
            "I would be glad to talk — would a short call this week suit you?",
        )
    elif kind == "new":
        body = _join(_met(facts, subject), _hook(facts), _ask(facts))
        body = _join(body, "I'd love to stay in touch — would a coffee or a short call suit you?")
    else:
        body = _catch_up(facts, subject)
    sign = f"Best,\n{first_name(facts.sender)}" if facts.sender else "Best,"
    return f"{hi}\n\n{body}\n\n{sign}"


def _met(facts: DraftFacts, subject: str | None) -> str:
    """The first line to a new contact: where they met, or what they wrote about."""
    if subject:
        return f"It was great to meet you, and I keep coming back to our conversation about {subject}."
    last = facts.last
    if last is not None and last.kind == EVENT:
        where = last.title.strip() if last.title else "the event"
        return f"It was great to meet you at {where} on {_day(last.on, facts.today)}."
    if last is not None and last.kind == CALL:
        return f"It was great to talk on {_day(last.on, facts.today)}."
    if last is not None and last.kind == MEETING:
        return f"It was great to meet you on {_day(last.on, facts.today)}."
    return "It was great to meet you."


def _catch_up(facts: DraftFacts, subject: str | None) -> str:
    """A catch-up note for a due, overdue or cooling tie."""
    long = facts.days_since is not None and facts.days_since > 60
    opener = "It has been far too long" if long else "It has been a little while"
    where = _last_time(facts)
    if subject:
        opener += f" since we last {'caught up' if long else 'spoke'}, and I was just thinking about"
        opener += f" our conversation about {subject}."
    elif where:
        opener += f" since {where}."
    else:
        opener += f" since we last {'caught up' if long else 'spoke'}."
    close = "Are you free for a coffee or a call in the next couple of weeks? I would love to hear your news."
    return _join(opener, _hook(facts), _ask(facts), close)
