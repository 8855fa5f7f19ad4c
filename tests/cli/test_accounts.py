"""account add/list/remove: passwords go to the keyring or stay in the environment, never the database."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from filekeyring import FileKeyring, file_keyring

SECRET = "correct-horse-battery-staple-42"


@pytest.fixture
def ring(tmp_path: Path) -> Iterator[FileKeyring]:
    """A file keyring in tmp_path for the duration of the test."""
    with file_keyring(tmp_path / "ring.json") as ring:
        yield ring


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_add_keeps_the_password_in_the_keyring_only(
    cli, ring: FileKeyring, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    r = cli(
        "account",
        "add",
        "imap",
        "work-mail",
        "--url",
        "imap.example.com",
        "--user",
        "ada@example.com",
        "--folder",
        "Archive",
        input=SECRET + "\n",
    )
    assert r.exit_code == 0, r.output
    assert ring.get_password("innercircle", "work-mail") == SECRET
    listed = json.loads(cli("account", "list", "--json").stdout)
    assert listed == [
        {
            "name": "work-mail",
            "kind": "imap",
            "url": "imaps://imap.example.com",
            "user": "ada@example.com",
            "folders": ["Archive"],
            "tls": "tls",
            "insecure": False,
            "password_env": None,
            "last_sync_at": None,
            "last_error": None,
        }
    ]
    assert cli("export", "-o", str(tmp_path / "export.json")).exit_code == 0
    assert cli("backup", str(tmp_path / "backup.db")).exit_code == 0
    for f in (tmp_path / "export.json", tmp_path / "backup.db"):
        assert SECRET.encode() not in f.read_bytes()
    assert "work-mail" in (tmp_path / "export.json").read_text()  # the account itself is the user's data
    assert SECRET.encode() not in b"".join(p.read_bytes() for p in db_path.parent.glob("test.db*"))
    assert SECRET.encode() not in _all_bytes(Path(os.environ["INNERCIRCLE_CACHE_DIR"]))
    assert SECRET not in cli("account", "list").stdout

    r = cli("account", "remove", "work-mail")
    assert r.exit_code == 0 and "from the keyring" in r.stdout
    assert ring.get_password("innercircle", "work-mail") is None
    assert json.loads(cli("account", "list", "--json").stdout) == []


def test_without_a_keyring_it_says_so_and_suggests_password_env(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("account", "add", "imap", "m", "--url", "imaps://imap.example.com", "--user", "u", input="pw\n")
    assert r.exit_code == 1
    assert "no usable keyring" in r.stderr and "--password-env" in r.stderr
    assert json.loads(cli("account", "list", "--json").stdout) == []  # no keyring, no account


def test_password_env_asks_nothing_and_stores_only_the_name(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli(
        "account", "add", "imap", "m", "--url", "imaps://h.example", "--user", "u", "--password-env", "MY_PW"
    )
    assert r.exit_code == 0, r.output
    assert json.loads(cli("account", "list", "--json").stdout)[0]["password_env"] == "MY_PW"
    again = cli(
        "account", "add", "imap", "m", "--url", "imaps://h.example", "--user", "u", "--password-env", "X"
    )
    assert again.exit_code == 1 and "already an account named 'm'" in again.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--url", "imap://mail.example.com"], "send the password in clear"),
        (["--url", "imaps://mail.example.com", "--starttls"], "--starttls goes with imap://"),
        (["--url", "https://mail.example.com"], "an IMAP URL is imaps://"),
        (["--url", "imaps://:993"], "no host"),
    ],
)
def test_unsafe_or_wrong_urls_are_refused(cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    r = cli("account", "add", "imap", "m", "--user", "u", "--password-env", "PW", *args)
    assert r.exit_code == 1 and message in r.stderr


def test_plain_imap_is_allowed_on_loopback(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli(
        "account", "add", "imap", "m", "--url", "imap://127.0.0.1:1143", "--user", "u", "--password-env", "PW"
    )
    assert r.exit_code == 0, r.output
    assert json.loads(cli("account", "list", "--json").stdout)[0]["tls"] == "plain"


def test_sync_with_no_accounts_says_how_to_add_one(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("sync")
    assert r.exit_code == 1 and "account add" in r.stderr


def test_a_failed_sync_names_the_account_and_leaves_the_export_as_it_was(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOT_SET_PW", raising=False)
    cli(
        "account",
        "add",
        "imap",
        "mail-a",
        "--url",
        "imaps://h.example",
        "--user",
        "u",
        "--password-env",
        "NOT_SET_PW",
    )
    cli("export", "-o", str(tmp_path / "before.json"))
    r = cli("sync")
    assert r.exit_code == 1
    assert "account mail-a" in r.stderr and "NOT_SET_PW is not set" in r.stderr
    cli("export", "-o", str(tmp_path / "after.json"))
    assert (tmp_path / "before.json").read_bytes() == (tmp_path / "after.json").read_bytes()
    (listed,) = json.loads(cli("account", "list", "--json").stdout)
    assert "NOT_SET_PW is not set" in listed["last_error"] and listed["last_sync_at"] is None


def test_an_account_survives_export_and_restore(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    cli("account", "add", "imap", "m", "--url", "imaps://h.example", "--user", "u", "--password-env", "PW")
    cli("export", "-o", str(tmp_path / "dump.json"))
    monkeypatch.setenv("INNERCIRCLE_DB", str(tmp_path / "restored.db"))
    assert cli("restore", str(tmp_path / "dump.json")).exit_code == 0
    (listed,) = json.loads(cli("account", "list", "--json").stdout)
    assert (listed["name"], listed["url"], listed["password_env"]) == ("m", "imaps://h.example", "PW")


@pytest.mark.parametrize(
    ("kind", "url", "allowed"),
    [
        ("imap", "imap://127.0.0.1:1143", True),
        ("imap", "imap://127.8.9.10:1143", True),
        ("imap", "imap://[::1]:1143", True),
        ("imap", "imap://[::ffff:127.0.0.1]:1143", True),
        ("imap", "imap://localhost:1143", True),
        ("imap", "imap://127.evil.example:1143", False),
        ("imap", "imap://127.0.0.1.nip.io:1143", False),
        ("imap", "imap://localhost.evil.example:1143", False),
        ("imap", "imap://[::ffff:192.0.2.1]:1143", False),
        ("carddav", "http://127.0.0.1:5232/", True),
        ("carddav", "http://127.evil.example/", False),
        ("caldav", "http://127.1.evil.example:80/", False),
    ],
)
def test_plain_only_on_a_loopback_address_not_a_name_that_starts_like_one(  # type: ignore[no-untyped-def]
    cli, kind: str, url: str, allowed: bool
) -> None:
    r = cli("account", "add", kind, "m", "--url", url, "--user", "u", "--password-env", "PW")
    assert (r.exit_code == 0) is allowed, r.output
    if not allowed:
        assert "loopback" in r.stderr
