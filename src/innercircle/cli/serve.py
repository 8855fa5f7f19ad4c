"""The ``serve`` command: the local web app and JSON API."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from innercircle.cli import common
from innercircle.cli.common import out

if TYPE_CHECKING:
    from innercircle.config import Config
    from innercircle.services.runtime.background import DigestSender


def serve(
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default 8765).")] = None,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            help="Require the token in this file (its first line); or set INNERCIRCLE_TOKEN. "
            "Needed off loopback. Never on the command line: other users of the machine see it there.",
        ),
    ] = None,
    token: Annotated[str | None, typer.Option("--token", hidden=True)] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Serve the demo database.")] = False,
    sync_every: Annotated[
        str | None,
        typer.Option(
            "--sync-every",
            help="Sync every account in the background this often (15m, 1h); pages never wait for it.",
        ),
    ] = None,
    digest: Annotated[
        str | None,
        typer.Option(
            "--digest",
            help="Mail the digest weekly or daily through INNERCIRCLE_SMTP_URL (once per period, "
            "restarts included).",
        ),
    ] = None,
    password_env: Annotated[
        str | None,
        typer.Option(
            "--password-env",
            help="With --digest: the environment variable holding the mail server's password "
            "(default: the keyring).",
        ),
    ] = None,
) -> None:
    """Serve the web app and the JSON API (OpenAPI at /docs); 127.0.0.1 unless told otherwise.

    Example: innercircle serve --port 8765

    Off this machine, with a token: innercircle serve --host 0.0.0.0 --token-file ~/.innercircle-token
    """
    from innercircle.paths import demo_db_path
    from innercircle.services.runtime.serving import check_bind, check_port, shown_url

    if token is not None:
        raise common.fail(
            "a token on the command line is visible to every user of this machine (ps); "
            "set INNERCIRCLE_TOKEN or give --token-file FILE instead"
        )
    config = common.config()
    config.host = host or config.host
    config.port = port or config.port
    config.token = _read_token(token_file) if token_file else config.token or None
    note = ""
    if demo or (not config.db and not _own_db_exists(config.db_url()) and demo_db_path().exists()):
        config.db = str(demo_db_path())
        note = " (the demo network)"
    check_bind(config.host, config.token)
    check_port(config.host, config.port)
    syncer = None
    if sync_every is not None:
        from innercircle.services.runtime.background import Syncer, parse_every

        syncer = Syncer(config.db_url(), parse_every(sync_every), config.default_region)
    sender = _digest_sender(config, digest, password_env) if digest is not None else None
    import uvicorn

    # The web app reads its configuration from the environment: the CLI never imports the web package.
    os.environ.update(
        INNERCIRCLE_DB=config.db_url(), INNERCIRCLE_HOST=config.host, INNERCIRCLE_PORT=str(config.port)
    )
    if config.token:
        os.environ["INNERCIRCLE_TOKEN"] = config.token
    shown = f"[{config.host}]" if ":" in config.host else config.host
    out.print(
        f"innercircle on [bold]http://{shown}:{config.port}/[/] — {escape(shown_url(config.db_url()))}{note}"
    )
    out.print("API docs at /docs" + (" · log in with your token" if config.token else "") + " · Ctrl-C stops")
    if syncer is not None:
        syncer.start()
        out.print(
            f"Syncing every account every {sync_every} in the background (account list shows how it went)"
        )
    if sender is not None:
        sender.start()
        out.print(f"Mailing the {digest} digest to {escape(sender.mail.to or 'you')} (once per period)")
    uvicorn.run(
        "innercircle.web.app:create_app",
        factory=True,
        host=config.host,
        port=config.port,
        log_level="warning",
        proxy_headers=False,
    )


def _digest_sender(config: Config, period: str, password_env: str | None) -> DigestSender:
    """The digest thread, its server, address and password checked before the app starts: a missing
    one is said now, not in a log a week later."""
    from innercircle.core.errors import UserInputError
    from innercircle.services import digest as digests
    from innercircle.services.runtime.background import DigestSender, MailSettings

    if period not in ("weekly", "daily"):
        raise UserInputError(f"--digest {period!r}: weekly or daily")
    server = digests.smtp_server(config.smtp_url)
    password = digests.smtp_password(server, password_env or config.smtp_password_env)
    if server.user and password is None:
        raise UserInputError(
            f"--digest: no password for {server.user} at {server.where}: give --password-env VAR, or run "
            "`innercircle digest send` once on a terminal to keep it in the keyring"
        )
    with common.workspace(config.db_url()) as ws, ws.read() as tx:
        to = digests.recipient(tx, None, config.digest_to)
    mail = MailSettings(
        smtp_url=str(config.smtp_url),
        password=password,
        to=to,
        sender=config.smtp_from,
        context=digests.smtp_context(config.smtp_cafile),
    )
    return DigestSender(config.db_url(), period, mail, region=config.default_region)


def _read_token(path: Path) -> str:
    """The token in the first line of a file (a file keeps it out of the process list and history)."""
    from innercircle.core.errors import UserInputError

    try:
        lines = path.expanduser().read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserInputError(f"cannot read the token file {path}: {exc}") from None
    token = lines[0].strip() if lines else ""
    if not token:
        raise UserInputError(f"the token file {path} is empty: put the token on its first line")
    return token


def _own_db_exists(url: str) -> bool:
    return "://" in url or Path(url).expanduser().exists()
