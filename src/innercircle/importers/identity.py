"""Normalizing identities: lower-cased emails, E.164 phones, canonical LinkedIn URLs."""

from __future__ import annotations

import re
from email.utils import parseaddr

from innercircle.core.model import DEFAULT_REGION, IdentityKind, IdentityRef
from innercircle.importers.limits import MAX_IDENTITY_CHARS

_NOT_IN_ADDRESS = re.compile(r"[\s<>(),;:\"]")
_LINKEDIN = re.compile(r"linkedin\.com/(in|pub)/([^/?#\s]+)", re.I)


def is_address(text: str) -> bool:
    """``local@domain.tld``: one ``@``, a dot inside the domain, no spaces, brackets or separators.

    Checked in one pass over the text (a regex with two ``+`` around the dot backtracks quadratically on
    a long value with many dots)."""
    local, at, domain = text.partition("@")
    if not at or not local or "@" in domain or len(text) > MAX_IDENTITY_CHARS:
        return False
    return "." in domain[1:-1] and _NOT_IN_ADDRESS.search(text) is None


def normalize_email(raw: str) -> str | None:
    """``Ada <Ada@Example.COM>`` → ``ada@example.com``; None when it is not an address."""
    if len(raw) > MAX_IDENTITY_CHARS:
        return None
    _name, addr = parseaddr(raw.strip())
    addr = (addr or raw).strip().strip("<>").lower()
    if addr.startswith("mailto:"):
        addr = addr[7:]
    return addr if is_address(addr) else None


def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """A phone number in E.164, or None when it cannot be one."""
    text = raw.strip()
    if len(text) > MAX_IDENTITY_CHARS:
        return None
    if text.lower().startswith("tel:"):
        text = text[4:]
    if not re.search(r"\d{3}", text):
        return None
    import phonenumbers  # here, not at the top: loading its metadata would slow every command's start

    try:
        num = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def normalize_linkedin(raw: str) -> str | None:
    """``https://www.linkedin.com/in/ada-l/`` → ``linkedin.com/in/ada-l``."""
    if len(raw) > MAX_IDENTITY_CHARS:
        return None
    m = _LINKEDIN.search(raw)
    return f"linkedin.com/in/{m.group(2).lower()}" if m else None


def parse_identity(raw: str, region: str = DEFAULT_REGION) -> IdentityRef:
    """Guess what kind of identity a user typed (email, phone, LinkedIn URL, else a handle)."""
    text = raw.strip()
    if "@" in text and (email := normalize_email(text)):
        return IdentityRef(IdentityKind.EMAIL, email, text)
    if "linkedin.com/" in text.lower() and (url := normalize_linkedin(text)):
        return IdentityRef(IdentityKind.LINKEDIN, url, text)
    if re.fullmatch(r"[+\d][\d\s().\-/]{5,}", text) and (phone := normalize_phone(text, region)):
        return IdentityRef(IdentityKind.PHONE, phone, text)
    return IdentityRef(IdentityKind.HANDLE, text.lower(), text)


def email_ref(raw: str) -> IdentityRef | None:
    """An email identity, or None."""
    e = normalize_email(raw)
    return None if e is None else IdentityRef(IdentityKind.EMAIL, e, raw.strip())


def phone_ref(raw: str, region: str = DEFAULT_REGION) -> IdentityRef | None:
    """A phone identity, or None."""
    p = normalize_phone(raw, region)
    return None if p is None else IdentityRef(IdentityKind.PHONE, p, raw.strip())
