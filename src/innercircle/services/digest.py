"""The digest by mail: the follow-ups due (replies owed first), the health verdict and the coming meetings,
made from the database and sent through the user's SMTP server.

Nothing is sent without an address: ``--to``, the configured ``INNERCIRCLE_DIGEST_TO``, or an e-mail
identity of the owner (``innercircle me add``). The last send is kept in the database's settings, so a
scheduled digest (``serve --digest``) is not sent twice in one period, whatever restarts in between.
"""

from __future__ import annotations

import os
import ssl
from datetime import date, datetime, time, timedelta, tzinfo

from innercircle.core.errors import UserInputError
from innercircle.core.model import IdentityKind
from innercircle.core.words import counted
from innercircle.importers.identity import is_address
from innercircle.reports.digest import message, push_part
from innercircle.results.digest import PERIODS, Digest, DigestSent, PushSent
from innercircle.services.brief import brief
from innercircle.services.followups import followups_at
from innercircle.services.health import health_of
from innercircle.services.runtime.localzone import get_zone
from innercircle.services.runtime.workspace import Tx, Workspace
from innercircle.services.strategy import load_context
from innercircle.store import people, settings
from innercircle.sync import push, secrets, smtp

LAST_SENT_KEY = "digest.last_sent"  # {period: {"at": ISO moment, "to": address}}: each schedule its own
FOLLOWUPS_SHOWN = 12  # a mail is read in a minute: the rest is one command away
SEND_HOUR = 7  # a scheduled digest goes out from this hour of the owner's morning on
_AHEAD = {"weekly": 7, "daily": 2}  # days of meetings briefed: a week; today and tomorrow


def _period(period: str) -> str:
    if period not in PERIODS:
        raise UserInputError(f"the digest is {' or '.join(PERIODS)}, not {period!r}")
    return period


def build_digest(tx: Tx, now: datetime, period: str = "weekly", limit: int = FOLLOWUPS_SHOWN) -> Digest:
    """The digest as of ``now``: follow-ups due with the replies the user owes first, the health verdict,
    and the meetings of the days it looks ahead to with their briefs."""
    _period(period)
    ctx = load_context(tx, now)
    due = followups_at(tx, now, ctx.ties)
    # a reply owed is someone already waiting: it goes before any follow-up the user starts
    due = sorted(due, key=lambda f: f.kind != "reply")  # stable: the pressing order stays within each
    owed = sum(f.kind == "reply" for f in due)
    start = now.astimezone(ctx.zone).date()
    end = start + timedelta(days=_AHEAD[period] - 1)
    owner = ctx.me.name if ctx.me is not None and ctx.me.name != "Me" else "there"
    ahead = brief(tx, start, end, now)
    # the digest briefs the meetings with someone the user knows: a stranger's meeting has no card to read
    ahead = ahead.model_copy(update={"meetings": [m for m in ahead.meetings if m.cards]})
    return Digest(
        period=period,
        made_at=now,
        owner=owner,
        start=start,
        end=end,
        followups=due[:limit],
        followups_total=len(due),
        replies_owed=owed,
        health=health_of(ctx),
        brief=ahead,
        subject=_subject(period, len(due), owed, len(ahead.meetings)),
    )


def _subject(period: str, due: int, owed: int, meetings: int) -> str:
    what = [counted(owed, "reply", "replies") + " owed"] if owed else []
    what.append(counted(due, "follow-up"))
    if meetings:
        what.append(counted(meetings, "meeting") + " briefed")
    # short enough for one header line: a folded Subject reads badly in some clients
    return f"innercircle {period}: " + ", ".join(what)


def owner_address(tx: Tx) -> str | None:
    """The owner's first e-mail identity (None when they recorded none)."""
    owner = people.get_owner(tx.conn)
    if owner is None:
        return None
    return next((i.value for i in owner.identities if i.kind == IdentityKind.EMAIL), None)


def check_address(address: str) -> str:
    """A single plain address (``name@domain``): nothing that could add a header or a second recipient."""
    a = address.strip()
    if not is_address(a) or not a.isprintable():
        raise UserInputError(f"{address!r} is not an e-mail address (name@example.com)")
    return a


def recipient(tx: Tx, given: str | None, configured: str | None) -> str:
    """Where the digest goes: ``given`` (``--to``), the configured address, else the owner's e-mail."""
    address = given or configured or owner_address(tx)
    if not address:
        raise UserInputError(
            "no address to send the digest to: give --to ADDR, set INNERCIRCLE_DIGEST_TO, or record "
            "your e-mail with `innercircle me add you@example.com`; nothing was sent"
        )
    return check_address(address)


def smtp_server(url: str | None) -> smtp.SmtpServer:
    """The configured mail server (``INNERCIRCLE_SMTP_URL``), checked."""
    if not url:
        raise UserInputError(
            "no mail server: set INNERCIRCLE_SMTP_URL=smtps://user@host (or smtp://… for STARTTLS); "
            "nothing was sent"
        )
    return smtp.parse_url(url)


def smtp_context(cafile: str | None) -> ssl.SSLContext | None:
    """The TLS context for the mail server: the system's trust (None), or also the certificate authority
    in ``cafile`` (``INNERCIRCLE_SMTP_CAFILE``: a server with its own self-signed certificate); the host
    name is checked either way."""
    if not cafile:
        return None
    context = ssl.create_default_context()
    try:
        context.load_verify_locations(cafile=os.path.expanduser(cafile))
    except (OSError, ssl.SSLError) as exc:
        raise UserInputError(
            f"INNERCIRCLE_SMTP_CAFILE {cafile}: not a readable PEM certificate ({exc})"
        ) from None
    return context


def smtp_password(server: smtp.SmtpServer, env: str | None) -> str | None:
    """The server's password: from the environment variable ``env`` when given, else the OS keyring
    (None when there is none, or no login is needed)."""
    if not server.user:
        return None
    if env:
        value = os.environ.get(env)
        if not value:
            raise UserInputError(f"--password-env {env}: that environment variable is not set")
        return value
    try:
        return secrets.fetch(server.key, None)
    except secrets.NoKeyring:
        return None


def keep_password(server: smtp.SmtpServer, password: str) -> None:
    """Keep the server's password in the OS keyring for the next sends (raises ``NoKeyring``)."""
    secrets.store(server.key, password)


def send_digest(
    ws: Workspace,
    now: datetime,
    *,
    smtp_url: str | None,
    to: str | None = None,
    configured_to: str | None = None,
    sender: str | None = None,
    password: str | None = None,
    period: str = "weekly",
    context: ssl.SSLContext | None = None,
) -> DigestSent:
    """Make the digest and send it; the send is remembered (``last_sent``) once the server took it."""
    server = smtp_server(smtp_url)
    with ws.read() as tx:
        address = recipient(tx, to, configured_to)
        digest = build_digest(tx, now, period)
        zone = get_zone(tx)
    from_ = check_address(sender or (server.user if server.user and "@" in server.user else address))
    mail = message(digest, zone, address, from_)
    transport = smtp.send(server, password, mail, context=context)
    with ws.begin() as tx:
        stored = settings.get_setting(tx.conn, LAST_SENT_KEY)
        sends = dict(stored) if isinstance(stored, dict) else {}
        sends[period] = {"at": now.isoformat(), "to": address}
        settings.set_setting(tx.conn, LAST_SENT_KEY, sends)
    return DigestSent(
        to=address,
        sender=from_,
        subject=digest.subject,
        sent_at=now,
        server=server.where,
        transport=transport,
        message_id=str(mail["Message-ID"]),
        followups=len(digest.followups),
        meetings=len(digest.brief.meetings),
    )


def last_sent(tx: Tx, period: str) -> datetime | None:
    """When the ``period`` digest was last sent from this database (None: never)."""
    stored = settings.get_setting(tx.conn, LAST_SENT_KEY)
    sent = stored.get(_period(period)) if isinstance(stored, dict) else None
    if not isinstance(sent, dict) or not sent.get("at"):
        return None
    try:
        return datetime.fromisoformat(str(sent["at"]))
    except ValueError:
        return None


def period_start(now: datetime, zone: tzinfo, period: str) -> datetime:
    """When the current period's digest is due: this morning's SEND_HOUR (daily) or this Monday's
    (weekly), on the owner's clock; before that hour, the previous period's."""
    local = now.astimezone(zone)
    day: date = local.date()
    if period == "weekly":
        day -= timedelta(days=local.weekday())
    start = datetime.combine(day, time(SEND_HOUR), tzinfo=zone)
    if start > now:
        start -= timedelta(days=7 if period == "weekly" else 1)
    return start


def is_due(last: datetime | None, now: datetime, zone: tzinfo, period: str) -> bool:
    """Whether the scheduled digest should go out now: none sent since the current period began."""
    start = period_start(now, zone, _period(period))
    return last is None or last < start


def digest_due(tx: Tx, now: datetime, period: str) -> bool:
    """Whether ``serve --digest PERIOD`` should send now (nothing sent yet in this period)."""
    return is_due(last_sent(tx, period), now, get_zone(tx), period)


def push_digest(ws: Workspace, now: datetime, *, push_url: str | None, token: str | None = None) -> PushSent:
    """Push the day's follow-ups (replies owed first) and meetings to an ntfy-style topic: a glance on
    the phone, the mail being the read."""
    if not push_url:
        raise UserInputError("no push URL: set INNERCIRCLE_PUSH_URL=https://ntfy.sh/YOUR-TOPIC (or --url)")
    target = push.parse_url(push_url)
    with ws.read() as tx:
        digest = build_digest(tx, now, "daily")
        zone = get_zone(tx)
    text = push_part(digest, zone)
    status = push.push(target, digest.subject, text, token)
    shown = min(len(digest.followups), 5)
    return PushSent(server=target.where, status=status, title=digest.subject, sent_at=now, followups=shown)
