"""The guard of one pull: a plain connection must have reached a loopback address, whatever the name."""

from __future__ import annotations

import socket

import pytest
from hostile_servers import peer_socket

from innercircle.sync.base import Limits, SyncError
from innercircle.sync.guard import Guard, is_loopback_address, origin


def test_a_plain_connection_that_reached_another_address_is_refused() -> None:
    try:
        with peer_socket():
            pass
    except OSError:
        pytest.skip("this machine has no non-loopback address to connect to")
    plain = Guard("plain", Limits(), loopback_only=True)
    refused = r"^account plain: the host resolved to .*not this machine's loopback"
    with peer_socket() as far, plain, pytest.raises(SyncError, match=refused):
        plain.connected(far)
    with peer_socket() as far, Guard("tls", Limits(), loopback_only=False) as tls:
        tls.connected(far)  # over TLS any address will do: the certificate says who it is


def test_a_plain_connection_to_loopback_passes() -> None:
    with (
        socket.create_server(("127.0.0.1", 0)) as listener,
        socket.create_connection(listener.getsockname()) as near,
        Guard("p", Limits(), loopback_only=True) as guard,
    ):
        guard.connected(near)


@pytest.mark.parametrize(
    ("address", "loopback"),
    [("127.0.0.1", True), ("127.255.0.9", True), ("::1", True), ("::ffff:127.0.0.1", True),
     ("192.0.2.2", False), ("::ffff:192.0.2.2", False), ("fe80::1%eth0", False), ("localhost", False)],
)  # fmt: skip
def test_what_counts_as_a_loopback_address(address: str, loopback: bool) -> None:
    assert is_loopback_address(address) is loopback


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Dav.Example.com/x", ("https", "dav.example.com", 443)),
        ("https://dav.example.com:443/y", ("https", "dav.example.com", 443)),
        ("http://dav.example.com/", ("http", "dav.example.com", 80)),
        ("https://dav.example.com.:8443/", ("https", "dav.example.com", 8443)),
    ],
)
def test_origins_compare_scheme_host_and_port(url: str, expected: tuple[str, str, int]) -> None:
    assert origin(url) == expected
