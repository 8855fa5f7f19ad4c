"""Draft follow-up messages: templates with slots filled from what is remembered (pure, no network)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from innercircle.core.model import Detail

_REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|sv|tr)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_TITLES = {"dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sir", "dame"}
# the detail kinds that make a good opening line, most personal first
_HOOK_KINDS = ("family", "challenge", "passion", "note")


@dataclass(slots=True)
class DraftFacts:
    """What a draft may use: the person, the last conversation, remembered details."""

    name: str
    today: date
    days_since: int | None = None
    last_subject: str | None = None
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
    """A subject line without Re:/Fwd: prefixes and surrounding quotes; None when empty."""
    if not subject:
        return None
    s = _REPLY_PREFIX.sub("", subject).strip().strip("\"'").strip()
    return s or None


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


# subjects that only arrange a meeting say nothing worth quoting back
_LOGISTICS = re.compile(
    r"\b(late|lunch|dinner|coffee|call me|catch[- ]?up|catching up|quick (call|question|chat)|meeting|"
    r"reschedul\w*|invitation|invite|accepted|declined|tentative|zoom|teams|running|on my way|"
    r"hello|hi|hey|thanks|thank you|question|ping|meet you|meeting you|stay in touch|intro(duction)?)\b",
    re.IGNORECASE,
)
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


def _hook(facts: DraftFacts) -> str | None:
    """One personal line from the newest detail of the most personal kind."""
    for kind in _HOOK_KINDS:
        for d in facts.details:
            if d.kind == kind and d is not facts.about:
                text = _inline(d.text)
                if kind == "challenge":
                    return f"Last time you mentioned {text} — how is that going?"
                if kind == "passion":
                    return f"I hope you are still finding time for {text}."
                if kind == "family":
                    return _family(d.text)
                return f"I was thinking about what you told me — {text}."
    return None


def _family(text: str) -> str:
    """A warm line about someone's family from a remembered detail."""
    listed = _FAMILY_LIST.match(text)
    names = _names(listed.group(2)) if listed else None
    if names:
        verb = "are" if " and " in names else "is"
        return f"I hope {names} {verb} doing well."
    return f"You told me about {_inline(text)} — I hope all is well."


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


def _heard(news: str) -> str:
    """ "Became Head of Engineering" → "I just heard that you became Head of Engineering." """
    first = news.split(" ", 1)[0].lower()
    if first.endswith("ed") or first in _PAST:
        return f"I just heard that you {_inline(news)}."
    return f"I just heard the news: {_inline(news)}."


def _ask(facts: DraftFacts) -> str | None:
    for d in facts.details:
        if d.kind == "ask" and d is not facts.about:
            return f"I have not forgotten what you asked about: {_topic(d.text)}."
    return None


def _quoted_subject(facts: DraftFacts) -> str | None:
    """The last conversation's subject in quotes, when it says something worth quoting back."""
    subject = clean_subject(facts.last_subject)
    if subject is None or _LOGISTICS.search(subject) or not 2 <= len(subject.split()) <= 10:
        return None
    return f"“{subject.rstrip('.!?;:, ')}”"


def _last_talk(facts: DraftFacts) -> str | None:
    subject = _quoted_subject(facts)
    return None if subject is None else f"our conversation about {subject}"


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def draft_for(kind: str, facts: DraftFacts) -> str:
    """A short, warm message for a follow-up of this kind, ready to edit and send."""
    hi = f"Hi {first_name(facts.name)},"
    about = _phrase(facts.about.text) if facts.about else ""
    talk = _last_talk(facts)
    if kind == "birthday":
        body = "Happy birthday! I hope the year ahead brings you plenty of good things."
        body = _join(body, "Let's celebrate with a coffee soon — my treat.")
    elif kind == "anniversary":
        body = f"Thinking of you today — happy anniversary ({about}). Here's to many more."
    elif kind == "achievement":
        body = f"{_heard(about)} Congratulations — that is well deserved!"
        body = _join(body, "I would love to hear how it came about when you have a moment.")
    elif kind == "ask":
        body = (
            f"You asked me about {_topic(about)}. I have been looking into it and wanted to get back to you"
        )
        body += f" — {talk}." if talk else "."
        body = _join(body, "Do you have time for a quick call this week?")
    elif kind == "reply":
        subject = _quoted_subject(facts)
        thanks = f"Thank you for your note about {subject}" if subject else "Thank you for getting in touch"
        body = _join(
            f"{thanks}, and I am sorry to be so slow to reply.",
            _ask(facts),
            "I would be glad to talk — would a short call this week suit you?",
        )
    elif kind == "new":
        met = (
            f"It was great to meet you, and I keep coming back to {talk}."
            if talk
            else "It was great to meet you."
        )
        body = _join(met, _ask(facts), "I'd love to stay in touch — would a coffee or a short call suit you?")
    else:
        body = _catch_up(facts, talk)
    sign = f"Best,\n{first_name(facts.sender)}" if facts.sender else "Best,"
    return f"{hi}\n\n{body}\n\n{sign}"


def _catch_up(facts: DraftFacts, talk: str | None) -> str:
    """A catch-up note for a due, overdue or cooling tie."""
    if facts.days_since is not None and facts.days_since > 60:
        opener = "It has been far too long since we last caught up"
    else:
        opener = "It has been a little while since we last spoke"
    opener += f", and I was just thinking about {talk}." if talk else "."
    close = "Are you free for a coffee or a call in the next couple of weeks? I would love to hear your news."
    return _join(opener, _hook(facts), _ask(facts), close)
