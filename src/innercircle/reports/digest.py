"""The digest as a mail: a plain-text part and an HTML part that say the same thing.

The HTML is for mail clients: one self-contained document, styles inline (clients drop ``<style>``
blocks and never load a stylesheet), no image, no script, no link to anything but ``mailto:``. Every
name, reason, draft and verdict comes from the user's data, which came from files and servers: in the
HTML each is escaped, in the text each control character is shown as a visible stand-in
(``core.plain.visible``), so nothing in a name can fake a line, a link or markup.
"""

from __future__ import annotations

from datetime import date, tzinfo
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape

from innercircle.core.dates import show_time
from innercircle.core.plain import visible
from innercircle.core.words import counted
from innercircle.results.brief import card_text, meeting_text, names_line
from innercircle.results.digest import Digest

CLI_HINT = "innercircle followups"
_TEXT_WIDTH = 72

# the few inline styles the HTML part uses (a mail client keeps only inline styles)
_BODY = "margin:0;padding:16px;background:#f6f6f4;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2328;"
_CARD = "max-width:640px;margin:0 auto;background:#ffffff;border:1px solid #dcdcd6;border-radius:8px;padding:20px;"
_H1 = "font-size:20px;margin:0 0 4px 0;"
_H3 = "font-size:14px;margin:16px 0 6px 0;"
_H2 = "font-size:16px;margin:24px 0 8px 0;border-bottom:1px solid #e5e5e0;padding-bottom:4px;"
_MUTED = "color:#5c6166;font-size:13px;margin:0;"
_ITEM = "margin:0 0 12px 0;padding:8px 10px;border-left:3px solid #8a8f98;background:#fafaf8;"
_REPLY = "margin:0 0 12px 0;padding:8px 10px;border-left:3px solid #c0392b;background:#fdf4f2;"
_DRAFT = "margin:6px 0 0 0;padding:6px 8px;background:#ffffff;border:1px dashed #c9c9c2;white-space:pre-wrap;font-size:13px;"
_STATUS = {"ok": "#2e7d32", "warning": "#b26a00", "alert": "#c0392b"}
_BRIEF = "margin:0 0 12px 0;padding:8px 10px;background:#f3f6fa;border:1px solid #dde3ea;font-size:14px;"
_ROW = "margin:2px 0 0 0;"
_LABEL = "color:#5c6166;font-weight:600;"


def _one(text: object) -> str:
    """One line of outside text for the plain part: no control character, no line break."""
    return visible(str(text))


def _day(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def _span(start: date, end: date) -> str:
    return _day(start) if start == end else f"{_day(start)} – {_day(end)}"


def _followup_line(f_kind: str, name: str, reason: str, due: date | None) -> str:
    owed = "reply owed" if f_kind == "reply" else f_kind
    return f"{name} ({owed}{f', due {due.isoformat()}' if due else ''}): {reason}"


# a reply owed comes with its draft (answering is the whole task); the others are listed, their drafts one
# command away, so the mail stays a minute's read


def text_part(digest: Digest, zone: tzinfo) -> str:
    """The plain-text part; each meeting's brief as the brief itself renders it (``results.brief``)."""
    lines = [
        f"innercircle — your {digest.period} digest, {_day(digest.made_at.astimezone(zone).date())}",
        f"Made {show_time(digest.made_at, zone)}.",
        "",
        f"Hello {_one(digest.owner)},",
        "",
    ]
    title = f"Follow-ups due: {digest.followups_total}"
    if digest.replies_owed:
        title += f" ({counted(digest.replies_owed, 'reply', 'replies')} you owe, first)"
    lines += [title, "-" * min(len(title), _TEXT_WIDTH)]
    if not digest.followups:
        lines.append("Nobody is waiting on you. Nothing is due.")
    for i, f in enumerate(digest.followups, 1):
        lines.append(f"{i}. " + _followup_line(f.kind, _one(f.name), _one(f.reason), f.due))
        draft = visible(f.draft.strip(), keep="\n") if f.kind == "reply" else ""
        for j, line in enumerate(draft.splitlines()):
            lines.append(("   Draft: " if j == 0 else "          ") + line if line.strip() else "")
    more = digest.followups_total - len(digest.followups)
    if more > 0:
        lines.append(f"… and {more} more")
    if digest.followups:
        lines.append(f"Every follow-up with a draft: {CLI_HINT}")
    health = digest.health
    title = f"Health: {health.status}"
    lines += ["", title, "-" * len(title), _one(health.verdict)]
    lines += [f"- {_one(a)}" for a in health.actions]
    title = f"Meetings, {_span(digest.start, digest.end)}"
    lines += ["", title, "-" * min(len(title), _TEXT_WIDTH)]
    if not digest.brief.meetings:
        lines.append("No meeting with people you know.")
    for m in digest.brief.meetings:
        lines += [visible(meeting_text(m, zone).rstrip(), keep="\n"), ""]
    lines += [
        *([""] if lines[-1] else []),
        "--",
        "Sent by innercircle from your own database. `innercircle review` shows the whole week.",
    ]
    return "\n".join(lines).rstrip() + "\n"


def html_part(digest: Digest, zone: tzinfo) -> str:
    """The HTML part: the same content as the text, escaped, styled inline, self-contained."""
    e = escape  # quote=True: attribute values are safe too
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(digest.subject)}</title></head>",
        f'<body style="{_BODY}"><div style="{_CARD}">',
        f'<h1 style="{_H1}">Your {e(digest.period)} digest</h1>',
        f'<p style="{_MUTED}">{e(_day(digest.made_at.astimezone(zone).date()))} · made '
        f"{e(show_time(digest.made_at, zone))}</p>",
        f"<p>Hello {e(digest.owner)},</p>",
    ]
    title = f"Follow-ups due: {digest.followups_total}"
    if digest.replies_owed:
        title += f" ({counted(digest.replies_owed, 'reply', 'replies')} you owe, first)"
    parts.append(f'<h2 style="{_H2}">{e(title)}</h2>')
    if not digest.followups:
        parts.append("<p>Nobody is waiting on you. Nothing is due.</p>")
    for f in digest.followups:
        kind = "reply owed" if f.kind == "reply" else f.kind
        due = f" · due {f.due.isoformat()}" if f.due else ""
        parts.append(
            f'<div style="{_REPLY if f.kind == "reply" else _ITEM}">'
            f"<strong>{e(f.name)}</strong> "
            f'<span style="{_MUTED}">{e(kind)}{e(due)} · {e(f.tier)}</span>'
            f'<p style="margin:4px 0 0 0;">{e(f.reason)}</p>'
            + (
                f'<div style="{_DRAFT}">{e(f.draft.strip())}</div>'
                if f.kind == "reply" and f.draft.strip()
                else ""
            )
            + "</div>"
        )
    more = digest.followups_total - len(digest.followups)
    if more > 0:
        parts.append(f'<p style="{_MUTED}">… and {more} more.</p>')
    if digest.followups:
        parts.append(f'<p style="{_MUTED}">Every follow-up with a draft: <code>{e(CLI_HINT)}</code></p>')
    health = digest.health
    colour = _STATUS.get(health.status, "#1f2328")
    parts.append(
        f'<h2 style="{_H2}">Health: <span style="color:{colour};">{e(health.status)}</span></h2>'
        f"<p>{e(health.verdict)}</p>"
    )
    if health.actions:
        parts.append("<ul>" + "".join(f"<li>{e(a)}</li>" for a in health.actions) + "</ul>")
    parts.append(f'<h2 style="{_H2}">Meetings, {e(_span(digest.start, digest.end))}</h2>')
    if not digest.brief.meetings:
        parts.append("<p>No meeting with people you know.</p>")
    for m in digest.brief.meetings:
        start = m.start.astimezone(zone)
        place = f" · {m.place}" if m.place else ""
        parts.append(
            f'<h3 style="{_H3}">{e(f"{start:%a %d %b %H:%M}")} · {e(m.title)}'
            f'<span style="{_MUTED}">{e(place)}</span></h3>'
        )
        parts += [_card_html(card_text(c, zone)) for c in m.cards]
        if m.more:
            parts.append(f'<p style="{_MUTED}">And {len(m.more)} more you know: {e(names_line(m.more))}</p>')
        if m.others:
            parts.append(f'<p style="{_MUTED}">Also there: {e(names_line(m.others))}</p>')
    parts.append(
        f'<p style="{_MUTED}">Sent by innercircle from your own database. '
        "<code>innercircle review</code> shows the whole week.</p></div></body></html>"
    )
    return "\n".join(parts) + "\n"


def push_part(digest: Digest, zone: tzinfo, limit: int = 5) -> str:
    """The short text of a phone notification: the first follow-ups (replies owed first) and the meetings,
    one line each."""
    lines = [f"{_one(f.name)}: {_one(f.reason)}" for f in digest.followups[:limit]]
    more = digest.followups_total - len(lines)
    if more > 0:
        lines.append(f"… and {more} more")
    if not lines:
        lines.append("Nothing is due.")
    for m in digest.brief.meetings:
        names = ", ".join(c.name for c in m.cards)
        lines.append(f"{m.start.astimezone(zone):%a %H:%M} {_one(m.title)}: {_one(names)}")
    return "\n".join(lines) + "\n"


def _card_html(text: str) -> str:
    """One attendee's card, from the text the brief renders: the name first, then one ``label: value`` row
    a line (the brief's own words, so the mail and the terminal say the same)."""
    name, *rows = text.splitlines()
    out = [f'<div style="{_BRIEF}"><strong>{escape(name)}</strong>']
    for row in rows:
        label, sep, value = row.strip().partition(": ")
        out.append(
            f'<p style="{_ROW}"><span style="{_LABEL}">{escape(label)}:</span> {escape(value)}</p>'
            if sep
            else f'<p style="{_ROW}">{escape(row.strip())}</p>'
        )
    return "".join(out) + "</div>"


def message(digest: Digest, zone: tzinfo, to: str, sender: str) -> EmailMessage:
    """The mail: text and HTML alternatives, From/To/Date/Message-ID set."""
    msg = EmailMessage()
    msg["Subject"] = digest.subject
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = format_datetime(digest.made_at.astimezone(zone))
    msg["Message-ID"] = make_msgid("digest", domain=sender.rpartition("@")[2] or None)
    msg["Auto-Submitted"] = "auto-generated"  # mail robots do not answer it
    msg.set_content(text_part(digest, zone))
    msg.add_alternative(html_part(digest, zone), subtype="html")
    return msg
