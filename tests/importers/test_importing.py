"""The import use case: one person across sources, idempotent re-import, all-or-nothing files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.conftest import SAMPLES, needs_samples
from tests.importers.test_linkedin import MESSAGES, V2018, V2021

from innercircle.core.errors import ParseError
from innercircle.core.model import Direction
from innercircle.services import Workspace
from innercircle.services.importing import import_paths
from innercircle.services.merge import merge, unmerge
from innercircle.services.people import resolve_person
from innercircle.store import details as details_store
from innercircle.store import interactions, people
from innercircle.store import schema as s

INTERACTIONS = (
    "timestamp,from,to,channel,duration_s,id,subject\n"
    "2026-01-05T10:00:00Z,ada@example.com,grace@navy.example;alan@bletchley.example,email,,m1,Plans\n"
    "1767700000,grace@navy.example,ada@example.com,call,600,c1,\n"
    "2026-01-07T09:00:00+01:00,ada@example.com,+44 20 7946 0000,sms,,s1,\n"
)
VCF = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nORG:US Navy\r\nEMAIL:grace@navy.example\r\n"
    "BDAY:1906-12-09\r\nEND:VCARD\r\n"
)


def _counts(ws: Workspace) -> tuple[int, int, int, int]:
    with ws.read() as tx:
        return (
            people.count_people(tx.conn),
            interactions.count_interactions(tx.conn),
            int(tx.conn.execute(select(func.count()).select_from(s.identities)).scalar_one()),
            int(tx.conn.execute(select(func.count()).select_from(s.import_batches)).scalar_one()),
        )


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_interactions_csv_direction_and_group_size(ws: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path, "log.csv", INTERACTIONS)
    summary = import_paths(ws, [path], me=["ada@example.com"])
    assert summary.files[0].format == "interactions"
    assert summary.totals["interactions"] == 3
    with ws.read() as tx:
        its = interactions.all_interactions(tx.conn)
    assert [it.direction for it in its] == [Direction.OUT, Direction.IN, Direction.OUT]
    assert its[0].group_size == 2 and its[1].group_size == 1
    assert its[1].duration_s == 600


def test_the_batch_of_a_file_is_the_import_of_its_content(ws: Workspace, tmp_path: Path) -> None:
    """``import --json`` names each file's batch (what ``import-undo`` takes): the new one, the earlier one
    for content imported before (from whichever path), none in a dry run."""
    first = import_paths(ws, [_write(tmp_path, "log.csv", INTERACTIONS)]).files[0]
    assert first.batch is not None and not first.already_imported
    copy = _write(tmp_path, "copy of log.csv", INTERACTIONS)
    (again,) = import_paths(ws, [copy]).files
    assert again.already_imported and again.batch == first.batch
    (dry,) = import_paths(ws, [_write(tmp_path, "card.vcf", VCF)], dry_run=True).files
    assert dry.batch is None and dry.counts["people_matched"] == 1
    (stored,) = import_paths(ws, [tmp_path / "card.vcf"]).files
    # a new batch (PostgreSQL's sequences skip the id the dry run's rolled-back insert took)
    assert stored.batch is not None and stored.batch > first.batch and not stored.already_imported
    (repeat,) = import_paths(ws, [tmp_path / "card.vcf"]).files
    assert repeat.already_imported and repeat.batch == stored.batch


def test_reimport_changes_nothing(ws: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path, "log.csv", INTERACTIONS)
    import_paths(ws, [path])
    before = _counts(ws)
    again = import_paths(ws, [path])
    assert again.files[0].already_imported
    assert _counts(ws) == before
    # the same rows in another file: stable ids skip them
    import_paths(ws, [_write(tmp_path, "copy.csv", INTERACTIONS + "\n")])
    assert _counts(ws)[:3] == before[:3]


def test_bad_row_rejects_the_whole_file(ws: Workspace, tmp_path: Path) -> None:
    bad = INTERACTIONS + "not-a-date,ada@example.com,grace@navy.example,email,,m9,\n"
    path = _write(tmp_path, "bad.csv", bad)
    before = _counts(ws)
    with pytest.raises(ParseError, match=r"bad.csv:5: not a timestamp"):
        import_paths(ws, [path])
    assert _counts(ws) == before


def test_one_person_across_linkedin_vintages_vcard_and_mail(ws: Workspace, tmp_path: Path) -> None:
    old = tmp_path / "2018"
    new = tmp_path / "2021"
    old.mkdir()
    new.mkdir()
    import_paths(ws, [_write(old, "Connections.csv", V2018)])
    import_paths(ws, [_write(new, "Connections.csv", V2021)])
    import_paths(ws, [_write(tmp_path, "grace.vcf", VCF)])
    import_paths(ws, [_write(tmp_path, "log.csv", INTERACTIONS)])
    with ws.read() as tx:
        names = sorted(p.name for p in people.list_people(tx.conn))
        grace = resolve_person(tx, "grace@navy.example")
        details = details_store.details_of(tx.conn, grace.id or 0)
    assert names.count("Grace Hopper") == 1
    assert names.count("Alan Turing") == 1  # name + same company across vintages
    assert {i.value for i in grace.identities} >= {"grace@navy.example", "linkedin.com/in/grace-hopper"}
    assert len(grace.sources) == 4  # each file it came from
    assert any(d.kind == "birthday" and d.on is not None for d in details)
    assert grace.connected_at is not None and grace.connected_at.year == 2018  # the earliest


def test_same_name_other_evidence_is_not_merged(ws: Workspace, tmp_path: Path) -> None:
    import_paths(ws, [_write(tmp_path, "Connections.csv", V2021)])
    other = V2021.replace("https://www.linkedin.com/in/grace-hopper", "https://www.linkedin.com/in/grace-h-2")
    (tmp_path / "b").mkdir()
    import_paths(ws, [_write(tmp_path / "b", "Connections.csv", other.replace("US Navy", "Acme"))])
    with ws.read() as tx:
        assert [p.name for p in people.list_people(tx.conn)].count("Grace Hopper") == 2


def test_linkedin_messages_direction_from_sent_folder(ws: Workspace, tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    _write(tmp_path / "export", "Connections.csv", V2021)
    _write(tmp_path / "export", "messages.csv", MESSAGES)
    import_paths(ws, [tmp_path / "export"])
    with ws.read() as tx:
        its = interactions.all_interactions(tx.conn)
        me = people.get_owner(tx.conn)
    assert me is not None and any(i.value == "linkedin.com/in/ada" for i in me.identities)
    assert [it.direction for it in its] == [Direction.IN, Direction.OUT]


def test_dry_run_stores_nothing(ws: Workspace, tmp_path: Path) -> None:
    before = _counts(ws)
    summary = import_paths(ws, [_write(tmp_path, "log.csv", INTERACTIONS)], dry_run=True)
    assert summary.totals["interactions"] == 3
    assert _counts(ws) == before


def test_merge_and_unmerge_move_everything_back(ws: Workspace, tmp_path: Path) -> None:
    import_paths(ws, [_write(tmp_path, "log.csv", INTERACTIONS)])
    with ws.begin() as tx:
        a = resolve_person(tx, "grace@navy.example")
        b = resolve_person(tx, "alan@bletchley.example")
        before_a = len(interactions.interactions_of(tx.conn, a.id or 0))
        merge(tx, "grace@navy.example", "alan@bletchley.example", ws_now := a.created_at)  # type: ignore[arg-type]
        merged = people.get_person(tx.conn, a.id or 0)
        assert merged is not None
        assert {i.value for i in merged.identities} >= {"grace@navy.example", "alan@bletchley.example"}
        assert people.get_person(tx.conn, b.id or 0) is None
        assert ws_now is not None
    with ws.begin() as tx:
        back = unmerge(tx, "grace@navy.example")
        assert back.person_id == b.id and back.kept.person_id == a.id
        assert {i.value for i in back.identities} == {"alan@bletchley.example"}
        assert len(interactions.interactions_of(tx.conn, a.id or 0)) == before_a
        assert len(interactions.interactions_of(tx.conn, b.id or 0)) == 1


def test_cli_import_json_and_error_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = _write(tmp_path, "log.csv", INTERACTIONS)
    res = cli("import", str(good), "--me", "ada@example.com", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["totals"]["interactions"] == 3
    bad = _write(tmp_path, "bad.csv", INTERACTIONS.replace("email,,m1", "carrier-pigeon,,m1"))
    res = cli("import", str(bad))
    assert res.exit_code != 0
    assert "error:" in res.stderr and "bad.csv:2: unknown channel" in res.stderr
    assert "Traceback" not in res.output
    res = cli("import", str(tmp_path / "missing.vcf"))
    assert res.exit_code != 0 and "no such file" in res.stderr


@needs_samples()
def test_every_valid_sample_imports_through_the_cli(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = [
        *sorted((SAMPLES / "ez-vcard/src/test/resources/ezvcard/io/text").glob("*.vcf")),
        *sorted((SAMPLES / "khard/test/fixture/vcards").glob("[a-t]*.vcf")),
        SAMPLES / "biweekly/src/test/resources/biweekly/io/text/outlook-2010.ics",
        SAMPLES / "cpython/Lib/test/test_email/data/mailbox_01.mbox",
        SAMPLES / "notmuch/test/corpora/default",
        SAMPLES / "whatsapp-chat-parser/samples/short-chat.txt",
        *sorted((SAMPLES / "mail-parser/tests/mails").glob("mail_test_*")),
    ]
    res = cli("import", *map(str, paths), "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert len(data["files"]) == len(paths)
    assert data["totals"]["people_added"] > 20 and data["totals"]["interactions"] > 20
    again = json.loads(cli("import", *map(str, paths), "--json").stdout)
    assert all(f["already_imported"] for f in again["files"])


@needs_samples()
def test_broken_sample_is_refused_and_database_unchanged(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("init")
    res = cli("import", str(SAMPLES / "khard/test/fixture/vcards/unparsable.vcf"))
    assert res.exit_code != 0
    assert res.stderr.count("\n") == 1 and "unparsable.vcf:1:" in res.stderr
    ws = Workspace(str(db_path))
    try:
        assert _counts(ws) == (0, 0, 0, 0)
    finally:
        ws.close()


def test_a_bad_file_among_several_stops_before_anything_is_imported(ws: Workspace, tmp_path: Path) -> None:
    good = _write(tmp_path, "log.csv", INTERACTIONS)
    junk = _write(tmp_path, "junk.bin", "\x00\x01 not a known format")
    before = _counts(ws)
    with pytest.raises(ParseError, match=r"junk\.bin: unknown format"):
        import_paths(ws, [good, junk], me=["ada@example.com"])
    assert _counts(ws) == before


@needs_samples()
def test_header_only_linkedin_exports_of_every_vintage_import_no_one(ws: Workspace) -> None:
    folders = sorted(p for p in (SAMPLES / "linkedin-export-headers-only").iterdir() if p.is_dir())
    assert len(folders) == 5
    summary = import_paths(ws, folders)
    assert [f.format for f in summary.files] == ["linkedin"] * 5
    assert summary.totals["people_added"] == 0 and summary.totals["warnings"] == 0


def test_merge_a_duplicate_of_the_owner_into_me(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com")
    path = _write(
        tmp_path, "log.csv", INTERACTIONS.replace("ada@example.com,grace", "ada@home.example,grace")
    )
    assert cli("import", str(path)).exit_code == 0
    before = json.loads(cli("show", "grace@navy.example", "--json").stdout)
    res = cli("merge", "me", "ada@home.example")
    assert res.exit_code == 0, res.output
    shown = cli("people", "--json")
    assert "ada@home.example" not in shown.stdout
    after = json.loads(cli("show", "grace@navy.example", "--json").stdout)
    key = "timeline" if "timeline" in after else "interactions"
    dirs = lambda d: sorted(i["direction"] for i in d[key])  # noqa: E731
    assert dirs(before) == ["in", "unknown"] and dirs(after) == ["in", "out"]
    assert cli("unmerge", "me").exit_code == 0
    assert dirs(json.loads(cli("show", "grace@navy.example", "--json").stdout)) == ["in", "unknown"]
