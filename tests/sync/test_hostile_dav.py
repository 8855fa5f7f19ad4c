"""CardDAV sync against hostile servers on loopback (tests/helpers/hostile_servers.py): the password goes
only to the configured origin, and every answer is read within a size limit and the sync's deadline.

A second listener on 127.0.0.2 stands for another host; it records every request, and the tests show it
never received the password (neither the Authorization header nor the password anywhere in a request).
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile_servers import (
    HttpServer,
    basic,
    book,
    collection_at,
    declares,
    drip,
    drip_headers,
    endless,
    fails_within,
    principal_at,
    redirect_to,
    serving,
    tls_context,
)
from synccli import export_bytes, sync_json

from innercircle.importers.base import Options
from innercircle.sync import base, carddav
from innercircle.sync.base import Account, Limits

USER, PASSWORD = "ada", "s3cret-dav-password"
FAST = Limits(deadline_s=2.0)
BOUND_S = 6.0  # a case with a 2 s deadline ends well within this (the deadline, then the error)


@pytest.fixture
def elsewhere() -> Iterator[HttpServer]:
    """Another host: a listener on 127.0.0.2 that answers like an honest address book, recording all."""
    with serving(book, host="127.0.0.2") as other:
        yield other


def _pull(url: str, limits: Limits | None = None, insecure: bool = False) -> Any:
    tls = "tls" if url.startswith("https") else "plain"
    account = Account("hostile", "carddav", url, USER, tls=tls, insecure=insecure, limits=limits)
    return carddav.pull(account, PASSWORD, {}, Options())


def _fails(call: Callable[[], object], bound_s: float = BOUND_S) -> tuple[str, float]:
    return fails_within(call, PASSWORD, bound_s)


def test_the_honest_book_syncs_and_the_password_goes_to_it() -> None:
    """The baseline the hostile cases change one thing of: the same server, honest, syncs."""
    with serving(book) as origin:
        got = _pull(f"{origin.url}/book/")
        assert got.fetched == 1 and [i.party.name for i in got.items] == ["Harriet Honest"]
        assert {s.authorization for s in origin.seen} == {basic(USER, PASSWORD)}


def test_a_principal_on_another_host_gets_no_password(elsewhere: HttpServer) -> None:
    with serving(principal_at(f"{elsewhere.url}/book/")) as origin:
        message, _ = _fails(lambda: _pull(f"{origin.url}/dav/"))
    assert "127.0.0.2" in message and "not sent" in message and origin.url in message
    assert origin.received(PASSWORD)  # the configured server did get it
    assert elsewhere.seen == [] and not elsewhere.received(PASSWORD)


def test_a_collection_on_another_host_gets_no_password(elsewhere: HttpServer) -> None:
    with serving(collection_at(f"{elsewhere.url}/book/")) as origin:
        message, _ = _fails(lambda: _pull(f"{origin.url}/dav/"))
    assert f"{elsewhere.url}/book/" in message
    assert elsewhere.seen == [] and not elsewhere.received(PASSWORD)


def test_a_redirect_to_another_host_is_not_followed(elsewhere: HttpServer) -> None:
    with serving(redirect_to(f"{elsewhere.url}/book/")) as origin:
        message, _ = _fails(lambda: _pull(f"{origin.url}/book/"))
    assert "redirected to" in message and "127.0.0.2" in message
    assert elsewhere.seen == [] and not elsewhere.received(PASSWORD)


def test_a_redirect_to_another_port_of_the_same_host_is_not_followed() -> None:
    with serving(book) as other_port, serving(redirect_to(f"{other_port.url}/book/")) as origin:
        _fails(lambda: _pull(f"{origin.url}/book/"))
    assert other_port.seen == []


def test_a_redirect_within_the_origin_is_followed() -> None:
    """/.well-known-style redirects on the same server still work, with the password."""
    with serving(redirect_to("/book/", then=book)) as origin:
        got = _pull(f"{origin.url}/dav/")
    assert got.fetched == 1 and [i.party.name for i in got.items] == ["Harriet Honest"]
    assert [s.path for s in origin.seen][:2] == ["/dav/", "/book/"]
    assert {s.authorization for s in origin.seen} == {basic(USER, PASSWORD)}


@pytest.fixture
def tls(tmp_path: Path) -> Any:
    """A server TLS context with a self-signed certificate (the account says --insecure)."""
    return tls_context(tmp_path)


def test_an_https_account_never_goes_down_to_plain_http(tls: Any) -> None:
    with serving(book) as plain:  # the same host (127.0.0.1), plain http
        with serving(principal_at(f"{plain.url}/book/"), tls=tls) as origin:
            message, _ = _fails(lambda: _pull(f"{origin.url}/dav/", insecure=True))
        assert "plain http://" in message and plain.seen == []
        with serving(redirect_to(f"{plain.url}/book/"), tls=tls) as origin:
            message, _ = _fails(lambda: _pull(f"{origin.url}/book/", insecure=True))
        assert "redirected to" in message and "plain http://" in message
    assert plain.seen == [] and not plain.received(PASSWORD)


def test_the_https_book_syncs(tls: Any) -> None:
    """The baseline of the downgrade case: the same server over TLS syncs."""
    with serving(book, tls=tls) as origin:
        got = _pull(f"{origin.url}/book/", insecure=True)
    assert got.fetched == 1 and origin.received(PASSWORD)


def test_an_endless_answer_stops_at_the_size_limit_in_bounded_memory() -> None:
    limit = base.LIMITS.dav_answer_bytes
    with serving(endless) as origin:
        tracemalloc.start()
        try:
            message, _ = _fails(lambda: _pull(f"{origin.url}/book/"), bound_s=30)
            _now, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert "over the limit of 64 MiB" in message and "PROPFIND /book/" in message
    assert peak < limit + (32 << 20), f"peak {peak >> 20} MiB"


def test_a_declared_huge_answer_is_refused_before_it_is_read() -> None:
    with serving(declares(5 << 30)) as origin:
        message, took = _fails(lambda: _pull(f"{origin.url}/book/"))
    assert "over the limit" in message and took < 1.0


def test_many_small_elements_are_refused_before_they_fill_memory() -> None:
    limits = Limits(xml_elements=1000)
    with serving(endless) as origin:
        small = Limits(xml_elements=1000, dav_answer_bytes=1 << 20)
        message, _ = _fails(lambda: _pull(f"{origin.url}/book/", small))
    assert "over the limit of 1 MiB" in message  # the bytes first: an endless answer never gets parsed
    finished = (
        '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">'
        + "<d:response><d:href>/x</d:href></d:response>" * 600
        + "</d:multistatus>"
    )
    with serving(lambda h: h.send(207, finished)) as origin:
        message, _ = _fails(lambda: _pull(f"{origin.url}/book/", limits))
    assert "XML elements" in message


@pytest.mark.parametrize("answer", [drip, drip_headers], ids=["body", "headers"])
def test_a_slow_drip_ends_at_the_deadline(answer: Callable[..., None]) -> None:
    with serving(answer) as origin:
        message, took = _fails(lambda: _pull(f"{origin.url}/book/", FAST))
    assert "did not finish within 2 s" in message and f"{origin.url}/book/" in message
    assert took >= 1.9


def test_a_plain_account_on_a_name_that_only_looks_like_loopback_is_refused() -> None:
    """An account stored before the loopback check was strict: refused before any connection."""
    message, took = _fails(lambda: _pull("http://127.evil.example/book/"))
    assert "http:// only on this machine's loopback" in message and took < 1.0


def test_through_the_cli_the_database_is_unchanged_and_the_error_names_account_and_item(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("IC_HOSTILE_PW", PASSWORD)
    monkeypatch.setattr(base, "LIMITS", FAST)
    with serving(book) as honest, serving(drip) as slow:
        for name, url in (("honest", honest.url), ("slow", slow.url)):
            r = cli("account", "add", "carddav", name, "--url", f"{url}/book/", "--user", USER,
                    "--password-env", "IC_HOSTILE_PW")  # fmt: skip
            assert r.exit_code == 0, r.output
        before = export_bytes(cli, tmp_path / "a.json")
        code, (result,), stderr = sync_json(cli, "slow")
        assert code == 1 and result["error"].startswith(f"account slow [{slow.url}/book/]: ")
        assert "did not finish within 2 s" in result["error"] and PASSWORD not in stderr
        assert export_bytes(cli, tmp_path / "b.json") == before
        (listed,) = [a for a in json.loads(cli("account", "list", "--json").stdout) if a["name"] == "slow"]
        assert "did not finish" in listed["last_error"]
        code, (ok,), _ = sync_json(cli, "honest")  # the baseline: the same path stores the honest card
        assert code == 0 and ok["fetched"] == 1 and ok["counts"]["people_added"] == 1


def test_entities_in_an_answer_are_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<d:multistatus xmlns:d="DAV:">&b;</d:multistatus>'
    )
    with serving(lambda h: h.send(207, bomb)) as origin:
        message, _ = _fails(lambda: _pull(f"{origin.url}/book/"))
    assert "not XML" in message and "EntitiesForbidden" in message
