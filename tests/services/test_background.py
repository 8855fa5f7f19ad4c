"""serve --sync-every: the background syncer against a real Radicale, and its duration option."""

from __future__ import annotations

import json
import time

import pytest
from davserver import dav_server

from innercircle.core.errors import UserInputError
from innercircle.services.runtime.background import Syncer, parse_every, sync_once


def test_durations() -> None:
    assert [parse_every(t) for t in ("15m", "1h", "90s", "120", "1.5m")] == [900, 3600, 90, 120, 90]
    for bad in ("soon", "5s", "-1m", ""):
        with pytest.raises(UserInputError, match="--sync-every"):
            parse_every(bad)


def test_no_accounts_is_no_work(db_path) -> None:  # type: ignore[no-untyped-def]
    assert sync_once(str(db_path)) is None


def test_the_syncer_syncs_in_its_thread_until_stopped(cli, db_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    server = dav_server()
    monkeypatch.setenv("IC_BG_DAV_PW", server.password)
    book = server.new_book()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bg\r\nFN:Barbara Background\r\nEMAIL:bb@example.org\r\nEND:VCARD\r\n"
    assert server.put(f"{book}bg.vcf", card) == 201
    r = cli(
        "account",
        "add",
        "carddav",
        "bg",
        "--url",
        book,
        "--user",
        server.user,
        "--password-env",
        "IC_BG_DAV_PW",
    )
    assert r.exit_code == 0, r.output
    syncer = Syncer(str(db_path), 3600).start()  # the first round right away, the next in an hour
    try:
        deadline = time.monotonic() + 60
        while syncer.rounds == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        people = json.loads(cli("people", "--json").stdout)  # the CLI reads while the thread lives
    finally:
        syncer.stop(timeout=60)
    assert not syncer.thread.is_alive() and syncer.rounds == 1
    assert "Barbara Background" in {p["name"] for p in people}
    (account,) = json.loads(cli("account", "list", "--json").stdout)
    assert account["last_sync_at"] is not None and account["last_error"] is None
