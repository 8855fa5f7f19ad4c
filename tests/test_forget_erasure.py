"""Forgetting a person leaves no byte of them in the database file or its log, and keeps everyone else.

Real sample files are imported (a vCard 4.0 from RFC 6350 naming Simon Perreault, Gmail's John Doe, an
Outlook meeting invitation), the person is mentioned across other records through the CLI, then forgotten
through the CLI; the raw bytes of the database file, its write-ahead log and shared memory are searched
for their name, name parts, e-mail and phones, case-insensitively, in UTF-8 and UTF-16.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import SAMPLES, needs_samples
from typer.testing import CliRunner

from innercircle.cli.main import app
from innercircle.core.redact import REDACTED, Traces
from innercircle.services import Workspace
from innercircle.store import erasure
from innercircle.store import schema as s
from innercircle.store.accounts import record_error, record_sync
from innercircle.store.settings import set_setting

pytestmark = needs_samples()

VCF = "ez-vcard/src/test/resources/ezvcard/io/text/rfc6350-example.vcf"  # Simon Perreault, Viagenie
KEPT_VCF = "ez-vcard/src/test/resources/ezvcard/io/text/John_Doe_GMAIL.vcf"
MEETING = "biweekly/src/test/resources/biweekly/io/text/outlook-2010.ics"
EMAIL = "simon.perreault@viagenie.ca"
OTHER_EMAIL = "simon@nomis80.org"
# every way the two phones of the card can be written: with or without country code and separators
PHONE_DIGITS = ("4186569254", "4182626501")
NAME_TEXTS = ("Simon Perreault", "Perreault, Simon", "simon-perreault", "Perreault")
HREF = "/dav/me/contacts/simon-perreault.vcf"


def _run(db: Path, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["--db", str(db), *args], input=input, catch_exceptions=False)


def ok(db: Path, *args: str, input: str | None = None) -> str:
    result = _run(db, *args, input=input)
    assert result.exit_code == 0, (args, result.output)
    return str(result.output)


def raw_bytes(db: Path) -> bytes:
    """Everything SQLite keeps next to the database: the file, its log, shared memory, a journal."""
    return b"".join(p.read_bytes() for p in sorted(db.parent.glob(db.name + "*")) if p.is_file())


def traces_in(data: bytes) -> list[str]:
    """Which of the person's traces the bytes hold, searched like ``strings -e`` in UTF-8 and UTF-16."""
    found = []
    for codec in ("utf-8", "utf-16-le", "utf-16-be"):
        views = [data.decode(codec, errors="replace")]
        if codec != "utf-8":  # UTF-16 text may start at an odd offset
            views.append(data[1:].decode(codec, errors="replace"))
        for text in views:
            low = text.lower()
            for needle in (*NAME_TEXTS, "Simon", EMAIL, OTHER_EMAIL, "viagenie.ca/simon"):
                if needle.lower() in low:
                    found.append(f"{needle} ({codec})")
            for digits in PHONE_DIGITS:
                if re.search(r"[\s().\-/+]{0,3}".join(digits), text):
                    found.append(f"phone {digits} ({codec})")
    return sorted(set(found))


def build(tmp_path: Path) -> Path:
    """A database with the samples imported and Simon Perreault mentioned across the other records."""
    db = tmp_path / "net.db"
    ok(db, "init", "--name", "Ada Owner", "--me", "owner@example.com")
    named = tmp_path / "Simon Perreault card.vcf"  # a file named after the person: the import keeps its path
    shutil.copy(SAMPLES / VCF, named)
    ok(db, "import", str(named), "--me", "owner@example.com")
    ok(db, "import", str(SAMPLES / KEPT_VCF), str(SAMPLES / MEETING), "--me", "owner@example.com")
    john = "john.doe@ibm.com"
    # a second record of him, merged into the first: forgetting him takes both
    ok(db, "add", "S. Perreault", "--id", OTHER_EMAIL)
    ok(db, "merge", "Simon Perreault", OTHER_EMAIL)
    log = tmp_path / "log.csv"
    log.write_text(
        "timestamp,from,to,channel,id,subject\n"
        f"2026-10-01T10:00:00Z,owner@example.com,{EMAIL};{john},email,<{EMAIL}-1>,Intro: Simon Perreault <> John\n"
    )
    ok(db, "import", str(log), "--format", "interactions", "--me", "owner@example.com")
    ok(db, "remember", john, f"Simon Perreault ({EMAIL}) introduced us; his cell +1 418 262 6501")
    ok(db, "log", "meeting", "Simon Perreault", john, "--at", "2026-11-02", "--note", "Simon demoed the lab")
    ok(db, "log", "call", EMAIL, "--at", "2026-11-03", "--note", "Perreault alone")
    ok(db, "goal", "add", "Get SIMON to review the IPv6 paper", "--tag", "perreault-lab")
    ok(
        db,
        *("event", "add", "Dinner with Simon Perreault", "--at", "2026-12-20T19:00"),
        *("--place", "Chez Perreault", "--organizer", "Simon Perreault", "--topic", "simon-perreault"),
        *("--attendee", john),
    )
    ok(db, "outcome", "add", "referral", john, "--note", "came through Perreault, Simon")
    ok(db, "favor", "gave", john, "lent him Simon's book (418.656.9254 to call)")
    ok(db, "review", "--reflect", input="Simon Perreault\nwrite to simon-perreault\nnothing\n")
    ok(
        db,
        *("account", "add", "carddav", "cards", "--url", "https://dav.example/", "--user", "owner"),
        "--password-env",
        "CARDS_PW",
    )
    ws = Workspace(str(db))
    try:
        with ws.begin() as tx:
            now = datetime(2026, 11, 4, tzinfo=UTC)
            etags = {HREF: '"e1"', "/dav/me/contacts/john.vcf": '"e2"'}
            record_sync(
                tx.conn, "cards", {"books": {"https://dav.example/me/contacts/": {"etags": etags}}}, now
            )
            record_error(tx.conn, "cards", f"card {HREF}: bad PHOTO")
            set_setting(tx.conn, "demo-notes", {"planted": ["Simon Perreault"], "ok": "kept"})
            tx.conn.execute(
                s.people.update()
                .where(s.people.c.name.like("%John%Doe%"))
                .values(notes="met via Simon Perreault", tags=["ex-viagenie", "simon's friend"])
            )
    finally:
        ws.close()
    return db


def tables(db: Path) -> dict[str, list[dict]]:
    return json.loads(ok(db, "export", "--format", "json"))["tables"]  # type: ignore[no-any-return]


def test_forget_leaves_no_trace_in_the_file_and_keeps_everyone_else(tmp_path: Path) -> None:
    db = build(tmp_path)
    before = tables(db)
    assert len(traces_in(raw_bytes(db))) >= 8  # the check below can fail: every trace is there first
    people_before = {p["name"] for p in before["people"]}
    assert any("Perreault" in n for n in people_before)

    result = _run(db, "forget", "Simon Perreault", "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Forgot Simon Perreault.\n"
    assert "mention(s) in other records redacted; the database file and its log hold nothing" in result.stderr

    assert traces_in(raw_bytes(db)) == []
    after = tables(db)
    flat = json.dumps(after, ensure_ascii=False)
    # everyone else stays, with their identities
    assert {p["name"] for p in after["people"]} == {n for n in people_before if "Perreault" not in n}
    gone = {i["value"] for i in before["identities"]} - {i["value"] for i in after["identities"]}
    assert gone == {EMAIL, OTHER_EMAIL, "+14186569254", "+14182626501"}  # both merged records' identities
    assert "john.doe@ibm.com" in flat and "johndoe@example.com" in flat
    # the mentions are redacted in place, the rest of each record is kept
    john = next(p for p in after["people"] if "John" in p["name"] and "Doe" in p["name"])
    assert john["notes"] == f"met via {REDACTED}"
    assert john["tags"] == ["ex-viagenie", f"{REDACTED}'s friend"]
    texts = {d["text"] for d in after["details"]}
    assert f"{REDACTED} ({REDACTED}) introduced us; his cell {REDACTED}" in texts
    assert "birthday 1980-03-22" in texts  # John's own detail from his card, untouched
    meeting = next(i for i in after["interactions"] if i["note"] and "demoed" in i["note"])
    assert meeting["note"] == f"{REDACTED} demoed the lab"
    assert {p["person_id"] for p in after["participants"] if p["interaction_id"] == meeting["id"]} == {
        1,
        john["id"],
    }
    assert not any(i["note"] and "alone" in i["note"] for i in after["interactions"])  # the call alone: gone
    intro = next(i for i in after["interactions"] if (i["subject"] or "").startswith("Intro"))
    assert intro["subject"] == f"Intro: {REDACTED} <> John"  # drafts quote it
    assert intro["source_id"] == f"<{REDACTED}-1>#{intro['id']}"  # a key: kept unique
    assert [g["text"] for g in after["goals"]] == [f"Get {REDACTED} to review the IPv6 paper"]
    event = next(e for e in after["events"] if e["title"].startswith("Dinner"))
    assert (event["title"], event["place"], event["organizer"], event["topics"]) == (
        f"Dinner with {REDACTED}",
        f"Chez {REDACTED}",
        None,
        [REDACTED],
    )
    assert [o["note"] for o in after["outcomes"]] == [f"came through {REDACTED}"]
    assert [f["text"] for f in after["favors"]] == [f"lent him {REDACTED}'s book ({REDACTED} to call)"]
    assert [r["answer"] for r in after["reflections"]][:2] == [REDACTED, f"write to {REDACTED}"]
    assert any(b["path"].endswith(f"{REDACTED} card.vcf") for b in after["import_batches"])
    # the sync state forgets their card's href (the next full listing fetches it again), keeps John's
    (account,) = after["accounts"]
    assert account["url"] == "https://dav.example/"
    # the Outlook meeting and its other attendees are untouched
    assert sum(1 for e in before["events"]) == sum(1 for e in after["events"])
    assert len(after["interactions"]) == len(before["interactions"]) - 1
    ws = Workspace(str(db))
    try:
        with ws.read() as tx:
            state, error = tx.conn.execute(select(s.accounts.c.state, s.accounts.c.last_error)).one()
            settings = dict(tx.conn.execute(select(s.settings.c.key, s.settings.c.value)).all())
    finally:
        ws.close()
    assert state == {
        "books": {"https://dav.example/me/contacts/": {"etags": {"/dav/me/contacts/john.vcf": '"e2"'}}}
    }
    assert error == f"card /dav/me/contacts/{REDACTED}.vcf: bad PHOTO"
    assert settings["demo-notes"] == {"planted": [REDACTED], "ok": "kept"}


def test_a_long_reader_makes_forget_fail_until_finish_cleans_the_file(tmp_path: Path) -> None:
    """A reader holding the old snapshot keeps old pages: no "Forgot", exit 1, and --finish cleans up."""
    db = build(tmp_path)
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM people WHERE name LIKE '%Perreault%'").fetchone() == (2,)
    try:
        result = _run(db, "forget", "Simon Perreault", "--yes", "--wait", "1.5")
        assert result.exit_code == 1, result.output
        assert "Forgot" not in result.output
        assert "still holds old copies" in result.stderr and "forget --finish" in result.stderr
        # the reader is entitled to what it read; the file must still hold it, which is why it failed
        assert traces_in(raw_bytes(db))
        assert reader.execute("SELECT count(*) FROM people WHERE name LIKE '%Perreault%'").fetchone() == (2,)
    finally:
        reader.execute("COMMIT")
        reader.close()
    # the records are erased already: a new reader sees nothing, and --finish cleans the file
    assert "Perreault" not in json.dumps(tables(db))
    assert "nothing erased is left" in ok(db, "forget", "--finish")
    assert traces_in(raw_bytes(db)) == []


def test_forget_waits_for_a_reader_that_finishes(tmp_path: Path) -> None:
    db = build(tmp_path)
    reader = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM details").fetchone()

    def finish_later() -> None:
        time.sleep(1.5)
        reader.execute("COMMIT")

    t = threading.Thread(target=finish_later)
    t.start()
    try:
        result = _run(db, "forget", "Simon Perreault", "--yes", "--wait", "30")
    finally:
        t.join()
        reader.close()
    assert result.exit_code == 0, result.output
    assert "Forgot" in result.output
    assert traces_in(raw_bytes(db)) == []


def test_a_name_part_shared_with_someone_kept_is_kept_and_said(tmp_path: Path) -> None:
    db = build(tmp_path)
    ok(db, "add", "Simon Templar", "--id", "saint@example.org")
    ok(db, "remember", "Simon Templar", "Simon Perreault knows Simon well")
    result = _run(db, "forget", "Simon Perreault", "--yes")
    assert result.exit_code == 0, result.output
    assert "kept: 'Simon' on its own" in result.stderr and "Simon Templar" in result.stderr
    after = tables(db)
    assert "Simon Templar" in {p["name"] for p in after["people"]}
    assert f"{REDACTED} knows Simon well" in {d["text"] for d in after["details"]}
    data = raw_bytes(db).lower()
    for trace in (b"simon perreault", b"perreault", EMAIL.encode()):
        assert trace not in data


def test_every_text_column_of_the_schema_is_decided() -> None:
    """A new column that can hold text must be given a rule before forget can be trusted."""
    for table in s.metadata.sorted_tables:
        assert set(erasure.COLUMNS.get(table.name, {})) == set(erasure.text_columns(table)), table.name


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("lunch with Grace Hopper", f"lunch with {REDACTED}"),
        ("HOPPER, GRACE called", f"{REDACTED} called"),
        ("/cards/grace_hopper.vcf", f"/cards/{REDACTED}.vcf"),
        ("/cards/Grace%20Hopper.vcf", f"/cards/{REDACTED}.vcf"),
        ("mail agrace@navy.example not grace@navy.example.", f"mail agrace@navy.example not {REDACTED}."),
        ("call (415) 555-0123 or +1 415 555 0123", f"call {REDACTED} or {REDACTED}"),
        ("Grace said grace before dinner", f"{REDACTED} said grace before dinner"),
        ("a Hopperish idea; grasshopper", None),
        ("José Núñez", None),
    ],
)
def test_what_counts_as_a_mention(text: str, redacted: str | None) -> None:
    found = Traces.build(
        ["Grace Hopper"],
        [("email", "grace@navy.example", "Grace@Navy.example"), ("phone", "+14155550123", "(415) 555-0123")],
        ["Alan Turing"],
    )
    assert found.redact(text) == redacted


def test_decomposed_accents_and_short_words() -> None:
    found = Traces.build(["José Ng"], [], [])
    assert found.redact("met Jose\u0301 Ng today") == f"met {REDACTED} today"
    # "Ng" alone is too short to be told from other text; "José" alone is a name part
    assert found.redact("Ng and José") == f"Ng and {REDACTED}"
    assert [p for p in found.for_bytes().patterns if p.fixed < 5] == []


def test_a_name_with_terminal_markup_is_forgotten_without_a_crash(tmp_path: Path) -> None:
    db = tmp_path / "markup.db"
    ok(db, "init", "--name", "Ada Owner", "--me", "owner@example.com")
    card = tmp_path / "stranger.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Stranger [/] [link=https://evil.example]Bob[/link]\r\n"
        "EMAIL:stranger@evil.example\r\nEND:VCARD\r\n"
    )
    ok(db, "import", str(card), "--me", "owner@example.com")
    result = _run(db, "forget", "stranger@evil.example", "--yes")
    assert result.exit_code == 0, result.output
    assert "Forgot Stranger [/]" in result.output
    assert b"stranger@evil.example" not in raw_bytes(db).lower()


def test_a_synced_card_and_its_href_are_forgotten(
    cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The CardDAV href named after them leaves the sync state; the next sync does not bring them back."""
    from davserver import cards, dav_server, with_uid

    server = dav_server()
    monkeypatch.setenv("IC_FORGET_DAV_PW", server.password)
    book = server.new_book()
    simon = with_uid(cards((SAMPLES / VCF).read_text(encoding="utf-8"))[0], "simon-uid")
    assert server.put(f"{book}simon-perreault.vcf", simon) == 201
    john = with_uid(cards((SAMPLES / KEPT_VCF).read_text(encoding="utf-8"))[0], "john-uid")
    assert server.put(f"{book}john.vcf", john) == 201
    add = ("account", "add", "carddav", "cards", "--url", book, "--user", server.user)
    assert cli(*add, "--password-env", "IC_FORGET_DAV_PW").exit_code == 0
    assert cli("sync").exit_code == 0
    db = db_path
    assert b"simon-perreault.vcf" in raw_bytes(db)
    result = cli("forget", "Simon Perreault", "--yes")
    assert result.exit_code == 0, result.output
    assert traces_in(raw_bytes(db)) == []
    assert cli("sync").exit_code == 0  # the server reports no change to the card: it is not fetched again
    names = {p["name"] for p in tables(db)["people"]}
    assert not any("Perreault" in n for n in names) and any("John" in n for n in names)
