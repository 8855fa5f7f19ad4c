"""Loading the demo into a database, writing its files, and the ``demo`` command."""

from __future__ import annotations

import csv
import mailbox
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from innercircle.core.errors import UserInputError
from innercircle.core.model import Channel, Person
from innercircle.results.ownership import DemoBuilt
from innercircle.services import Workspace
from innercircle.services.demo import load_demo
from innercircle.services.export import export_json
from innercircle.store import details, favors, goals, interactions, outcomes, people, settings
from innercircle.store import events as events_store

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, DemoBuilt, Path]]:
    folder = tmp_path_factory.mktemp("demo")
    ws = Workspace(str(folder / "demo.db"))
    summary = load_demo(ws, seed=42, today="2026-03-01", now=NOW, files_dir=folder / "files")
    yield ws, summary, folder / "files"
    ws.close()


def _content(ws: Workspace) -> dict[str, Any]:
    with ws.read() as tx:
        return export_json(tx).model_dump()


def test_same_seed_same_database_other_seed_other(loaded: Any, tmp_path: Path) -> None:
    ws, _, _ = loaded
    again = Workspace(str(tmp_path / "again.db"))
    load_demo(again, seed=42, today="2026-03-01", now=NOW.replace(hour=17))
    assert _content(again) == _content(ws)
    load_demo(again, seed=42, today="2026-03-01", now=NOW)  # a rebuild over an earlier demo
    assert _content(again) == _content(ws)
    load_demo(again, seed=7, today="2026-03-01", now=NOW)
    other = _content(again)
    assert other["tables"]["people"] != _content(ws)["tables"]["people"]
    again.close()


def test_counts_in_the_database(loaded: Any) -> None:
    ws, summary, _ = loaded
    with ws.read() as tx:
        assert people.count_people(tx.conn) == summary.counts["people"]
        assert interactions.count_interactions(tx.conn) == summary.counts["interactions"]
        assert len(events_store.list_events(tx.conn)) == summary.counts["events"]
        assert len(goals.list_goals(tx.conn)) == summary.counts["goals"]
        assert len(outcomes.list_outcomes(tx.conn)) == summary.counts["outcomes"]
        assert len(favors.all_favors(tx.conn)) == summary.counts["favors"]
        assert len(details.all_details(tx.conn)) == summary.counts["details"]
        owner = people.get_owner(tx.conn)
        assert owner is not None and len(owner.identities) >= 3
        assert settings.get_setting(tx.conn, "budget") == {"hours_per_week": 6.0, "events_per_month": 2}
        assert set(settings.get_setting(tx.conn, "cadences")) == {"inner", "close", "active", "known"}
    assert 1400 <= summary.counts["connections"] <= 1600
    assert "1,500 LinkedIn connections" in summary.text


def test_planted_patterns_hold_in_the_database(loaded: Any) -> None:
    ws, summary, _ = loaded
    with ws.read() as tx:
        planted = settings.get_setting(tx.conn, "demo")["planted"]
        assert planted == summary.planted
        silent = planted["silent_tie"]["person_id"]
        times = [it.at for it in interactions.interactions_of(tx.conn, silent)]
        assert len(times) >= 40 and (NOW - max(times)).days >= 60
        lonely = interactions.interactions_of(tx.conn, planted["one_sided"]["person_id"])
        assert lonely and {str(it.direction) for it in lonely} == {"out"}
        for pid in planted["unfollowed"]["person_ids"]:
            its = interactions.interactions_of(tx.conn, pid)
            assert its and all(str(it.direction) != "out" for it in its)
            assert (NOW - min(it.at for it in its)).days >= 14
        events = {e.id: e for e in events_store.list_events(tx.conn)}
        assert all(events[eid].decision == "attend" for eid in planted["burnout"]["event_ids"])


def test_refuses_a_database_holding_the_users_own_data(tmp_path: Path) -> None:
    ws = Workspace(str(tmp_path / "mine.db"))
    with ws.begin() as tx:
        people.add_person(tx.conn, Person(name="Grace Hopper"), NOW)
    with pytest.raises(UserInputError, match="not the demo"):
        load_demo(ws, seed=1, now=NOW)
    with ws.read() as tx:
        assert people.count_people(tx.conn) == 1 and settings.get_setting(tx.conn, "demo") is None
    ws.close()


def test_files_parse_and_match_the_database(loaded: Any) -> None:
    ws, summary, folder = loaded
    assert sorted(p.name for p in folder.iterdir()) == sorted(Path(f).name for f in summary.files)
    with ws.read() as tx:
        its = interactions.all_interactions(tx.conn)
        events = events_store.list_events(tx.conn)
    lines = (folder / "Connections.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Notes:"
    start = lines.index("First Name,Last Name,URL,Email Address,Company,Position,Connected On")
    rows = list(csv.DictReader(lines[start:]))
    assert len(rows) == summary.counts["connections"]
    assert all(datetime.strptime(r["Connected On"], "%d %b %Y") for r in rows)
    with (folder / "messages.csv").open(encoding="utf-8", newline="") as fh:
        messages = list(csv.DictReader(fh))
    assert len(messages) == sum(1 for it in its if it.source == "linkedin")
    assert "RECIPIENT PROFILE URLS" in messages[0] and messages[0]["DATE"].endswith(" UTC")
    box = mailbox.mbox(str(folder / "mail.mbox"))
    mails = list(box)
    box.close()
    assert len(mails) == sum(1 for it in its if it.channel is Channel.EMAIL)
    assert {m["Message-ID"] for m in mails} == {it.message_id for it in its if it.channel is Channel.EMAIL}
    assert any(m["Cc"] for m in mails) and any(m["In-Reply-To"] for m in mails)
    cal = Calendar.from_ical((folder / "calendar.ics").read_bytes())
    vevents = cal.walk("VEVENT")
    meetings = [it for it in its if it.channel is Channel.MEETING]
    assert len(vevents) == len(meetings) + len(events)
    assert sum(1 for v in vevents if v.get("attendee")) == len(meetings)
    cards = (folder / "contacts.vcf").read_text(encoding="utf-8").count("BEGIN:VCARD")
    assert cards == summary.counts["in_contact"]


def test_files_are_the_same_for_the_same_seed(loaded: Any, tmp_path: Path) -> None:
    from innercircle.demo.files import write_files
    from innercircle.demo.generate import generate

    _, _, folder = loaded
    for path in write_files(generate(42, NOW.date()), tmp_path):
        assert path.read_bytes() == (folder / path.name).read_bytes(), path.name


def test_demo_command_prints_the_summary(tmp_path: Path) -> None:
    from innercircle.cli.main import app

    db = tmp_path / "cli.db"
    result = CliRunner().invoke(app, ["--db", str(db), "demo", "--seed", "3", "--today", "2026-01-15"])
    assert result.exit_code == 0, result.output
    assert "LinkedIn connections" in result.output and "interactions" in result.output
    ws = Workspace(str(db))
    with ws.read() as tx:
        assert settings.get_setting(tx.conn, "demo")["today"] == "2026-01-15"
    ws.close()
    bad = CliRunner().invoke(app, ["--db", str(db), "demo", "--today", "someday"])
    assert bad.exit_code == 1 and "not a date" in bad.output


def test_the_importers_read_the_files_back_to_the_same_network(loaded: Any, tmp_path: Path) -> None:
    from innercircle.services.importing import import_paths

    ws, summary, folder = loaded
    with ws.read() as tx:
        owner = people.get_owner(tx.conn)
        assert owner is not None
        mine = [i.raw for i in owner.identities]  # emails, phone, LinkedIn URL
        its = interactions.all_interactions(tx.conn)
        n_events = len(events_store.list_events(tx.conn))
    copy = Workspace(str(tmp_path / "imported.db"))
    names = ("Connections.csv", "messages.csv", "contacts.vcf", "calendar.ics", "mail.mbox")
    import_paths(copy, [folder / n for n in names], me=mine)
    with copy.read() as tx:
        back = interactions.all_interactions(tx.conn)
        assert people.count_people(tx.conn) == summary.counts["people"]
        assert len(events_store.list_events(tx.conn)) == n_events
    copy.close()

    def shape(items: list[Any]) -> Counter[tuple[str, str]]:
        return Counter((str(it.channel), str(it.direction)) for it in items)

    on_file = [it for it in its if it.source in ("mail", "ics", "linkedin")]
    assert shape(back) == shape(on_file)
