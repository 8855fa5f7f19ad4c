"""The process's configuration, from the environment (``INNERCIRCLE_*``).

Not to be confused with the database's own settings (``store/settings.py``: the owner's zone, the
demo's story day), which travel with the database file.
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from innercircle.core.model import DEFAULT_REGION
from innercircle.paths import default_db_path


class Config(BaseSettings):
    """Where the database is, the web app's options, the phone region for numbers without one, and where
    the digest is mailed."""

    model_config = SettingsConfigDict(env_prefix="INNERCIRCLE_", extra="ignore")

    db: str = ""
    token: str | None = None
    host: str = "127.0.0.1"
    port: int = 8765
    default_region: str = DEFAULT_REGION
    max_upload_mb: int = 50
    smtp_url: str | None = None
    """The digest's mail server: ``smtps://[user@]host[:port]`` (TLS) or ``smtp://…`` (STARTTLS)."""
    smtp_from: str | None = None
    """The digest's From address (default: the login when it is an address, else the recipient)."""
    smtp_cafile: str | None = None
    """A CA certificate file (PEM) trusted for the mail server: your own server's self-signed certificate."""
    smtp_password_env: str | None = None
    """The environment variable holding the mail server's password (default: the OS keyring)."""
    digest_to: str | None = None
    """Where the digest goes (default: the owner's e-mail)."""
    push_url: str | None = None
    """An ntfy-style topic URL the day's follow-ups are pushed to (``digest push``)."""
    push_token_env: str | None = None
    """The environment variable holding the push topic's access token, if it needs one."""

    def db_url(self) -> str:
        """The database path or URL in force."""
        return self.db or str(default_db_path())
