"""Where the web app may listen: loopback freely, anything else only with a token."""

from __future__ import annotations

import ipaddress
import socket

from innercircle.core.errors import UserInputError

MIN_TOKEN = 12  # a token guards the whole network of contacts: not a PIN


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token."""
    if not is_loopback(host) and not token:
        raise UserInputError(
            f"refusing to serve on {host} without a token: anyone who can reach it could read your "
            "network; give --token (or set INNERCIRCLE_TOKEN), or serve on 127.0.0.1"
        )
    if token is not None and len(token) < MIN_TOKEN:
        raise UserInputError(f"the token is too short: use at least {MIN_TOKEN} characters")


def check_port(host: str, port: int) -> None:
    """Fail with one line when the address is taken, before the server starts."""
    if not 0 < port < 65536:
        raise UserInputError(f"--port must be between 1 and 65535, not {port}")
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), port))
        except OSError as exc:
            raise UserInputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
