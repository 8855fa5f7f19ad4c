"""Settings from the environment (``INNERCIRCLE_*``)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from innercircle.paths import default_db_path


class Settings(BaseSettings):
    """Where the database is, and the web app's options."""

    model_config = SettingsConfigDict(env_prefix="INNERCIRCLE_", extra="ignore")

    db: str = ""
    token: str | None = None
    host: str = "127.0.0.1"
    port: int = 8765
    default_region: str = "US"
    max_upload_mb: int = 50

    def db_url(self) -> str:
        """The database path or URL in force."""
        return self.db or str(default_db_path())
