"""Limits on everything an imported file controls, in one place.

A file decides how much work reading it takes: how many times a meeting repeats, how far an archive
inflates, how many addresses a card lists, how long one value is. Each limit sits far above what a real
export holds and low enough that the worst file within all of them is read in seconds and a few hundred
MB. A file past any limit is refused whole, with a message naming the file, the record and the limit, and
nothing is stored. The same parsers read CalDAV and CardDAV objects, so the limits hold for sync too.
"""

from __future__ import annotations

MB = 1024 * 1024

MAX_TEXT_BYTES = 64 * MB
"""A file read whole (vCard, the CSVs, a WhatsApp chat, a single LinkedIn CSV). A 10,000-contact address
book is about 5 MB without photos; a decade of one busy WhatsApp chat about 20 MB. Parsing holds the text
and its lines, about three times the file, so this keeps one file's parse near 200 MB."""

MAX_CALENDAR_BYTES = 16 * MB
"""An iCalendar file. Ten years of a busy work calendar exports to 5–10 MB, most of it descriptions."""

MAX_CALENDAR_LINES = 300_000
"""Content lines of an iCalendar file (folded lines count once each). The calendar library's time and
memory grow with each line (about 600 bytes a line, so this bounds a parse near 200 MB; its time per
line: benchmarks/RESULTS.md); a real event is 10–20 lines."""

MAX_FIELD_CHARS = 100_000
"""One value: a CSV cell, a vCard property (photos and keys excepted: they are skipped unread), a mail
header. The longest real values are notes and message bodies, a few thousand characters."""

MAX_IDENTITY_CHARS = 1_000
"""A value read as an email address, phone number or profile URL: an address is at most 254 characters
(RFC 5321), a phone number 250 (what libphonenumber reads); anything longer is not an identity."""

MAX_IDENTITIES_PER_RECORD = 500
"""Email addresses, phone numbers and profiles of one contact. Real cards list a handful; every identity
is looked up and stored, so 20,000 of them make one card cost what 20,000 contacts cost."""

MAX_CHAT_PARTICIPANTS = 5_000
"""Distinct senders in one chat export (a WhatsApp group holds at most 1,024 members at a time). Each
message names every other participant, so work grows as messages × participants."""

MAX_ARCHIVE_MEMBERS = 10_000
"""Entries in a zip (a LinkedIn export has about 50–100). Counted from the zip's end record, before its
directory is read: a zip of a million empty entries would take hundreds of MB just to list."""

MAX_MEMBER_BYTES = 128 * MB
"""One CSV inside an archive, inflated. The largest file of a real export (messages) is a few tens of
MB; checked on the declared size and again while inflating (a header can lie)."""

MAX_ARCHIVE_BYTES = 256 * MB
"""All the CSVs of one archive, inflated, together. Members are read one at a time, so this bounds the
time the archive takes, not the memory: a small zip can otherwise inflate to gigabytes in many members."""

MAX_HEADER_BYTES = 1 * MB
"""One mail message's header block. Ten thousand recipients fit in a fifth of it; a message past it is
left out with a warning (a mail archive is read message by message, never refused for one message)."""

MAX_RECURRENCE_STEPS = 200_000
"""Instants the recurrence engine walks for one repeating event, from its first start to the end of the
import window: a daily meeting since 1970 is 21,000, a weekly one since 1900 about 46,000 (a week is
seven day-steps). FREQ=MINUTELY over three years would be 1.6 million, each kept in memory."""

MAX_OCCURRENCES_PER_SERIES = 5_000
"""Occurrences of one repeating event kept inside the import window (three years back, one ahead): a daily
meeting is 1,461, one every working hour about 8,000 — past any meeting with people."""

MAX_CALENDAR_ENTRIES = 50_000
"""Events and meetings of one calendar file after expansion, all series together."""

MAX_ATTENDEES_PER_EVENT = 2_000
"""Attendees of one event; every occurrence of a series copies them."""

MAX_CALENDAR_PARTICIPANTS = 500_000
"""Attendees summed over every entry of one calendar file after expansion (an entry with 2,000 attendees
repeated 5,000 times would otherwise be ten million participants)."""

MAX_PARTICIPANTS_PER_FILE = 5_000_000
"""People named by all the records of one file together (senders, recipients, attendees, each time they
are named). A chat message names every other member of the group, so a 64 MB chat of 5,000 writers
would otherwise name billions; a 300,000-message mail archive names about a million."""
