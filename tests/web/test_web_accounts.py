"""The Accounts page: add an account (password to the keyring), Sync now in the background, last sync/error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from davserver import DavServer, dav_server
from filekeyring import FileKeyring, file_keyring

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:w\r\nFN:Wendy Web\r\nEMAIL:wendy@example.org\r\nEND:VCARD\r\n"


@pytest.fixture
def ring(tmp_path: Path) -> Iterator[FileKeyring]:
    """A file keyring in tmp_path for the duration of the test (never the user's own)."""
    with file_keyring(tmp_path / "ring.json") as ring:
        yield ring


@pytest.fixture
def server() -> DavServer:
    """The Radicale test server."""
    return dav_server()


def _add(client, csrf, **form: str):  # type: ignore[no-untyped-def]
    token = csrf(client.get("/accounts").text)
    return client.post("/accounts", data={"csrf_token": token, **form}, follow_redirects=False)


def test_add_sync_now_and_see_the_last_sync(client, csrf, ring, server: DavServer, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "No accounts yet" in client.get("/accounts").text
    book = server.new_book()
    assert server.put(f"{book}w.vcf", CARD) == 201
    form = {
        "kind": "carddav",
        "name": "web-book",
        "url": book,
        "user": server.user,
        "password": server.password,
    }
    r = _add(client, csrf, **form)
    assert r.status_code == 303 and r.headers["location"] == "/accounts"
    assert ring.get_password("innercircle", "web-book") == server.password
    assert server.password.encode() not in db_path.read_bytes()
    page = client.get("/accounts").text
    assert "web-book" in page and "never" in page and "Sync now" in page
    token = csrf(page)
    r = client.post("/accounts/sync", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303  # back at once; the sync goes on in its thread
    client.app.state.sync_runner.join(60)
    (account,) = client.get("/api/accounts").json()["accounts"]
    assert account["last_sync_at"] is not None and account["last_error"] is None
    assert "password" not in account and server.password not in client.get("/api/accounts").text
    people = client.get("/people").text
    assert "Wendy Web" in people


def test_a_failed_sync_shows_its_error(client, csrf, ring, server: DavServer) -> None:  # type: ignore[no-untyped-def]
    book = server.new_book()
    form = {"kind": "carddav", "name": "wrong", "url": book, "user": server.user, "password": "not-it"}
    assert _add(client, csrf, **form).status_code == 303
    token = csrf(client.get("/accounts").text)
    client.post("/accounts/sync", data={"csrf_token": token, "name": "wrong"})
    client.app.state.sync_runner.join(60)
    page = client.get("/accounts").text
    assert "account wrong: the server refused the user or password" in page
    assert client.get("/api/accounts").json()["accounts"][0]["last_sync_at"] is None


def test_a_bad_account_is_refused_and_nothing_is_added(client, csrf, ring) -> None:  # type: ignore[no-untyped-def]
    form = {"kind": "caldav", "name": "cal", "url": "http://dav.example.com/", "user": "ada", "password": "x"}
    r = _add(client, csrf, **form)
    assert r.status_code == 400 and "https://" in r.text and 'value="dav.example.com' not in r.text
    assert client.get("/api/accounts").json()["accounts"] == []
    assert ring.get_password("innercircle", "cal") is None


def test_forms_want_the_csrf_token(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/accounts/sync", data={}).status_code in (400, 403)


@pytest.mark.parametrize("variable", ["INNERCIRCLE_TOKEN", "INNERCIRCLE_DB", "HOME"])
def test_the_web_form_cannot_name_an_environment_variable(client, csrf, ring, variable: str) -> None:  # type: ignore[no-untyped-def]
    """The sync would send the variable's value to the URL given: only the command line may name one."""
    assert 'name="password_env"' not in client.get("/accounts").text
    form = {
        "kind": "carddav",
        "name": "exfil",
        "url": "https://collector.example/",
        "user": "x",
        "password_env": variable,
    }
    r = _add(client, csrf, **form)
    assert r.status_code == 400 and "only on the command line" in r.text
    form["password"] = "typed"  # with a password as well: still refused, nothing added
    assert _add(client, csrf, **form).status_code == 400
    assert client.get("/api/accounts").json()["accounts"] == []
    assert ring.get_password("innercircle", "exfil") is None
