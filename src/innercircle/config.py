"""The process's configuration, from the environment (``INNERCIRCLE_*``).

Not to be confused with the database's own settings (``store/settings.py``: the owner's zone, the
demo's story day), which travel with the database file.
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from innercircle.core.model import DEFAULT_REGION
from innercircle.paths import default_db_path


class Config(BaseSettings):
    """Where the database is, the web app's options, and the phone region for numbers without one."""

    model_config = SettingsConfigDict(env_prefix="INNERCIRCLE_", extra="ignore")

    db: str = ""
    token: str | None = None
    host: str = "127.0.0.1"
    port: int = 8765
    default_region: str = DEFAULT_REGION
    max_upload_mb: int = 50

    def db_url(self) -> str:
        """The database path or URL in force."""
        return self.db or str(default_db_path())
