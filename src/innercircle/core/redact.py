"""Finding and redacting the traces of a forgotten person in text: their name, e-mails, phones, handles.

``Traces.build`` turns a person's names and identities into patterns; each pattern has a label that says
what it finds without repeating it ("their name", "an e-mail address of theirs", "the name part 'Grace'").

What counts as a mention (all on Unicode NFC text; percent-encoded text such as an href is also read
decoded):

- the full name, in any letter case, its words joined by up to four separators (space, comma, dot,
  hyphen, underscore: ``Grace Hopper``, ``grace.hopper``, ``GraceHopper``, ``hopper, grace``), also as last
  word first and, for three or more words, first and last word only;
- each word of the name of three letters or more (titles such as "Mr" or "Jr" left out) as a whole word
  in any case ("Perreault", "perreault-lab", "simon's"); a word that is also an everyday English word
  (``COMMON_WORDS``: Grace, Will, Rose, Brown…) only capitalised or in capitals, as in the name ("Grace",
  "GRACE", never "with grace") — unless another person kept in the database, or an employer, has that word
  in their name: then it cannot tell the two apart and is kept (``Traces.shared`` says which and why);
- an e-mail address in any case, not as part of a longer one (``grace@x.org`` is not in ``agrace@x.org``);
- a phone number by its digits, whatever the separators, with or without its country code or a
  trunk ``0`` (``+1 415 555 0123``, ``(415) 555-0123``, ``415.555.0123``);
- a LinkedIn profile by its ``in/<slug>``, a handle or other identity as written (three characters or more).

A pattern of fewer than five fixed characters is checked in the records only, never in the raw bytes of a
database file (``Traces.for_bytes``): three letters turn up by chance in binary data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

REDACTED = "(forgotten)"

_SEP = r"[\W_]{0,4}"  # between the words of a name: ", ", " - ", ".", "_", nothing
_B, _E = r"(?<![^\W_])", r"(?![^\W_])"  # word edges where "_" counts as a separator
_TITLE_WORDS = "mr mrs ms miss mx dr prof sir dame jr sr ii iii iv phd md esq"
_TITLES = frozenset(_TITLE_WORDS.split())
# particles of a surname, and little words: part of a full name, never a name word on their own
_PARTICLE_WORDS = "von van der den de la le du da di del dos das the and"
_PARTICLES = frozenset(_PARTICLE_WORDS.split())
_PHONE_SEP = r"[\s().\-/]{0,3}"
_EMAIL_B, _EMAIL_E = r"(?<![\w.%+\-])", r"(?!\w)(?!\.\w)"
# name words that are also everyday words: redacted only where written as a name (capitalised)
_COMMON = """
will may rose mark bill grace hope joy faith april june august dawn eve ivy jack ray rich sandy
summer art guy pat sue frank earl king young brown white black green gray grey long short wood stone
hill field hall bell ward cook baker miller walker carter hunter fisher mason price rice bush lamb
fox wolf bird swan crane park lane banks sharp strong bright wise love case page sky river forest
chase cash gold silver penny holly daisy lily amber crystal ruby pearl sterling major dean sunny
noble bond best more good little small hart hunt head low lord day fair hay key new rock rocky storm
winter spring autumn sage river reed moss marsh north south east west english french german street
church chapel butler porter turner taylor parker archer bishop knight dale glen ford bank lake pond
well wells
"""
COMMON_WORDS = frozenset(_COMMON.split())
MIN_BYTES_CHARS = 5  # fixed characters a pattern needs before it is looked for in raw file bytes


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def name_words(name: str) -> list[str]:
    """The words of a name, in order (letters and digits; punctuation and spaces split them)."""
    return re.findall(r"[^\W_]+", _nfc(name))


@dataclass(frozen=True, slots=True)
class Pattern:
    """One thing to find: a regular expression (no nested repetition: linear), what it is, how long."""

    label: str
    regex: str
    fixed: int  # characters it matches literally (at least)


@dataclass(slots=True)
class Traces:
    """The patterns that find one person in text, and the words of their name that had to be kept."""

    patterns: list[Pattern]
    shared: dict[str, str] = field(default_factory=dict)  # name word -> why it is kept
    _combined: re.Pattern[str] | None = None

    @classmethod
    def build(
        cls,
        names: Iterable[str],
        identities: Iterable[tuple[str, str, str]],
        kept_names: Iterable[str] = (),
    ) -> Traces:
        """Patterns for people known by ``names`` with ``identities`` (kind, value, raw as written);
        ``kept_names`` are the names of everyone and everything that stays (their words are not redacted
        on their own)."""
        kept_words: dict[str, str] = {}
        kept_names_list = list(kept_names)
        for other in kept_names_list:
            for w in name_words(other):
                kept_words.setdefault(w.casefold(), other)
        patterns: dict[str, Pattern] = {}
        shared: dict[str, str] = {}

        def add(p: Pattern) -> None:
            patterns.setdefault(p.regex, p)

        kept_full = {_core_key(other) for other in kept_names_list}
        for name in names:
            words = name_words(name)
            core = [w for w in words if w.casefold() not in _TITLES] or words
            if _core_key(name) in kept_full:
                shared[name] = "another person kept has the same name"
            elif len(core) >= 2:
                orders = [core, [core[-1], *core[:-1]]]
                if len(core) >= 3:
                    orders += [[core[0], core[-1]], [core[-1], core[0]]]
                for order in orders:
                    regex = "(?i:" + _B + _SEP.join(re.escape(w) for w in order) + _E + ")"
                    add(Pattern("their name", regex, sum(len(w) for w in order)))
            for w in core:
                if len(w) < 3 or w.isdigit() or w.casefold() in _PARTICLES:
                    continue
                if w.casefold() in kept_words:
                    shared[w] = f"also in the name of {kept_words[w.casefold()]}, who is kept"
                    continue
                if w.casefold() in COMMON_WORDS:
                    forms = sorted({w, w.capitalize(), w.upper()})
                    regex = _B + "(?:" + "|".join(re.escape(f) for f in forms) + ")" + _E
                else:
                    regex = "(?i:" + _B + re.escape(w) + _E + ")"
                add(Pattern(f"the name part {w!r}", regex, len(w)))
        # identities first: where patterns overlap, the leftmost alternative wins, and an address must go
        # whole ("grace.hopper@x.org"), not as the name in it
        ordered = [p for kind, value, raw in identities for p in _identity_patterns(kind, value, raw)]
        ordered += sorted(patterns.values(), key=lambda p: -p.fixed)
        return cls(list({p.regex: p for p in reversed(ordered)}.values())[::-1], shared)

    def for_bytes(self) -> Traces:
        """The patterns long enough to look for in raw file bytes."""
        return Traces([p for p in self.patterns if p.fixed >= MIN_BYTES_CHARS], dict(self.shared))

    def without(self, patterns: Iterable[Pattern]) -> Traces:
        """These patterns but the given ones."""
        drop = set(patterns)
        return Traces([p for p in self.patterns if p not in drop], dict(self.shared))

    @property
    def combined(self) -> re.Pattern[str] | None:
        """One expression for every pattern (named groups say which matched); None when there are none."""
        if self._combined is None and self.patterns:
            self._combined = re.compile("|".join(f"(?P<p{i}>{p.regex})" for i, p in enumerate(self.patterns)))
        return self._combined

    def found_in(self, text: str) -> set[Pattern]:
        """The patterns this text holds, on its NFC form and decoded when percent-encoded."""
        rx = self.combined
        if rx is None or not text:
            return set()
        found: set[Pattern] = set()
        for variant in _variants(text):
            for m in rx.finditer(variant):
                assert m.lastgroup is not None
                found.add(self.patterns[int(m.lastgroup[1:])])
        return found

    def mentions(self, text: str) -> bool:
        """True when the text holds any trace."""
        rx = self.combined
        return rx is not None and bool(text) and any(rx.search(v) for v in _variants(text))

    def redact(self, text: str) -> str | None:
        """The text with every trace replaced by ``REDACTED``; None when it holds none (unchanged)."""
        rx = self.combined
        if rx is None or not text:
            return None
        nfc = _nfc(text)
        if "%" in nfc and (decoded := _nfc(unquote(nfc))) != nfc and rx.search(decoded):
            return rx.sub(REDACTED, decoded)  # an href or URL: what its encoded letters spell, decoded
        out = rx.sub(REDACTED, nfc)
        return None if out == nfc else out

    def redact_json(self, value: Any) -> tuple[Any, bool]:
        """A JSON value with traces redacted in its strings; an object's entry whose key mentions the
        person (an href, a name) is dropped whole. Returns (value, changed)."""
        if isinstance(value, str):
            new = self.redact(value)
            return (value, False) if new is None else (new, True)
        if isinstance(value, list):
            items = [self.redact_json(v) for v in value]
            return [v for v, _ in items], any(c for _, c in items)
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            changed = False
            for k, v in value.items():
                if isinstance(k, str) and self.mentions(k):
                    changed = True
                    continue
                out[k], c = self.redact_json(v)
                changed = changed or c
            return out, changed
        return value, False


def _core_key(name: str) -> tuple[str, ...]:
    words = [w.casefold() for w in name_words(name)]
    return tuple(w for w in words if w not in _TITLES) or tuple(words)


def _variants(text: str) -> Iterator[str]:
    nfc = _nfc(text)
    yield nfc
    if "%" in nfc:
        decoded = unquote(nfc)
        if decoded != nfc:
            yield _nfc(decoded)


def _identity_patterns(kind: str, value: str, raw: str) -> list[Pattern]:
    out: list[Pattern] = []
    if kind == "email":
        for addr in {value.lower(), raw.strip().lower()}:
            if "@" in addr and " " not in addr and len(addr) >= 3:
                out.append(
                    Pattern(
                        "an e-mail address of theirs",
                        f"(?i:{_EMAIL_B}{re.escape(addr)}{_EMAIL_E})",
                        len(addr),
                    )
                )
    elif kind == "phone":
        for digits in _phone_digit_forms(value, raw):
            regex = (
                r"(?<![\d+])\+?(?:0"
                + _PHONE_SEP
                + r")?(?:\((?=\d{1,4}\)))?"
                + _PHONE_SEP.join(digits)
                + r"(?!\d)"
            )
            out.append(Pattern("a phone number of theirs", regex, len(digits)))
    elif kind == "linkedin":
        slug = value.rsplit("/", 1)[-1]
        if len(slug) >= 3:
            regex = r"(?i:(?:in|pub)/" + re.escape(slug) + r"(?![\w\-]))"
            out.append(Pattern("their LinkedIn profile", regex, len(slug) + 3))
    for text in {value, raw.strip()} if kind in ("handle", "raw") else set():
        if len(text) >= 3:
            out.append(Pattern("a handle of theirs", f"(?i:{_B}{re.escape(text)}{_E})", len(text)))
    return out


def _phone_digit_forms(value: str, raw: str) -> list[str]:
    """The digit strings a phone is written with: in full (E.164 without +) and without its country code."""
    full = re.sub(r"\D", "", value)
    forms = {full} if len(full) >= 6 else set()
    if value.startswith("+"):
        import phonenumbers  # only when forgetting someone with a phone

        try:
            national = str(phonenumbers.parse(value, None).national_number)
        except phonenumbers.NumberParseException:
            national = ""
        if len(national) >= 6:
            forms.add(national)
    written = re.sub(r"\D", "", raw).lstrip("0")
    if len(written) >= 6:
        forms.add(written)
    return sorted(forms, key=len, reverse=True)
