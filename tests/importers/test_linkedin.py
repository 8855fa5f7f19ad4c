"""LinkedIn exports in every vintage: preamble or not, URL column or not, three date styles, BOM."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from innercircle.core.errors import ParseError
from innercircle.core.model import IdentityKind
from innercircle.core.records import ActivityRecord, CardRecord, InteractionRecord, OwnerFact
from innercircle.importers import linkedin, registry
from innercircle.importers.base import Options

OPTS = Options()
PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are '
    'missing. You will only see email addresses for connections who have allowed it."\n\n'
)
V2018 = (
    "First Name,Last Name,Email Address,Company,Position,Connected On\r\n"
    'Grace,Hopper,grace@navy.example,US Navy,Rear Admiral,"1/8/18, 6:14 PM"\r\n'
    'Alan,Turing,,Bletchley Park,Cryptanalyst,"12/24/17, 9:01 AM"\r\n'
)
V2021 = PREAMBLE + (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Grace,Hopper,https://www.linkedin.com/in/grace-hopper,,US Navy,Rear Admiral,07 Feb 2021\n"
    "Katherine,Johnson,https://www.linkedin.com/in/kjohnson,,NASA,Mathematician,6-Feb-21\n"
    "Alan,Turing,https://www.linkedin.com/in/alan-turing,,Bletchley Park,Cryptanalyst,01 Mar 2020\n"
)
V2026 = (
    "\ufeff"
    + PREAMBLE
    + (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Grace,Hopper,https://www.linkedin.com/in/grace-hopper,,US Navy,Rear Admiral,07 Feb 2026\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,ada@example.com,Analytical Engines,Countess,01 Jan 2026\n"
    )
)


def _write(tmp_path: Path, name: str, text: str, folder: str = "") -> Path:
    d = tmp_path / folder if folder else tmp_path
    d.mkdir(parents=True, exist_ok=True)
    p = d / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(("text", "people"), [(V2018, 2), (V2021, 3), (V2026, 2)])
def test_connections_every_vintage(tmp_path: Path, text: str, people: int) -> None:
    path = _write(tmp_path, "Connections.csv", text)
    assert registry.detect(path).name == "linkedin"
    contacts = [r for r in linkedin.parse(path, OPTS) if isinstance(r, CardRecord)]
    assert len(contacts) == people
    assert all(c.connected_at is not None and c.connected_at.tzinfo is not None for c in contacts)
    grace = contacts[0]
    assert grace.party.name == "Grace Hopper" and grace.org == "US Navy"


def test_three_date_styles(tmp_path: Path) -> None:
    path = _write(tmp_path, "Connections.csv", V2021)
    dates = [
        r.connected_at.date().isoformat() for r in linkedin.parse(path, OPTS) if isinstance(r, CardRecord)
    ]
    assert dates == ["2021-02-07", "2021-02-06", "2020-03-01"]
    path = _write(tmp_path, "Connections.csv", V2018)
    first = next(r for r in linkedin.parse(path, OPTS) if isinstance(r, CardRecord))
    assert first.connected_at is not None and (first.connected_at.month, first.connected_at.hour) == (1, 18)


def test_bad_date_rejects_the_file_naming_the_row(tmp_path: Path) -> None:
    path = _write(tmp_path, "Connections.csv", V2021.replace("6-Feb-21", "someday"))
    with pytest.raises(ParseError, match=r"Connections.csv:6: Connected On"):
        list(linkedin.parse(path, OPTS))


MESSAGES = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
    "c1,,Grace Hopper,https://www.linkedin.com/in/grace-hopper,Ada Lovelace,https://www.linkedin.com/in/ada,"
    "2026-02-08 10:00:00 UTC,,Hello Ada,INBOX\n"
    "c1,,Ada Lovelace,https://www.linkedin.com/in/ada,Grace Hopper,https://www.linkedin.com/in/grace-hopper,"
    "2026-02-08 11:00:00 UTC,,Hi Grace,SENT\n"
)
INVITATIONS = (
    'From,To,Sent At,Message,Direction\nAda Lovelace,Katherine Johnson,"2/1/26, 9:00 AM",Hello,OUTGOING\n'
)
SHARES = "Date,ShareLink,ShareCommentary,SharedURL,MediaURL,Visibility\n2026-01-05 08:00:00,https://lnkd.in/x,On engines,,,PUBLIC\n"
POSITIONS = "Company Name,Title,Description,Location,Started On,Finished On\nAnalytical Engines,Countess,,London,Jan 2020,\n"


def test_whole_export_folder_and_zip(tmp_path: Path) -> None:
    for name, text in (
        ("Connections.csv", V2026),
        ("messages.csv", MESSAGES),
        ("Invitations.csv", INVITATIONS),
        ("Shares.csv", SHARES),
        ("Positions.csv", POSITIONS),
    ):
        _write(tmp_path, name, text, "export")
    folder = tmp_path / "export"
    zpath = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for f in folder.iterdir():
            zf.write(f, f.name)
    for path in (folder, zpath):
        assert registry.detect(path).name == "linkedin"
        records = list(linkedin.parse(path, OPTS))
        kinds = [type(r).__name__ for r in records]
        assert kinds.index("OwnerFact") < kinds.index("CardRecord") < kinds.index("InteractionRecord")
        owner_ids = [r.identity for r in records if isinstance(r, OwnerFact) and r.identity]
        assert any(i.kind is IdentityKind.LINKEDIN and i.value == "linkedin.com/in/ada" for i in owner_ids)
        msgs = [r for r in records if isinstance(r, InteractionRecord)]
        assert len(msgs) == 3  # two messages, one invitation
        assert sum(isinstance(r, ActivityRecord) for r in records) == 1


def test_zip_that_is_not_an_export_is_refused(tmp_path: Path) -> None:
    zpath = tmp_path / "other.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(ParseError):
        registry.detect(zpath)
    with pytest.raises(ParseError, match="not a LinkedIn export"):
        list(linkedin.parse(zpath, OPTS))
