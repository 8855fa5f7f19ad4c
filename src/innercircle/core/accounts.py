"""Live-sync accounts: what the user configured (never a password) and the rules an account must meet."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from innercircle.core.errors import UserInputError

KINDS = ("imap", "carddav", "caldav")
TLS_MODES = ("tls", "starttls", "plain")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")
_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(slots=True)
class AccountConfig:
    """One account as stored: where and who, how to connect, and what the last sync left."""

    name: str
    kind: str
    url: str
    username: str
    options: dict[str, Any] = field(default_factory=dict)  # folders, tls, insecure, password_env
    state: dict[str, Any] = field(default_factory=dict)  # per folder/collection sync state
    last_sync_at: datetime | None = None
    last_error: str | None = None
    created_at: datetime | None = None
    id: int | None = None

    @property
    def folders(self) -> tuple[str, ...]:
        """The folders (or collections) asked for besides the defaults."""
        return tuple(str(f) for f in self.options.get("folders") or ())

    @property
    def tls(self) -> str:
        """``tls``, ``starttls`` or ``plain``."""
        return str(self.options.get("tls") or "tls")

    @property
    def insecure(self) -> bool:
        """True when a self-signed certificate is accepted."""
        return bool(self.options.get("insecure"))

    @property
    def password_env(self) -> str | None:
        """The environment variable holding the password (None: the keyring)."""
        env = self.options.get("password_env")
        return str(env) if env else None


def is_loopback(host: str) -> bool:
    """True for a loopback address (127.0.0.0/8, ::1, also written as an IPv4-mapped IPv6 address) and the
    name ``localhost``: plain connections are allowed only there. A name that merely starts like one
    (``127.evil.example``) is a name, not an address, and is not loopback; at sync time the address the
    connection reached is checked again (``sync/guard.py``)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def new_account(
    kind: str,
    name: str,
    url: str,
    username: str,
    folders: list[str] | None = None,
    starttls: bool = False,
    insecure: bool = False,
    password_env: str | None = None,
) -> AccountConfig:
    """An account checked and normalized (the URL with its scheme, the TLS mode it implies)."""
    if kind not in KINDS:
        raise UserInputError(f"unknown account kind {kind!r}: one of {', '.join(KINDS)}")
    if not _NAME.match(name):
        raise UserInputError(
            f"account name {name!r}: letters, digits, '.', '_', '@' or '-', starting with a letter or digit"
        )
    if not username.strip():
        raise UserInputError(f"account {name}: --user is empty")
    if password_env is not None and not _ENV.match(password_env):
        raise UserInputError(f"account {name}: --password-env {password_env!r} is not a variable name")
    url, tls = _imap_url(name, url, starttls) if kind == "imap" else _dav_url(name, url, starttls)
    options: dict[str, Any] = {"folders": [f for f in (folders or []) if f.strip()], "tls": tls}
    options["insecure"] = insecure
    if password_env:
        options["password_env"] = password_env
    return AccountConfig(name=name, kind=kind, url=url, username=username.strip(), options=options)


def _imap_url(name: str, url: str, starttls: bool) -> tuple[str, str]:
    raw = url.strip()
    if "://" not in raw:
        raw = ("imap://" if starttls else "imaps://") + raw
    parts = _split(name, raw)
    if parts.scheme not in ("imap", "imaps"):
        raise UserInputError(f"account {name}: an IMAP URL is imaps://host[:port] or imap://host[:port]")
    host = parts.hostname or ""
    if parts.scheme == "imaps":
        if starttls:
            raise UserInputError(f"account {name}: --starttls goes with imap://, not imaps:// (TLS already)")
        return raw.rstrip("/"), "tls"
    if starttls:
        return raw.rstrip("/"), "starttls"
    if not is_loopback(host):
        raise UserInputError(
            f"account {name}: imap:// without --starttls would send the password in clear; "
            "use imaps:// or add --starttls (plain IMAP is allowed only on this machine's loopback)"
        )
    return raw.rstrip("/"), "plain"


def _dav_url(name: str, url: str, starttls: bool) -> tuple[str, str]:
    parts = _split(name, url.strip())
    if starttls:
        raise UserInputError(f"account {name}: --starttls is for IMAP; use an https:// URL")
    if parts.scheme == "https":
        return url.strip(), "tls"
    if parts.scheme == "http" and is_loopback(parts.hostname or ""):
        return url.strip(), "plain"
    raise UserInputError(
        f"account {name}: a DAV URL is https://… (http:// only on this machine's loopback), not {url!r}"
    )


def _split(name: str, url: str) -> Any:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError as exc:
        raise UserInputError(f"account {name}: bad URL {url!r} ({exc})") from None
    if not parts.hostname:
        raise UserInputError(f"account {name}: no host in URL {url!r}")
    return parts
