"""CardDAV and CalDAV sync against a real Radicale (.ci/radicale.sh) into a real SQLite file, through the CLI.

The address books and calendars are uploaded from the real sample vCards and calendars in ../shared.
"""

from __future__ import annotations

import json
import socket
import uuid
from pathlib import Path
from typing import Any

import pytest
from davserver import DavServer, cards, dav_server, with_uid
from synccli import export_bytes, sync_json
from tests.conftest import SAMPLES, needs_samples

from innercircle.importers.base import Options
from innercircle.sync import carddav
from innercircle.sync.base import Account

pytestmark = needs_samples()
PW_ENV = "IC_TEST_DAV_PASSWORD"
VCARDS = [
    "ez-vcard/src/test/resources/ezvcard/io/text/John_Doe_EVOLUTION.vcf",
    "ez-vcard/src/test/resources/ezvcard/io/text/John_Doe_GMAIL.vcf",
    "ez-vcard/src/test/resources/ezvcard/io/text/gmail-list.vcf",
    "ez-vcard/src/test/resources/ezvcard/io/text/rfc2426-example.vcf",
    "ez-vcard/src/test/resources/ezvcard/io/text/rfc6350-example.vcf",
    "ez-vcard/src/test/resources/ezvcard/io/text/fullcontact.vcf",
    "khard/test/fixture/vcards/contact1.vcf",
    "khard/test/fixture/vcards/contact2.vcf",
    "khard/test/fixture/vcards/org.vcf",
    "khard/test/fixture/vcards/labels.vcf",
    "khard/test/fixture/vcards/text-bday.vcf",
    "vobject/test_files/radicale-1587.vcf",
]
CALENDAR = "biweekly/src/test/resources/biweekly/io/text/outlook-2010.ics"  # Outlook 14: a meeting, attendees
EVENTS = "icalendar/src/icalendar/tests/calendars/issue_526_calendar_with_events.ics"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> DavServer:
    """The Radicale test server; its password in the environment variable the accounts name."""
    found = dav_server()
    monkeypatch.setenv(PW_ENV, found.password)
    return found


def _book(server: DavServer, tmp_path: Path) -> tuple[str, Path]:
    """A new address book holding the sample cards, and the same cards as one .vcf file.

    The file holds the cards as the server keeps them: Radicale rewrites what it stores (vobject cuts
    Gmail's ``FN:Mr. John Richter, James Doe Sr.`` at the unescaped comma), and a user's export of the
    address book is what the server holds.
    """
    book = server.new_book()
    hrefs = []
    for path in VCARDS:
        for card in cards((SAMPLES / path).read_text(encoding="utf-8")):
            card = with_uid(card, f"sample-{uuid.uuid4().hex[:8]}")
            # hrefs in the file's order: cards of one person merge, and the first one names them
            hrefs.append(f"{book}c{len(hrefs):03}.vcf")
            assert server.put(hrefs[-1], card) == 201, path
    file = tmp_path / "contacts.vcf"
    file.write_text("".join(server.get(h) for h in hrefs), encoding="utf-8")
    return book, file


def _add(cli, server: DavServer, kind: str, name: str, url: str, *extra: str) -> None:  # type: ignore[no-untyped-def]
    r = cli(
        "account", "add", kind, name, "--url", url, "--user", server.user, "--password-env", PW_ENV, *extra
    )
    assert r.exit_code == 0, r.output


def _people(cli, *db: str) -> list[tuple[str, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    ties = json.loads(cli(*db, "ties", "--json").stdout)
    return sorted((p["name"], tuple(sorted(p["identities"]))) for p in ties)


def _tables(cli) -> dict[str, list[dict[str, Any]]]:  # type: ignore[no-untyped-def]
    return json.loads(cli("export").stdout)["tables"]  # type: ignore[no-any-return]


def test_address_book_first_sync_then_nothing_and_the_same_people_as_the_file(
    cli, server: DavServer, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    book, file = _book(server, tmp_path)
    _add(cli, server, "carddav", "contacts", book)
    code, (first,), _ = sync_json(cli)
    assert code == 0 and first["error"] is None, first
    assert first["fetched"] == len(server.hrefs(book)) >= 12
    assert first["counts"]["people_added"] > 10
    before = export_bytes(cli, tmp_path / "a.json")
    code, (second,), _ = sync_json(cli)
    assert code == 0 and (second["fetched"], second["counts"], second["batch"]) == (0, {}, None)
    assert export_bytes(cli, tmp_path / "b.json") == before
    other = str(tmp_path / "file.db")
    assert cli("--db", other, "import", str(file)).exit_code == 0
    assert _people(cli) == _people(cli, "--db", other)  # the server's cards and the file's: the same people
    assert cli("import", str(file)).exit_code == 0  # the file into the synced database too: nobody new
    assert _people(cli) == _people(cli, "--db", other)


def test_cards_added_changed_and_deleted_on_the_server(cli, server: DavServer) -> None:  # type: ignore[no-untyped-def]
    book = server.new_book()
    grace = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:grace\r\nFN:Grace Hopper\r\nEMAIL:grace@navy.example\r\nEND:VCARD\r\n"
    alan = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:alan\r\nFN:Alan Turing\r\nEMAIL:alan@npl.example\r\nEND:VCARD\r\n"
    )
    assert server.put(f"{book}grace.vcf", grace) == 201 and server.put(f"{book}alan.vcf", alan) == 201
    _add(cli, server, "carddav", "contacts", book)
    code, (first,), _ = sync_json(cli)
    assert code == 0 and first["fetched"] == 2 and first["counts"]["people_added"] == 2
    changed = grace.replace(
        "END:VCARD", "TEL:+1 202 555 0143\r\nORG:US Navy\r\nTITLE:Rear Admiral\r\nEND:VCARD"
    )
    assert server.put(f"{book}grace.vcf", changed) in (201, 204)
    server.delete(f"{book}alan.vcf")
    ada = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:ada\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"
    assert server.put(f"{book}ada.vcf", ada) == 201
    code, (second,), _ = sync_json(cli)
    assert code == 0 and (second["fetched"], second["removed_on_server"]) == (2, 1), second
    assert second["counts"]["people_added"] == 1 and second["counts"]["people_matched"] == 1
    shown = json.loads(cli("show", "Grace Hopper", "--json").stdout)
    assert "+12025550143" in json.dumps(shown) and "Rear Admiral" in json.dumps(
        shown
    )  # what changed is there
    assert {p["name"] for p in _tables(cli)["people"]} >= {"Alan Turing", "Ada Lovelace", "Grace Hopper"}
    r = cli("sync")  # the summary says the deleted card is kept
    assert r.exit_code == 0 and "0 fetched" in r.stdout and "removed on the server (kept)" in r.stdout


def test_etags_without_sync_token_find_the_same_changes(server: DavServer) -> None:
    book = server.new_book()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{0}\r\nFN:Person {0}\r\nEMAIL:{0}@example.org\r\nEND:VCARD\r\n"
    for who in ("one", "two"):
        assert server.put(f"{book}{who}.vcf", card.format(who)) == 201
    account = Account("contacts", "carddav", book, server.user)
    first = carddav.pull(account, server.password, {}, Options(), use_sync_token=False)
    assert (first.fetched, first.removed, first.state["books"][book]["token"]) == (2, 0, None)
    again = carddav.pull(account, server.password, first.state, Options(), use_sync_token=False)
    assert (again.fetched, again.removed) == (0, 0)  # the ctag did not move
    server.delete(f"{book}one.vcf")
    assert server.put(f"{book}two.vcf", card.format("two").replace("Person two", "Person Two Changed")) in (
        201,
        204,
    )
    assert server.put(f"{book}three.vcf", card.format("three")) == 201
    after = carddav.pull(account, server.password, again.state, Options(), use_sync_token=False)
    assert (after.fetched, after.removed) == (2, 1)
    assert sorted(i.party.name for i in after.items) == ["Person Two Changed", "Person three"]  # type: ignore[union-attr]


def test_the_book_is_found_under_the_server_url_by_name(cli, server: DavServer) -> None:  # type: ignore[no-untyped-def]
    book = server.new_book()
    assert (
        server.put(f"{book}x.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nFN:Xavier Found\r\nEND:VCARD\r\n")
        == 201
    )
    name = book.rstrip("/").rpartition("/")[2]
    _add(cli, server, "carddav", "contacts", server.url, "--folder", name)
    code, (first,), _ = sync_json(cli)
    assert code == 0 and first["fetched"] == 1, first
    _add(cli, server, "carddav", "nobook", server.url, "--folder", "no-such-book")
    code, results, _ = sync_json(cli, "nobook")
    assert code == 1 and "account nobook" in results[0]["error"] and "no-such-book" in results[0]["error"]


def test_events_added_changed_and_deleted_on_the_server(cli, server: DavServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cal = server.new_calendar((SAMPLES / CALENDAR).read_bytes())
    _add(cli, server, "caldav", "calendar", cal)
    code, (first,), _ = sync_json(cli)
    assert code == 0 and first["fetched"] == len(server.hrefs(cal)) >= 1, first
    met = first["counts"]["interactions"]
    assert met >= 1  # the Outlook meeting with attendees
    other = str(tmp_path / "file.db")  # the same calendar as a file: the same meetings and people
    assert cli("--db", other, "import", str(SAMPLES / CALENDAR)).exit_code == 0
    assert _people(cli) == _people(cli, "--db", other)
    code, (second,), _ = sync_json(cli)
    assert code == 0 and second["fetched"] == 0
    event = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//innercircle tests//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
        "DTSTAMP:20260301T090000Z\r\nDTSTART:{start}\r\nDTEND:20260302T110000Z\r\nSUMMARY:{title}\r\n"
        "ORGANIZER;CN=Grace Hopper:mailto:grace@navy.example\r\n"
        "ATTENDEE;CN=Alan Turing:mailto:alan@npl.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert (
        server.put(
            f"{cal}new.ics", event.format(uid="n1", start="20260302T100000Z", title="Planning"), "calendar"
        )
        == 201
    )
    code, (third,), _ = sync_json(cli)
    assert code == 0 and third["fetched"] == 1 and third["counts"]["interactions"] == 1
    moved = event.format(uid="n1", start="20260302T103000Z", title="Planning (moved)")
    assert server.put(f"{cal}new.ics", moved, "calendar") in (201, 204)
    server.delete(
        server.hrefs(cal)[0] if not server.hrefs(cal)[0].endswith("new.ics") else server.hrefs(cal)[1]
    )
    code, (fourth,), _ = sync_json(cli)
    assert code == 0 and (fourth["fetched"], fourth["removed_on_server"]) == (1, 1), fourth
    subjects = [i["subject"] for i in _tables(cli)["interactions"]]
    # the moved meeting is there at its new time; the first time stays in the history (as when a changed
    # .ics file is imported again), and so does the meeting deleted on the server
    assert subjects.count("Planning (moved)") == 1 and subjects.count("Planning") == 1
    assert len(subjects) == met + 2


def test_a_malformed_card_names_the_account_and_item_and_changes_nothing(
    cli, server: DavServer, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    book = server.new_book()
    assert (
        server.put(
            f"{book}fine.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:f\r\nFN:Fine Person\r\nEND:VCARD\r\n"
        )
        == 201
    )
    # a card with an empty name and nothing else: Radicale takes it, nothing in it says who it is
    assert (
        server.put(
            f"{book}empty.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:e\r\nFN:\r\nN:;;;;\r\nEND:VCARD\r\n"
        )
        == 201
    )
    cal = server.new_calendar((SAMPLES / EVENTS).read_bytes())
    _add(cli, server, "carddav", "broken", book)
    _add(cli, server, "caldav", "calendar", cal)
    before = export_bytes(cli, tmp_path / "a.json")
    code, results, _ = sync_json(cli, "broken")
    assert code == 1
    error = results[0]["error"]
    assert error.startswith("account broken") and "empty.vcf" in error and "malformed vCard" in error
    assert export_bytes(cli, tmp_path / "b.json") == before
    code, results, _ = sync_json(cli)  # both: the calendar still syncs
    by = {r["account"]: r for r in results}
    assert code == 1 and by["broken"]["error"] and by["calendar"]["error"] is None
    assert by["calendar"]["fetched"] >= 1 and by["calendar"]["counts"]["events"] >= 1
    r = cli("sync", "broken")
    assert r.exit_code == 1 and "account broken" in r.stderr and "empty.vcf" in r.stderr


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("kind", ["carddav", "caldav"])
def test_wrong_password_and_server_down_name_the_account(
    cli, server: DavServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:  # type: ignore[no-untyped-def]
    url = server.new_book() if kind == "carddav" else server.new_calendar((SAMPLES / EVENTS).read_bytes())
    cli("account", "add", kind, "wrong", "--url", url, "--user", server.user, "--password-env", "IC_WRONG_PW")
    monkeypatch.setenv("IC_WRONG_PW", "not-" + server.password)
    _add(cli, server, kind, "down", f"http://127.0.0.1:{_closed_port()}/")
    before = export_bytes(cli, tmp_path / "a.json")
    for name, says in (("wrong", "refused the user or password"), ("down", "cannot reach the server")):
        code, (result,), _ = sync_json(cli, name)
        assert code == 1 and result["error"].startswith(f"account {name}: ") and says in result["error"]
        assert server.password not in result["error"]
    assert export_bytes(cli, tmp_path / "b.json") == before
