"""Account passwords: in the OS keyring (service ``innercircle``, key = account name) or an environment
variable named by the account; never in the database, a file of ours, a log or a message."""

from __future__ import annotations

import os

SERVICE = "innercircle"


class NoKeyring(Exception):
    """No usable keyring backend on this machine (a headless server, a container)."""


def store(account: str, password: str) -> None:
    """Keep the password in the keyring."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, account, password)
    except KeyringError as exc:
        raise NoKeyring(_why(exc)) from None
    except Exception as exc:  # a backend that is present but broken (D-Bus gone, locked store)
        raise NoKeyring(f"{type(exc).__name__}: {_why(exc)}") from None
    if fetch(account, None) != password:  # the null backend, say, accepts and forgets
        raise NoKeyring(f"the keyring backend ({type(keyring.get_keyring()).__name__}) did not keep it")


def fetch(account: str, env: str | None) -> str | None:
    """The password: from ``env`` when the account names one, else the keyring (None when absent)."""
    if env:
        return os.environ.get(env)
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, account)
    except KeyringError as exc:
        raise NoKeyring(_why(exc)) from None
    except Exception as exc:
        raise NoKeyring(f"{type(exc).__name__}: {_why(exc)}") from None


def forget(account: str) -> bool:
    """Delete the keyring entry; False when there was none or no keyring is usable."""
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, account)
    except PasswordDeleteError:
        return False
    except KeyringError:
        return False
    except Exception:  # a broken backend: nothing we stored can be there
        return False
    return True


def _why(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
