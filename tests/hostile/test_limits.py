"""The limits themselves, in process: each refusal names the file and the record, the rewritten checks
mean what the old ones did, each limit says why, and no file is parsed under the write lock."""

from __future__ import annotations

import ast
import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.hostile import corpus

from innercircle.core.errors import ParseError
from innercircle.core.model import Person
from innercircle.importers import ics, limits, registry, vcard
from innercircle.importers.base import Item, Options
from innercircle.importers.identity import is_address, normalize_email
from innercircle.services import Workspace
from innercircle.services.importing import import_paths
from innercircle.store import people

OPTS = Options(now=datetime(2026, 3, 1, tzinfo=UTC))
# the address rule as it was written before, a regex that backtracks on long values with many dots
OLD_EMAIL = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+$")


def _refusal(parse: Iterator[Item]) -> ParseError:
    with pytest.raises(ParseError) as caught:
        list(parse)
    return caught.value


def test_a_minutely_calendar_is_refused_naming_the_series() -> None:
    exc = _refusal(ics.parse(corpus.KEPT / "minutely.ics", OPTS))
    assert exc.path.endswith("minutely.ics")
    assert exc.record == "calendar 1 series every-minute@hostile.example"
    assert "FREQ=MINUTELY" in exc.reason and f"{limits.MAX_RECURRENCE_STEPS:,}" in exc.reason


def test_an_hourly_series_is_refused_past_its_occurrences() -> None:
    exc = _refusal(ics.parse(corpus.KEPT / "hourly.ics", OPTS))
    assert exc.record == "calendar 1 series every-hour@hostile.example"
    assert f"{limits.MAX_OCCURRENCES_PER_SERIES:,} times" in exc.reason


def test_rules_that_never_match_are_left_out_and_the_rest_read() -> None:
    items = list(ics.parse(corpus.KEPT / "never.ics", OPTS))
    warned = sorted(i.where for i in items if type(i).__name__ == "RecordWarning")
    assert warned == [
        "calendar 1 series daily-feb-30@hostile.example",
        "calendar 1 series february-30@hostile.example",
        "calendar 1 series tenth-monday@hostile.example",
    ]
    assert [i.title for i in items if type(i).__name__ == "EventRecord"] == ["A real event"]


def test_a_daily_meeting_since_1970_still_expands() -> None:
    """The step limit is above what real series need: a daily meeting since 1970, in the window."""
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:daily\r\nDTSTART:19700101T090000Z\r\n"
        "RRULE:FREQ=DAILY\r\nSUMMARY:Stand-up\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    items = list(ics.parse_bytes(text.encode(), "daily.ics", OPTS))
    assert 1400 < len(items) <= limits.MAX_OCCURRENCES_PER_SERIES  # four years of days


def test_a_card_with_too_many_addresses_is_refused_naming_the_card(tmp_path: Path) -> None:
    exc = _refusal(vcard.parse(corpus.vcard_many_emails(tmp_path), OPTS))
    assert exc.line == 1 and "card 1 lists 20,000" in exc.reason


def test_a_long_value_is_refused_naming_its_line(tmp_path: Path) -> None:
    exc = _refusal(vcard.parse(corpus.vcard_long_email(tmp_path), OPTS))
    assert exc.line == 4 and exc.reason.startswith("EMAIL value is 160,003 characters long")
    path = corpus.csv_field_too_long(tmp_path)
    exc = _refusal(registry.get("interactions").parse(path, OPTS))
    assert exc.line == 2 and exc.reason.startswith("field 'subject' is 100,001 characters long")


def test_a_zip_past_its_members_is_refused_before_it_is_listed(tmp_path: Path) -> None:
    path = corpus.linkedin_many_members(tmp_path)
    with pytest.raises(ParseError, match=r"a zip of 10,001 entries"):
        registry.detect(path)


@given(st.text(alphabet='ab.@ <:"', max_size=14))
def test_the_linear_address_check_is_the_old_rule(text: str) -> None:
    assert is_address(text) == bool(OLD_EMAIL.match(text))


def test_address_checks_take_linear_time() -> None:
    hostile = corpus.backtracking_address(2_000_000)
    started = time.process_time()
    assert normalize_email(hostile) is None and not is_address(corpus.backtracking_address(996))
    assert time.process_time() - started < 1.0


def test_every_limit_says_why() -> None:
    """Each limit is a named constant followed by a docstring giving the reason for its value."""
    tree = ast.parse(Path(limits.__file__).read_text())
    body = tree.body
    named = [
        (i, node.targets[0].id)
        for i, node in enumerate(body)
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    ]
    caps = [(i, name) for i, name in named if name.startswith("MAX_")]
    assert len(caps) >= 10
    for i, name in caps:
        doc = body[i + 1] if i + 1 < len(body) else None
        assert isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant), f"{name} has no docstring"
        assert len(str(doc.value.value)) > 40, f"{name}: say why this value"


def test_no_file_is_parsed_while_holding_the_write_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a file is being parsed another writer gets through at once; the file then lands whole."""
    db = str(tmp_path / "lock.db")
    Workspace(db).close()
    card = tmp_path / "one.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Parsed Slowly\r\nEND:VCARD\r\n")
    parsing, release = threading.Event(), threading.Event()

    def slow(path: Path, opts: Options) -> Iterator[Item]:
        yield from vcard.parse(path, opts)
        parsing.set()
        assert release.wait(60)

    monkeypatch.setitem(registry.FORMATS, "slow-vcard", registry.Format("slow-vcard", "a slow parser", slow))
    importer_ws, writer_ws = Workspace(db), Workspace(db)
    importer = threading.Thread(target=import_paths, args=(importer_ws, [card], "slow-vcard"))
    importer.start()
    try:
        assert parsing.wait(60)

        def write() -> None:
            with writer_ws.begin() as tx:
                people.add_person(tx.conn, Person(name="Written Meanwhile"), OPTS.now)

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(15)
        assert not writer.is_alive(), "a writer waited for the import's parse"
    finally:
        release.set()
        importer.join(60)
    with writer_ws.read() as tx:
        names = {p.name for p in people.list_people(tx.conn)}
    importer_ws.close()
    writer_ws.close()
    assert {"Written Meanwhile", "Parsed Slowly"} <= names


def test_caldav_and_carddav_objects_meet_the_same_limits(tmp_path: Path) -> None:
    """Sync reads each server object through the file parsers: a hostile object is a sync error naming
    the account and the object (and sync stores nothing of a failed pull)."""
    from innercircle.sync import caldav, carddav
    from innercircle.sync.base import SyncError

    minutely = (corpus.KEPT / "minutely.ics").read_bytes()
    with pytest.raises(SyncError, match=r"account work \[/cal/boom\.ics\]: .*steps to expand"):
        caldav.objects("work", "/cal/boom.ics", minutely, OPTS)
    card = corpus.vcard_many_emails(tmp_path).read_text()
    with pytest.raises(SyncError, match=r"account home \[/book/many\.vcf\]: .*addresses, numbers"):
        carddav.cards("home", "/book/many.vcf", card, OPTS)
