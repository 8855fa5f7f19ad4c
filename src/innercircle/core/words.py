"""Counting things in plain English: "1 person", "2 people", "1 follow-up", "3 follow-ups"."""

from __future__ import annotations

# nouns whose plural is not the singular with an "s"
_IRREGULAR = {"person": "people", "reply": "replies", "activity": "activities"}
_SINGULAR = {many: one for one, many in _IRREGULAR.items()}


def plural(word: str) -> str:
    """The plural of a singular noun (``person`` → ``people``, ``tie`` → ``ties``)."""
    return _IRREGULAR.get(word, word + "s")


def singular(word: str) -> str:
    """The singular of a plural noun (``people`` → ``person``, ``ties`` → ``tie``); other words unchanged."""
    if word in _SINGULAR:
        return _SINGULAR[word]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def counted(n: float, one: str, many: str | None = None) -> str:
    """``n`` and the noun: singular for exactly one, plural otherwise ("0 people", "1 person")."""
    noun = one if n == 1 else (many or plural(one))
    return f"{n:g} {noun}" if isinstance(n, float) else f"{n} {noun}"


def unit_of(n: float, unit: str) -> str:
    """A measured value's unit given in the plural ("ties", "people"), made singular for exactly one."""
    return singular(unit) if n == 1 and unit in {"ties", "people", "contacts", "events", "days"} else unit


# an import's counts as people read them (the keys stay in the data and in --json)
_COUNT_LABELS = {
    "people_added": "new people",
    "people_matched": "people matched",
    "interactions": "interactions",
    "events": "events",
    "details": "details",
    "activities": "activities",
    "skipped": "left out",
    "warnings": "warnings",
}


def count_label(key: str, n: float = 2) -> str:
    """An import count's key (``people_added``) in words ("new people"; for ``n`` = 1 "new person")."""
    label = _COUNT_LABELS.get(key, key.replace("_", " "))
    if n != 1:
        return label
    return " ".join(
        singular(w) if w in {"people", "interactions", "events", "details", "warnings"} else w
        for w in label.split()
    )
