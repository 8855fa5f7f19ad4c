"""Data ownership on SQLite and PostgreSQL: export, backup, restore, forget."""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import pg_database
from sample_network import GRACE_EMAIL, GRACE_PHONE, NOW, build_network
from sqlalchemy import insert, select

from innercircle.services import Workspace
from innercircle.services.export import export_json
from innercircle.services.ownership import backup, restore
from innercircle.store import schema as s
from innercircle.store.db import current_revision, head_revision


def snapshot(ws: Workspace) -> dict:
    """The lossless export, as the user would compare it."""
    with ws.read() as tx:
        return export_json(tx).model_dump()


@pytest.fixture
def other_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A second, empty database on the same backend as ``db_url``."""
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("db_url") == "postgres":
        yield from pg_database()
    else:
        yield str(tmp_path / "other.db")


def test_migrations_reach_head(ws: Workspace) -> None:
    assert current_revision(ws.engine) == head_revision()
    # reopening an up-to-date database is a no-op that keeps the data
    build_network(ws)
    before = snapshot(ws)
    again = Workspace(ws.db)
    try:
        assert current_revision(again.engine) == head_revision()
        assert snapshot(again) == before
    finally:
        again.close()


def test_backup_then_restore_gives_identical_export(ws: Workspace, other_url: str, tmp_path: Path) -> None:
    build_network(ws)
    original = snapshot(ws)
    result = backup(ws, tmp_path / "backup.file")
    assert result.kind == ("sqlite" if ws.engine.dialect.name == "sqlite" else "json")
    target = Workspace(other_url)
    try:
        counts = restore(target, Path(result.path)).rows
        assert counts["people"] == 4
        assert snapshot(target) == original
        # ids continue after the restored ones (PostgreSQL sequences were reset)
        with target.begin() as tx:
            new = tx.conn.execute(
                insert(s.goals).values(text="after restore", created_at=NOW)
            ).inserted_primary_key[0]
        assert new == max(g["id"] for g in original["tables"]["goals"]) + 1
    finally:
        target.close()


def test_restore_from_json_export_into_sqlite(ws: Workspace, tmp_path: Path) -> None:
    build_network(ws)
    original = snapshot(ws)
    dump = tmp_path / "export.json"
    dump.write_text(json.dumps(original), encoding="utf-8")
    target = Workspace(str(tmp_path / "fresh.db"))
    try:
        restore(target, dump)
        assert snapshot(target) == original
    finally:
        target.close()


def test_restore_refuses_a_non_empty_database(cli, ws: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build_network(ws)
    dump = tmp_path / "export.json"
    dump.write_text(json.dumps(snapshot(ws)), encoding="utf-8")
    before = snapshot(ws)
    result = cli("restore", str(dump))
    assert result.exit_code == 1
    assert "not empty" in result.stderr and "Traceback" not in result.output
    assert snapshot(ws) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\xff garbage \x89PNG", "neither a SQLite backup nor a JSON export"),
        (b'{"format": "something-else"}', "not an innercircle export"),
        (b'{"format": "innercircle-export", "version": 1, "tables": {"nope": []}}', "unknown table"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "not a readable innercircle backup"),
    ],
)
def test_restore_refuses_bad_files_naming_them(cli, tmp_path: Path, content: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.backup"
    bad.write_bytes(content)
    result = cli("restore", str(bad))
    assert result.exit_code == 1
    assert message in result.stderr and str(bad) in result.stderr
    assert "Traceback" not in result.output


def test_sqlite_backup_is_a_snapshot_while_a_writer_is_busy(tmp_path: Path) -> None:
    """A write transaction open in another connection neither blocks the backup nor leaks into it."""
    ws = Workspace(str(tmp_path / "live.db"))
    build_network(ws)
    before = snapshot(ws)
    holding = threading.Event()
    release = threading.Event()

    def writer() -> None:
        with ws.begin() as tx:
            tx.conn.execute(insert(s.goals).values(text="uncommitted", created_at=NOW))
            holding.set()
            release.wait(20)

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert holding.wait(20)
        result = backup(ws, tmp_path / "snap.db")
    finally:
        release.set()
        t.join()
    copy = Workspace(str(tmp_path / "restored.db"))
    try:
        restore(copy, Path(result.path))
        assert snapshot(copy) == before
    finally:
        copy.close()
        ws.close()
    assert not Path(str(result.path) + "-wal").exists()


def test_forget_needs_confirmation(cli, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    build_network(ws)
    before = snapshot(ws)
    result = cli("forget", "Grace Hopper", input="n\n")
    assert result.exit_code == 1
    assert "nothing forgotten" in result.stderr
    assert snapshot(ws) == before
    result = cli("forget", "Grace Hopper", input="y\n")
    assert result.exit_code == 0, result.output
    assert "Grace" not in json.dumps(snapshot(ws))


def test_forget_erases_every_trace(cli, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    ids = build_network(ws)
    before = snapshot(ws)
    result = cli("forget", GRACE_EMAIL, "--yes")
    assert result.exit_code == 0, result.output
    after = snapshot(ws)
    flat = json.dumps(after).lower()
    for trace in ("grace", "hopper", GRACE_EMAIL, GRACE_PHONE, "(415) 555-0123", "daughter", "eu lab"):
        assert trace.lower() not in flat, trace
    tables = after["tables"]
    assert all(p["person_id"] != ids["grace"] for p in tables["participants"])
    # her calls alone are gone; the meeting with Alan stays, with the user and Alan only
    assert len(tables["interactions"]) == len(before["tables"]["interactions"]) - 3
    meeting = next(i for i in tables["interactions"] if i["channel"] == "meeting")
    assert {p["person_id"] for p in tables["participants"] if p["interaction_id"] == meeting["id"]} == {
        1,
        ids["alan"],
    }
    # the outcome stays (it is the user's), credited to Alan only; the other people are untouched
    assert [o["person_id"] for o in tables["outcome_people"]] == [ids["alan"]]
    assert {p["name"] for p in tables["people"]} == {"Ada Lovelace", "Alan Turing", "Katherine Johnson"}
    assert tables["import_batches"][0]["warnings"] == ["line 9: photo skipped"]
    assert tables["events"][0]["organizer"] is None


def test_forget_leaves_no_bytes_in_the_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleted rows must not survive in free pages or the write-ahead log."""
    from typer.testing import CliRunner

    from innercircle.cli.main import app

    db = tmp_path / "secret.db"
    ws = Workspace(str(db))
    build_network(ws)
    ws.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("secret.db*"))
    assert GRACE_EMAIL.encode() in raw  # the check below can fail
    result = CliRunner().invoke(app, ["--db", str(db), "forget", "Grace Hopper", "--yes"])
    assert result.exit_code == 0, result.output
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("secret.db*"))
    for trace in (GRACE_EMAIL, "Grace Hopper", "daughter starts university"):
        assert trace.encode() not in raw, trace


def test_forget_refuses_the_owner_and_unknown_people(cli, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    build_network(ws)
    result = cli("forget", "nobody-like-this@example.org", "--yes")
    assert result.exit_code == 1 and "no person" in result.stderr
    with ws.read() as tx:
        me = tx.conn.execute(select(s.people.c.id).where(s.people.c.is_me.is_(True))).scalar_one()
    result = cli("forget", str(me), "--yes")
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_export_json_is_the_lossless_export(cli, ws: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build_network(ws)
    result = cli("export", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(json.dumps(snapshot(ws)))
    assert cli("export", "--format", "json", "-o", str(tmp_path / "e.json")).exit_code == 0
    assert json.loads((tmp_path / "e.json").read_text()) == json.loads(result.stdout)


def _cards(text: str) -> list[dict[str, list[str]]]:
    """A strict little vCard reader: unfolds, splits cards, keeps property values by name."""
    assert "\n" not in text.replace("\r\n", "")
    lines = text.replace("\r\n ", "").split("\r\n")
    cards: list[dict[str, list[str]]] = []
    for line in lines:
        if line == "BEGIN:VCARD":
            cards.append({})
        elif line and line != "END:VCARD":
            name, _, value = line.partition(":")
            cards[-1].setdefault(name.split(";")[0], []).append(value)
    assert text.count("BEGIN:VCARD") == text.count("END:VCARD") == len(cards)
    return cards


def test_export_vcard(cli, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    build_network(ws)
    result = cli("export", "--format", "vcard")
    assert result.exit_code == 0
    text = result.stdout_bytes.decode()  # (Click's .stdout turns CRLF into LF)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cards = {c["FN"][0]: c for c in _cards(text)}
    assert set(cards) == {"Grace Hopper", "Alan Turing", "Katherine Johnson"}
    grace = cards["Grace Hopper"]
    assert grace["VERSION"] == ["3.0"]
    assert grace["EMAIL"] == [GRACE_EMAIL] and grace["TEL"] == [GRACE_PHONE]
    assert grace["ORG"] == ["US Navy"] and grace["TITLE"] == ["Rear Admiral"]
    assert grace["N"] == ["Hopper;Grace;;;"]
    assert grace["CATEGORIES"] == ["tech,e\\;x\\,y"]
    assert "family: daughter starts university in October" in grace["NOTE"][0]


def test_export_csv_people_and_interactions(cli, ws: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build_network(ws)
    people = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout)))
    by_name = {p["name"]: p for p in people}
    assert set(by_name) == {"Grace Hopper", "Alan Turing", "Katherine Johnson"}
    assert by_name["Grace Hopper"]["emails"] == GRACE_EMAIL
    assert by_name["Grace Hopper"]["phones"] == "'" + GRACE_PHONE  # text, not a formula, in a spreadsheet
    assert by_name["Katherine Johnson"]["other_ids"] == "handle:@kj"
    result = cli("export", "--format", "csv", "--what", "interactions")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(snapshot(ws)["tables"]["interactions"])
    meeting = next(r for r in rows if r["channel"] == "meeting")
    assert meeting["from"] == "ada@example.com"
    assert set(meeting["to"].split(";")) == {GRACE_EMAIL, "alan@npl.example"}
    assert meeting["duration_s"] == "3600"
    assert cli("export", "--format", "csv", "-o", str(tmp_path)).exit_code == 0
    assert (tmp_path / "interactions.csv").read_text().splitlines()[0].startswith("timestamp,from,to")
    assert len((tmp_path / "people.csv").read_text().splitlines()) == 4


def test_export_refuses_unknown_format(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "--format", "xml")
    assert result.exit_code == 1 and "unknown export format" in result.stderr


def test_import_list_and_undo_of_a_batch_keeps_people_with_other_data(cli, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    build_network(ws)
    batches = json.loads(cli("import-list", "--json").stdout)
    assert [(b["id"], b["path"], b["warnings"]) for b in batches] == [(1, "contacts.vcf", 2)]
    before = snapshot(ws)
    for bad, message in (("7", "no import batch 7"), ("contacts.vcf", "give the import's number")):
        result = cli("import-undo", bad)
        assert result.exit_code == 1 and message in result.stderr
    assert snapshot(ws) == before
    result = cli("import-undo", "1")
    assert result.exit_code == 0, result.output
    after = snapshot(ws)["tables"]
    assert after["import_batches"] == [] and after["person_sources"] == []
    # Grace and Alan were only seen by that batch, but the user logged calls with them: they stay
    assert after["people"] == before["tables"]["people"]
    assert after["interactions"] == before["tables"]["interactions"]


VCARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Archer\r\nEMAIL:ann@example.org\r\nORG:Acme\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Baker\r\nEMAIL:bob@example.org\r\nEND:VCARD\r\n"
)
INTERACTIONS = (
    "timestamp,from,to,channel,id,subject\n"
    "2026-01-05T10:00:00Z,me@example.com,ann@example.org,email,x1,hello Ann\n"
    "2026-01-06T10:00:00Z,cy@example.net,me@example.com,email,x2,from Cy\n"
    "2026-01-07T10:00:00Z,me@example.com,cy@example.net;ann@example.org,meeting,x3,the three of us\n"
)


def test_import_undo_returns_to_the_state_before_that_import(cli, ws: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "contacts.vcf").write_text(VCARDS)
    (tmp_path / "log.csv").write_text(INTERACTIONS)
    assert cli("import", str(tmp_path / "contacts.vcf"), "--me", "me@example.com").exit_code == 0
    with ws.begin() as tx:  # the user's own note about Ann stays whatever is undone
        tx.conn.execute(insert(s.details).values(person_id=2, text="met at PyCon", created_at=NOW))
    before = snapshot(ws)
    result = cli("import", str(tmp_path / "log.csv"), "--format", "interactions", "--me", "me@example.com")
    assert result.exit_code == 0, result.output
    middle = snapshot(ws)
    assert len(middle["tables"]["interactions"]) == 3 and len(middle["tables"]["people"]) == 4  # Cy is new
    batch = json.loads(cli("import-list", "--json").stdout)[-1]
    assert batch["format"] == "interactions"
    result = cli("import-undo", str(batch["id"]))
    assert result.exit_code == 0, result.output
    assert snapshot(ws) == before
    # the same file can be imported again, and gives what it gave the first time
    result = cli("import", str(tmp_path / "log.csv"), "--format", "interactions", "--me", "me@example.com")
    assert result.exit_code == 0
    again = snapshot(ws)["tables"]
    assert len(again["interactions"]) == 3 and len(again["people"]) == 4


def test_forget_after_import_leaves_nothing_in_the_batches(cli, ws: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "contacts.vcf").write_text(VCARDS)
    (tmp_path / "log.csv").write_text(INTERACTIONS)
    assert cli("import", str(tmp_path / "contacts.vcf"), "--me", "me@example.com").exit_code == 0
    assert cli("import", str(tmp_path / "log.csv"), "--format", "interactions").exit_code == 0
    assert cli("forget", "ann@example.org", "--yes").exit_code == 0
    flat = json.dumps(snapshot(ws)).lower()
    for trace in ("ann@example.org", "ann archer", "hello ann", "acme"):
        assert trace not in flat, trace  # her identity, name, one-to-one mail, and her employer
    assert "bob baker" in flat
    assert "the three of us" in flat  # the meeting with Cy stays


@pytest.mark.parametrize("fmt", ["json", "vcard", "csv"])
def test_export_into_a_missing_folder_is_one_error_line(cli, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "missing" / "out.file"
    result = cli("export", "--format", fmt, "-o", str(target))
    assert result.exit_code == 1 and "cannot write" in result.output and "Traceback" not in result.output
    assert not target.parent.exists()
