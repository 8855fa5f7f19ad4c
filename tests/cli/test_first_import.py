"""Mail or a chat imported before innercircle knows who the user is: warned, with the command that repairs it,
and the repair gives what importing in the right order gives.

The rules (services/owner.py):
- the warning "none of the N interactions in FILE involve you" is said only when the import added
  interactions and the owner takes part in none of them; it names the people in the most of them (all of
  those tied for most, at most three) with, for each, ``innercircle init --me ADDRESS`` (someone with an
  email or phone) or ``innercircle merge me NAME`` (a chat's name-only person);
- ``init --me ADDRESS`` / ``me add ADDRESS`` on an address an import gave to someone else merges that
  person into the owner (undone by ``unmerge me``) and derives again the direction of every interaction
  they were in; it says how many now have one;
- ``import --me-name NAME``: a chat's participant of that name is the owner.
"""

from __future__ import annotations

import json
import mailbox
import shlex
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from innercircle.cli.main import app

AS_OF = "2026-12-01"
ME = "ada@example.com"
runner = CliRunner()


class Db:
    def __init__(self, path: Path) -> None:
        self.path = path

    def run(self, *args: str, ok: bool = True) -> tuple[str, str]:
        r = runner.invoke(app, ["--db", str(self.path), *args], catch_exceptions=False)
        if ok:
            assert r.exit_code == 0, f"{args} -> {r.exit_code}\n{r.stdout}\n{r.stderr}"
        return r.stdout, r.stderr

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json")[0])

    def ties(self) -> dict[str, tuple[str, float]]:
        """Name -> (tier, strength), the owner's view as of a fixed day."""
        return {r["name"]: (r["tier"], r["strength"]) for r in self.json("ties", "--as-of", AS_OF)}

    def directions(self, who: str) -> set[str]:
        return {it["direction"] for it in self.json("show", who)["timeline"]}


def write_mbox(path: Path) -> Path:
    """Ada and Grace writing each other every six days for eleven weeks; Alan cc'd on four of them."""
    box = mailbox.mbox(str(path), create=True)
    start = datetime(2026, 8, 3, 9, tzinfo=UTC)
    for k in range(12):
        m = EmailMessage()
        ada, grace = f"Ada Lovelace <{ME}>", "Grace Hopper <grace@navy.example>"
        m["From"], m["To"] = (ada, grace) if k % 2 == 0 else (grace, ada)
        if k % 3 == 0:
            m["Cc"] = "Alan Turing <alan@bletchley.example>"
        m["Date"] = format_datetime(start + timedelta(days=6 * k))
        m["Message-ID"] = f"<m{k}@example.org>"
        m["Subject"] = f"compilers, part {k}"
        m.set_content("Hello.\n")
        box.add(mailbox.mboxMessage(m))
    box.flush()
    box.close()
    return path


def write_chat(path: Path) -> Path:
    """A WhatsApp export (Android style): Ada (as her phone shows her) and Grace Hopper, 14 messages."""
    lines = [
        f"{d:02d}/10/2026, 1{d % 10}:00 - {'Ada' if d % 2 else 'Grace Hopper'}: note {d}"
        for d in range(1, 15)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def warnings(stderr: str) -> list[str]:
    return [x.removeprefix("warning: ") for x in stderr.splitlines() if x.startswith("warning: ")]


def fixes(warning: str) -> list[list[str]]:
    """The commands a warning offers, split as a shell would (without ``innercircle``)."""
    offered = warning.split("): ", 1)[1].rsplit(" (it re-derives", 1)[0]
    return [shlex.split(c)[1:] for c in offered.split(" or ")]


@pytest.fixture
def mbox(tmp_path: Path) -> Path:
    return write_mbox(tmp_path / "archive.mbox")


def test_mail_before_init_warns_and_init_me_repairs_it_as_if_in_order(tmp_path: Path, mbox: Path) -> None:
    late = Db(tmp_path / "late.db")
    _out, err = late.run("import", str(mbox))
    (warned,) = warnings(err)
    assert f"none of the 12 interactions in {mbox} involve you" in warned
    assert "ties stay at 0.0" in warned
    assert ["init", "--me", ME] in fixes(warned)
    assert late.ties()["Grace Hopper"][1] == 0.0
    assert late.directions("Grace Hopper") == {"unknown"}

    out, _err = late.run("init", "--me", ME)
    assert "merged into you, 12 interactions now have a direction (undo: innercircle unmerge me)" in out
    assert "you are Ada Lovelace" in out  # the name her own mail gave, while she had given none

    in_order = Db(tmp_path / "in_order.db")
    in_order.run("init", "--me", ME)
    _out, err = in_order.run("import", str(mbox))
    assert warnings(err) == []
    assert late.ties() == in_order.ties()
    assert late.ties()["Grace Hopper"][1] > 0.0
    assert late.directions("Grace Hopper") == {"in", "out"}
    assert late.directions("Alan Turing") == in_order.directions("Alan Turing") != {"unknown"}

    late.run("unmerge", "me")
    assert late.directions("Grace Hopper") == {"unknown"}


def test_me_add_repairs_like_init(tmp_path: Path, mbox: Path) -> None:
    db = Db(tmp_path / "me.db")
    db.run("init", "--name", "Ada King")  # a name her mail does not use: the import cannot tell it is her
    db.run("import", str(mbox))
    out, _err = db.run("me", "add", ME)
    assert "12 interactions now have a direction" in out
    shown, _err = db.run("me", "show")
    assert "You are Ada King." in shown and f"email: {ME}" in shown
    assert db.directions("Grace Hopper") == {"in", "out"}
    assert "Ada Lovelace" not in {r["name"] for r in db.json("people")}
    assert {"kind": "email", "value": ME} in db.json("me", "show")["identities"]


def test_import_me_claims_an_address_an_earlier_import_gave_someone(tmp_path: Path, mbox: Path) -> None:
    db = Db(tmp_path / "imp.db")
    db.run("import", str(mbox))
    other = write_mbox(tmp_path / "other.mbox")  # same messages: nothing new, but --me repairs the first
    _out, err = db.run("import", str(other), "--me", ME)
    assert any("12 interactions now have a direction" in w for w in warnings(err))
    assert db.directions("Grace Hopper") == {"in", "out"}


def test_no_warning_for_an_import_the_owner_is_in_or_without_interactions(tmp_path: Path, mbox: Path) -> None:
    db = Db(tmp_path / "ok.db")
    db.run("init", "--me", ME)
    assert warnings(db.run("import", str(mbox))[1]) == []
    card = tmp_path / "c.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Edsger Dijkstra\r\nEMAIL:ed@tue.example\r\nEND:VCARD\r\n"
    )
    fresh = Db(tmp_path / "cards.db")
    assert warnings(fresh.run("import", str(card))[1]) == []


def test_chat_with_me_name_is_yours_and_the_warned_merge_gives_the_same(tmp_path: Path) -> None:
    chat = write_chat(tmp_path / "chat.txt")
    named = Db(tmp_path / "named.db")
    named.run("init", "--name", "Ada Lovelace", "--me", ME)
    _out, err = named.run("import", str(chat), "--me-name", "Ada")
    assert warnings(err) == []
    assert [r["name"] for r in named.json("people")] == ["Grace Hopper"]
    assert named.directions("Grace Hopper") == {"in", "out"}

    late = Db(tmp_path / "late.db")
    late.run("init", "--name", "Ada Lovelace", "--me", ME)
    _out, err = late.run("import", str(chat))
    (warned,) = warnings(err)
    assert "none of the 14 interactions" in warned and "--me-name" in warned
    offered = fixes(warned)
    assert ["merge", "me", "Ada"] in offered and ["merge", "me", "Grace Hopper"] in offered
    late.run("merge", "me", "Ada")
    assert late.ties() == named.ties()
    assert late.directions("Grace Hopper") == {"in", "out"}
