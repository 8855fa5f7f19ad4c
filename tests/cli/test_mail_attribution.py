"""Who wrote to whom, from real mail files through the real CLI into a real SQLite file.

A new user's network: Ursula mails Katherine and Marc (at Andreessen Horowitz) one to one and, now and
then, both together; Marc answers those with reply-all (From: Marc, To: Ursula, Cc: Katherine). Ursula's
sent mail is an mbox, Marc's reply-all a single .eml file, a mail Katherine wrote to Nora a Maildir. The
timeline must say who wrote each mail, and intro paths must rest on what two people did together, not on
the user having addressed them both.
"""

from __future__ import annotations

import json
import mailbox
import sqlite3
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from pathlib import Path
from typing import Any

import pytest

URSULA = ("Ursula User", "ursula@user.example")
KATHERINE = ("Katherine Johnson", "katherine@kj.example")
MARC = ("Marc Andreessen", "marc@a16z.com")
NORA = ("Nora Park", "nora@sequoia.example")
ZOE = ("Zoe Host", "zoe@host.example")
START = datetime(2026, 8, 3, 10, tzinfo=UTC)
AS_OF = "2026-11-06"  # a day after the last mails: every tie is current


def _message(frm: tuple[str, str], to: list[tuple[str, str]], cc: list[tuple[str, str]], at: datetime,
             subject: str, mid: str, reply_to: str | None = None) -> EmailMessage:  # fmt: skip
    m = EmailMessage()
    m["From"] = f"{frm[0]} <{frm[1]}>"
    m["To"] = ", ".join(f"{n} <{a}>" for n, a in to)
    if cc:
        m["Cc"] = ", ".join(f"{n} <{a}>" for n, a in cc)
    m["Date"] = format_datetime(at)
    m["Subject"] = subject
    m["Message-ID"] = f"<{mid}@mail.test>"
    if reply_to:
        m["In-Reply-To"] = f"<{reply_to}@mail.test>"
    m.set_content("Hello,\n\nsee below.\n")
    return m


def _network(folder: Path) -> dict[str, EmailMessage]:
    """Write the mail files; every message by subject (subjects are unique)."""
    sent, received = mailbox.mbox(str(folder / "mail.mbox")), []
    msgs: dict[str, EmailMessage] = {}

    def add(m: EmailMessage, box: Any = None) -> None:
        msgs[str(m["Subject"])] = m
        (box if box is not None else sent).add(mailbox.mboxMessage(m))

    for week in range(14):
        day = START + timedelta(weeks=week)
        for n, who in enumerate((MARC, KATHERINE)):
            at = day + timedelta(days=1 + 2 * n)
            add(_message(URSULA, [who], [], at, f"{who[0]} {week}", f"u{week}{n}"))
            add(
                _message(
                    who,
                    [URSULA],
                    [],
                    at + timedelta(hours=5),
                    f"Re: {who[0]} {week}",
                    f"r{week}{n}",
                    f"u{week}{n}",
                )
            )
        if week % 3 == 0:  # Ursula writes to both at once; Marc answers all
            add(_message(URSULA, [KATHERINE, MARC], [], day, f"Plan {week}", f"p{week}"))
            reply = _message(
                MARC,
                [URSULA],
                [KATHERINE],
                day + timedelta(hours=3),
                f"Re: Plan {week}",
                f"rp{week}",
                f"p{week}",
            )
            msgs[str(reply["Subject"])] = reply
            received.append(reply)
    sent.flush()
    for k, m in enumerate(received):  # the reply-alls as single .eml files
        (folder / f"reply-all-{k}.eml").write_bytes(m.as_bytes())
    # Zoe wrote to Ursula, Katherine and Nora: Katherine and Nora are only co-recipients of her mail
    box = mailbox.Maildir(str(folder / "Maildir"), create=True)
    both = _message(ZOE, [URSULA], [KATHERINE, NORA], START + timedelta(days=20), "Dinner list", "d1")
    msgs["Dinner list"] = both
    box.add(mailbox.MaildirMessage(both))
    return msgs


def _later(folder: Path, msgs: dict[str, EmailMessage]) -> Path:
    """Katherine writes to Nora, Ursula in Cc: evidence that Katherine and Nora know each other."""
    m = _message(KATHERINE, [NORA], [URSULA], START + timedelta(days=90), "Meet Ursula?", "k2n")
    msgs["Meet Ursula?"] = m
    path = folder / "katherine-to-nora.eml"
    path.write_bytes(m.as_bytes())
    return path


@pytest.fixture
def net(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    msgs = _network(tmp_path)
    assert cli("init", "--name", URSULA[0], "--me", URSULA[1]).exit_code == 0
    assert cli("add", MARC[0], "--id", MARC[1], "--org", "Andreessen Horowitz").exit_code == 0
    assert cli("add", NORA[0], "--id", NORA[1], "--org", "Sequoia").exit_code == 0
    files = [str(tmp_path / "mail.mbox"), *sorted(str(p) for p in tmp_path.glob("reply-all-*.eml"))]
    r = cli("import", *files, str(tmp_path / "Maildir"), "--json")
    assert r.exit_code == 0, r.output
    return cli, msgs, tmp_path


def _show(cli, who: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    r = cli("show", who, "--json", "--as-of", AS_OF)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)  # type: ignore[no-any-return]


def attribution_errors(person: dict[str, Any], msgs: dict[str, EmailMessage]) -> list[str]:
    """Every timeline entry of ``person`` held against the message it came from: ``in`` only when they
    wrote it, ``out`` only when the user did, ``present`` when someone else wrote it and they were in To/Cc;
    ``by`` is the From address's person."""
    mine = {i["value"] for i in person["identities"]}
    errors = []
    for it in person["timeline"]:
        m = msgs[it["subject"]]
        sender = getaddresses([str(m["From"])])[0][1].lower()
        listed = {a.lower() for _n, a in getaddresses([str(m["To"] or ""), str(m["Cc"] or "")])}
        want = "out" if sender == URSULA[1] else "in" if sender in mine else "present"
        if want == "present" and not mine & listed:
            want = "not listed"
        by = (it.get("by") or {}).get("name")
        written_by = next(n for n, a in (URSULA, KATHERINE, MARC, NORA, ZOE) if a == sender)
        if it["direction"] != want or by != written_by:
            errors.append(f"{it['subject']}: {it['direction']} by {by}, the mail says {want} by {written_by}")
    return errors


def test_a_reply_all_is_from_its_writer_and_the_cc_is_only_copied(net) -> None:  # type: ignore[no-untyped-def]
    cli, msgs, _folder = net
    katherine, marc = _show(cli, KATHERINE[0]), _show(cli, MARC[0])
    assert attribution_errors(katherine, msgs) == [] and attribution_errors(marc, msgs) == []
    # the exact case: Marc's reply-all (From Marc, To Ursula, Cc Katherine)
    k_reply = next(t for t in katherine["timeline"] if t["subject"] == "Re: Plan 12")
    m_reply = next(t for t in marc["timeline"] if t["subject"] == "Re: Plan 12")
    assert k_reply["id"] == m_reply["id"]
    assert (k_reply["direction"], k_reply["by"]["name"]) == ("present", MARC[0])
    assert (m_reply["direction"], m_reply["by"]["name"]) == ("in", MARC[0])
    roles = {p["name"]: p["role"] for p in k_reply["participants"]}
    assert roles == {MARC[0]: "from", URSULA[0]: "to", KATHERINE[0]: "cc"}
    # Ursula's mail to both is out to each, as a group of two
    for person in (katherine, marc):
        plan = next(t for t in person["timeline"] if t["subject"] == "Plan 12")
        assert (plan["direction"], plan["group_size"], plan["by"]["name"]) == ("out", 2, URSULA[0])
    # the terminal timeline says the same in words
    text = cli("show", KATHERINE[0], "--as-of", AS_OF).stdout
    line = next(ln for ln in text.splitlines() if ln.endswith("Re: Plan 12"))
    assert "copied, from Marc Andreessen" in line and " in " not in line
    assert any(ln.endswith("Plan 12") and "out (to 2 people)" in ln for ln in text.splitlines())
    # the users's mail counted as by them only when they wrote it: Katherine wrote 14 mails, Marc 14 + 5
    assert sum(t["direction"] == "in" for t in katherine["timeline"]) == 14
    assert sum(t["direction"] == "in" for t in marc["timeline"]) == 19


def test_a_planted_wrong_attribution_is_caught(net, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli, msgs, _folder = net
    katherine = _show(cli, KATHERINE[0])
    iid = next(t["id"] for t in katherine["timeline"] if t["subject"] == "Re: Plan 12")
    with sqlite3.connect(db_path) as db:  # Katherine as the writer of Marc's reply-all
        db.execute(
            "UPDATE participants SET role = CASE person_id WHEN ? THEN 'from' ELSE 'cc' END "
            "WHERE interaction_id = ? AND person_id IN (?, ?)",
            (katherine["person_id"], iid, katherine["person_id"], _show(cli, MARC[0])["person_id"]),
        )
    errors = attribution_errors(_show(cli, KATHERINE[0]), msgs)
    assert errors == ["Re: Plan 12: in by Katherine Johnson, the mail says present by Marc Andreessen"]


def test_intro_to_someone_you_mail_is_your_own_tie_not_a_path(net) -> None:  # type: ignore[no-untyped-def]
    cli, _msgs, _folder = net
    for args in (("--org", "Andreessen Horowitz"), (MARC[0],)):
        data = json.loads(cli("intro", *args, "--json", "--as-of", AS_OF).stdout)
        assert data["found"] and data["warm"], data["summary"]
        assert data["summary"].startswith("you know Marc Andreessen directly (your ")
        assert "write to Marc Andreessen yourself" in data["summary"]
        assert [p["names"] for p in data["paths"]] == [[URSULA[0], MARC[0]]]
        assert data["direct"]["names"] == [URSULA[0], MARC[0]] and data["direct"]["warm"]
    text = cli("intro", "--org", "Andreessen Horowitz", "--as-of", AS_OF).stdout
    assert "you know Marc Andreessen directly" in text and KATHERINE[0] not in text


def _hops_between(data: dict[str, Any], a: str, b: str) -> list[dict[str, Any]]:
    return [h for p in data["paths"] for h in p["hops"] if {h["from_name"], h["to_name"]} == {a, b}]


def test_being_addressed_together_is_no_evidence(net) -> None:  # type: ignore[no-untyped-def]
    cli, _msgs, _folder = net
    # Marc's direct tie made cold by the user's word: a path through Katherine would be offered if there were
    # any evidence that she knows Marc. There is none: both only got Ursula's mail, and Marc's reply-all
    # kept Ursula's addressees
    assert cli("pin", MARC[0], "known").exit_code == 0
    data = json.loads(cli("intro", "--org", "Andreessen Horowitz", "--json", "--as-of", AS_OF).stdout)
    assert not data["warm"] and [p["names"] for p in data["paths"]] == [[URSULA[0], MARC[0]]]
    assert data["summary"].startswith(
        "no warm path to Andreessen Horowitz; you know Marc Andreessen directly, but Marc Andreessen is "
        "only a known tie of yours"
    )
    # Katherine and Nora were only co-recipients of Zoe's mail: no hop between them; Zoe wrote to each
    assert cli("pin", NORA[0], "known").exit_code == 0
    nora = json.loads(cli("intro", NORA[0], "--json", "--as-of", AS_OF).stdout)
    assert _hops_between(nora, KATHERINE[0], NORA[0]) == []
    assert nora["paths"][0]["names"] == [URSULA[0], KATHERINE[0], ZOE[0], NORA[0]]
    assert [h["evidence"] for h in nora["paths"][0]["hops"][1:]] == [
        ["Zoe Host wrote to Katherine Johnson: mail “Dinner list” on 2026-08-23"],
        ["Zoe Host wrote to Nora Park: mail “Dinner list” on 2026-08-23"],
    ]


def test_writing_to_each_other_is_evidence_beside_a_cold_direct_tie(net) -> None:  # type: ignore[no-untyped-def]
    cli, msgs, folder = net
    assert cli("pin", NORA[0], "known").exit_code == 0
    assert cli("import", str(_later(folder, msgs))).exit_code == 0
    data = json.loads(cli("intro", NORA[0], "--json", "--as-of", AS_OF).stdout)
    best = data["paths"][0]
    assert best["names"] == [URSULA[0], KATHERINE[0], NORA[0]] and best["warm"] and data["warm"]
    assert best["hops"][1]["evidence"] == [
        "Katherine Johnson wrote to Nora Park: mail “Meet Ursula?” on 2026-11-01"
    ]
    # the warm path is offered beside the user's own tie to Nora, which the summary names
    assert data["direct"]["names"] == [URSULA[0], NORA[0]] and not data["direct"]["warm"]
    assert data["summary"].startswith("warm path to Nora Park: Ursula User →(")
    assert "; you know Nora Park directly, but Nora Park is only a known tie of yours" in data["summary"]


def test_the_imap_path_reads_the_reply_all_the_same_way() -> None:
    """IMAP sync hands the fetched header block to the same ``from_headers``: the writer is ``from``."""
    from innercircle.core.model import Role
    from innercircle.core.records import InteractionRecord
    from innercircle.importers.mail import from_headers

    reply = _message(MARC, [URSULA], [KATHERINE], START, "Re: Plan 0", "rp0", "p0")
    head = reply.as_bytes().replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    rec = from_headers(head.splitlines(), "INBOX UID 7")
    assert isinstance(rec, InteractionRecord)
    got = [(p.identities[0].value, role) for p, role in rec.parties]
    assert got == [(MARC[1], Role.FROM), (URSULA[1], Role.TO), (KATHERINE[1], Role.CC)]
    assert (rec.message_id, rec.in_reply_to) == ("rp0@mail.test", "p0@mail.test")


def test_the_person_page_says_who_wrote_it(net, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The web person page and /api/people/{id} read the same timeline: Marc's reply-all on Katherine's page
    is copied (cc), from Marc."""
    import re

    from fastapi.testclient import TestClient

    from innercircle.config import Config
    from innercircle.services import Workspace
    from innercircle.web import create_app

    cli, msgs, _folder = net
    shown = _show(cli, KATHERINE[0])
    ws = Workspace(str(db_path))
    try:
        app = create_app(Config(db=str(db_path)), clock=lambda: datetime(2026, 11, 6, tzinfo=UTC), workspace=ws, warm=False)  # fmt: skip
        with TestClient(app, base_url="http://127.0.0.1") as client:
            page = client.get(f"/people/{shown['person_id']}").text
            api = client.get(f"/api/people/{shown['person_id']}").json()
    finally:
        ws.close()
    entry = re.search(r"<li class=\"ch-email\">((?:(?!</li>).)*Re: Plan 12(?:(?!</li>).)*)</li>", page, re.S)
    assert entry is not None
    assert ">cc</span>" in entry.group(1) and "you were copied" in entry.group(1)
    assert "from Marc Andreessen" in entry.group(1)
    assert attribution_errors(api, msgs) == []
    assert [(t["subject"], t["direction"]) for t in api["timeline"]] == [
        (t["subject"], t["direction"]) for t in shown["timeline"]
    ]
