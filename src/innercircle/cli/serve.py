"""The ``serve`` command: the local web app and JSON API."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import guard, out


def serve(
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default 8765).")] = None,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="INNERCIRCLE_TOKEN", help="Require this token (needed off loopback)."),
    ] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Serve the demo database.")] = False,
    sync_every: Annotated[
        str | None,
        typer.Option(
            "--sync-every",
            help="Sync every account in the background this often (15m, 1h); pages never wait for it.",
        ),
    ] = None,
) -> None:
    """Serve the web app and the JSON API (OpenAPI at /docs); 127.0.0.1 unless told otherwise.

    Example: innercircle serve --port 8765
    """
    from innercircle.paths import demo_db_path
    from innercircle.services.serving import check_bind, check_port

    settings = common.settings()
    settings.host = host or settings.host
    settings.port = port or settings.port
    settings.token = token or settings.token or None
    note = ""
    if demo or (not settings.db and not _own_db_exists(settings.db_url()) and demo_db_path().exists()):
        settings.db = str(demo_db_path())
        note = " (the demo network)"
    check_bind(settings.host, settings.token)
    check_port(settings.host, settings.port)
    syncer = None
    if sync_every is not None:
        from innercircle.services.background import Syncer, parse_every

        syncer = Syncer(settings.db_url(), parse_every(sync_every))
    import uvicorn

    # The web app reads its settings from the environment: the CLI never imports the web package.
    os.environ.update(
        INNERCIRCLE_DB=settings.db_url(), INNERCIRCLE_HOST=settings.host, INNERCIRCLE_PORT=str(settings.port)
    )
    if settings.token:
        os.environ["INNERCIRCLE_TOKEN"] = settings.token
    shown = f"[{settings.host}]" if ":" in settings.host else settings.host
    out.print(f"innercircle on [bold]http://{shown}:{settings.port}/[/] — {settings.db_url()}{note}")
    out.print(
        "API docs at /docs" + (" · log in with your token" if settings.token else "") + " · Ctrl-C stops"
    )
    if syncer is not None:
        syncer.start()
        out.print(
            f"Syncing every account every {sync_every} in the background (account list shows how it went)"
        )
    uvicorn.run(
        "innercircle.web.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        proxy_headers=False,
    )


def _own_db_exists(url: str) -> bool:
    from pathlib import Path

    return "://" in url or Path(url).expanduser().exists()


def register(app: typer.Typer) -> None:
    """Add this command to the main app."""
    app.command()(guard(serve))
