"""IMAP sync against a real Dovecot (.ci/dovecot.sh) into a real SQLite file, through the CLI."""

from __future__ import annotations

import csv
import email.utils
import json
import re
import socket
import time
import uuid
from email.parser import BytesHeaderParser
from pathlib import Path

import pytest
from imapserver import ImapServer, imap_server
from synccli import export_bytes, sync_json
from tests.conftest import SAMPLES, needs_samples

PW_ENV = "IC_TEST_IMAP_PASSWORD"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> ImapServer:
    """The Dovecot test server; its password in the environment variable the accounts name."""
    found = imap_server()
    monkeypatch.setenv(PW_ENV, found.password)
    return found


def _add(cli, server: ImapServer, name: str = "mail", *extra: str, url: str | None = None) -> None:  # type: ignore[no-untyped-def]
    r = cli(
        "account", "add", "imap", name, "--url", url or server.url, "--user", server.user,
        "--insecure", "--password-env", PW_ENV, *extra,
    )  # fmt: skip
    assert r.exit_code == 0, r.output


def _message(subject: str) -> bytes:
    """A real message (notmuch's test corpus) with a Message-ID and subject of its own."""
    raw = (SAMPLES / "notmuch/test/corpora/default/01:2,").read_bytes()
    raw = re.sub(rb"(?m)^Message-ID: .*$", f"Message-ID: <{uuid.uuid4().hex}@innercircle.test>".encode(), raw)
    return re.sub(rb"(?m)^Subject: .*\n(\s+.*\n)*", f"Subject: {subject}\n".encode(), raw).replace(
        b"\n", b"\r\n"
    )


def test_first_sync_imports_and_the_next_fetches_nothing(cli, server: ImapServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _add(cli, server)
    code, (first,), _ = sync_json(cli)
    assert code == 0 and first["error"] is None
    assert first["fetched"] == server.count("INBOX", "Sent") > 0  # INBOX and the \Sent folder
    assert first["counts"]["interactions"] > 0 and first["counts"]["skipped"] > 0  # lists left out
    before = export_bytes(cli, tmp_path / "a.json")
    code, (second,), _ = sync_json(cli)
    assert code == 0 and (second["fetched"], second["counts"], second["batch"]) == (0, {}, None)
    assert export_bytes(cli, tmp_path / "b.json") == before
    batches = json.loads(cli("import-list", "--json").stdout)
    assert [(b["format"], b["counts"]["interactions"]) for b in batches] == [
        ("imap", first["counts"]["interactions"])
    ]
    (listed,) = json.loads(cli("account", "list", "--json").stdout)
    assert listed["last_sync_at"] is not None and listed["last_error"] is None


def test_an_appended_message_is_found_by_the_nextsync_json(cli, server: ImapServer) -> None:  # type: ignore[no-untyped-def]
    folder = server.new_folder()
    server.append(folder, [_message("first of its folder")])
    _add(cli, server, "mail", "--folder", folder)
    code, (first,), _ = sync_json(cli)
    assert code == 0 and first["fetched"] == server.count("INBOX", "Sent", folder)
    server.append(folder, [_message("appended after the first sync")])
    code, (second,), _ = sync_json(cli)
    assert code == 0 and second["fetched"] == 1 and second["counts"]["interactions"] == 1
    code, (third,), _ = sync_json(cli)
    assert third["fetched"] == 0
    kept = len(json.loads(cli("export").stdout)["tables"]["interactions"])
    with server.client() as c:  # the user deletes the first message on the server
        c.select_folder(folder)
        c.delete_messages(c.search("ALL")[:1])
        c.expunge()
    code, (fourth,), _ = sync_json(cli)
    assert code == 0 and (fourth["fetched"], fourth["removed_on_server"]) == (0, 1)
    assert len(json.loads(cli("export").stdout)["tables"]["interactions"]) == kept  # kept in the history


def test_a_new_uidvalidity_reads_the_folder_again_without_duplicates(cli, server: ImapServer) -> None:  # type: ignore[no-untyped-def]
    folder = server.new_folder()
    kept = [_message(f"kept {i}") for i in range(3)]
    server.append(folder, kept)
    _add(cli, server, "mail", "--folder", folder)
    code, _first, _ = sync_json(cli)
    assert code == 0
    before = server.uidvalidity(folder)
    with server.client() as c:  # the server renumbers: the folder is gone and made again
        c.delete_folder(folder)
        time.sleep(1.1)  # Dovecot's UIDVALIDITY is a clock reading
        c.create_folder(folder)
    server.append(folder, [*kept, _message("new after the renumbering")])
    assert server.uidvalidity(folder) != before
    code, (second,), _ = sync_json(cli)
    assert code == 0 and second["fetched"] == 4
    assert second["counts"]["interactions"] == 1 and second["counts"]["duplicates"] == 3


def _mbox_of_the_server(server: ImapServer, path: Path) -> None:
    """INBOX and Sent as an mbox, as a mail client writes one: a From_ line with the delivery time (the
    newest Received hop, else the server's arrival time), the message as the server holds it, body lines
    starting with "From " quoted."""
    with server.client() as c, path.open("wb") as out:
        for folder in ("INBOX", "Sent"):
            c.select_folder(folder, readonly=True)
            for data in c.fetch(c.search("ALL"), ["RFC822", "INTERNALDATE"]).values():
                raw = data[b"RFC822"].replace(b"\r\n", b"\n")
                head = BytesHeaderParser().parsebytes(raw)
                hop = str((head.get_all("Received") or [""])[0]).rpartition(";")[2]
                when = email.utils.parsedate_to_datetime(hop) if hop.strip() else data[b"INTERNALDATE"]
                stamp = time.asctime(time.gmtime(when.timestamp())).encode()
                body = re.sub(rb"(?m)^(>*From )", rb">\1", raw)
                out.write(b"From MAILER-DAEMON " + stamp + b"\n" + body.rstrip(b"\n") + b"\n\n")


def _picture(cli, tmp_path: Path, label: str) -> tuple[list[list[str]], list[tuple[str, tuple[str, ...]]]]:  # type: ignore[no-untyped-def]
    """The interactions (as the CSV export has them) and the people (name, identities)."""
    out = tmp_path / f"{label}.csv"
    assert cli("export", "--format", "csv", "--what", "interactions", "-o", str(out)).exit_code == 0
    with out.open(newline="") as fh:
        rows = sorted(list(r.values()) for r in csv.DictReader(fh))
    people = sorted((p["name"], tuple(p["identities"])) for p in json.loads(cli("ties", "--json").stdout))
    return rows, people


@needs_samples()
def test_mbox_then_sync_is_the_same_as_either_alone(  # type: ignore[no-untyped-def]
    cli, server: ImapServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mbox = tmp_path / "server.mbox"
    _mbox_of_the_server(server, mbox)
    pictures = {}
    for label, steps in {"mbox": ["import"], "sync": ["sync"], "both": ["import", "sync"]}.items():
        monkeypatch.setenv("INNERCIRCLE_DB", str(tmp_path / f"{label}.db"))
        for step in steps:
            if step == "import":
                assert cli("import", str(mbox), "--format", "mbox", "--me", server.user).exit_code == 0
            else:
                cli("init", "--me", server.user)
                _add(cli, server)
                code, (done,), _ = sync_json(cli)
                assert code == 0
                if label == "both":
                    assert done["counts"]["interactions"] == 0 and done["counts"]["people_added"] == 0
        pictures[label] = _picture(cli, tmp_path, label)
    assert pictures["mbox"][0] and pictures["mbox"][1]
    assert pictures["mbox"] == pictures["sync"] == pictures["both"]


def test_a_wrong_password_names_the_account_and_changes_nothing(  # type: ignore[no-untyped-def]
    cli, server: ImapServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(cli, server)
    assert sync_json(cli)[0] == 0
    before = export_bytes(cli, tmp_path / "before.json")
    wrong = "not-" + server.password
    monkeypatch.setenv(PW_ENV, wrong)
    code, (result,), stderr = sync_json(cli)
    assert code == 1
    assert result["error"].startswith("account mail:") and "refused the login" in result["error"]
    assert "account mail" in stderr and wrong not in stderr and wrong not in json.dumps(result)
    assert export_bytes(cli, tmp_path / "after.json") == before
    (listed,) = json.loads(cli("account", "list", "--json").stdout)
    assert "refused the login" in listed["last_error"]


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()  # nobody listens there now
    return port


def test_a_server_that_is_down_fails_alone_and_the_others_still_sync(  # type: ignore[no-untyped-def]
    cli, server: ImapServer, tmp_path: Path
) -> None:
    _add(cli, server, "down", url=f"imaps://127.0.0.1:{_closed_port()}")
    before = export_bytes(cli, tmp_path / "before.json")
    code, (down,), stderr = sync_json(cli, "down")
    assert code == 1 and "account down: cannot connect to 127.0.0.1" in down["error"]
    assert "account down" in stderr
    assert export_bytes(cli, tmp_path / "after.json") == before
    _add(cli, server, "up")
    code, results, _ = sync_json(cli)
    assert code == 1  # one failed: the command says so
    by_name = {r["account"]: r for r in results}
    assert by_name["down"]["error"] and by_name["up"]["error"] is None
    assert by_name["up"]["counts"]["interactions"] > 0


def test_starttls_and_the_self_signed_certificate(cli, server: ImapServer) -> None:  # type: ignore[no-untyped-def]
    _add(cli, server, "starttls", "--starttls", url=server.plain_url)
    code, (ok,), _ = sync_json(cli, "starttls")
    assert code == 0 and ok["fetched"] > 0
    r = cli(
        "account", "add", "imap", "strict", "--url", server.url, "--user", server.user, "--password-env", PW_ENV
    )  # fmt: skip
    assert r.exit_code == 0
    code, (strict,), _ = sync_json(cli, "strict")
    assert code == 1 and "not trusted" in strict["error"] and "--insecure" in strict["error"]


def test_a_folder_that_does_not_exist_is_named(cli, server: ImapServer) -> None:  # type: ignore[no-untyped-def]
    _add(cli, server, "mail", "--folder", "No Such Folder")
    code, (r,), _ = sync_json(cli)
    assert code == 1 and "account mail [No Such Folder]: no folder 'No Such Folder'" in r["error"]


def test_an_unreadable_date_falls_back_to_the_received_hop_as_in_the_file_importer(  # type: ignore[no-untyped-def]
    cli, server: ImapServer, tmp_path: Path
) -> None:
    folder = server.new_folder()
    raw = _message("a date nobody can read").replace(
        b"Date: Tue, 17 Nov 2009 21:28:37 +0600", b"Date: garbage"
    )
    hop = b"Received: from mx.example by mail.example; Wed, 18 Nov 2009 10:00:00 +0000\r\n"
    server.append(folder, [hop + raw])
    _add(cli, server, "mail", "--folder", folder)
    assert sync_json(cli)[0] == 0
    out = tmp_path / "i.csv"
    cli("export", "--format", "csv", "--what", "interactions", "-o", str(out))
    with out.open(newline="") as fh:
        (row,) = [r for r in csv.DictReader(fh) if r["subject"] == "a date nobody can read"]
    assert row["timestamp"].startswith("2009-11-18T10:00:00")
