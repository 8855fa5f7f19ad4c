"""The ``digest`` group: the weekly (or daily) digest, shown here or mailed to the user."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import as_of_moment, guard, literal, out, print_json, workspace
from innercircle.cli.options import AS_OF, JSON

if TYPE_CHECKING:
    from innercircle.sync.smtp import SmtpServer

digest_app = typer.Typer(help="The digest by mail: follow-ups due, the health verdict, the coming meetings.")

PERIOD = Annotated[
    str,
    typer.Option("--period", help="weekly (meetings of the coming week) or daily (today and tomorrow)."),
]


@digest_app.command("show")
@guard
def show(
    as_json: JSON = False,
    html: Annotated[bool, typer.Option("--html", help="Print the HTML part instead of the text.")] = False,
    period: PERIOD = "weekly",
    as_of: AS_OF = None,
) -> None:
    """Print the digest as it would be mailed, without sending it.

    Example: innercircle digest show
    """
    from innercircle.reports.digest import html_part, text_part
    from innercircle.services import digest as digests
    from innercircle.services.runtime.localzone import get_zone

    with workspace() as ws:
        now = as_of_moment(as_of, ws)
        with ws.read() as tx:
            made = digests.build_digest(tx, now, period)
            zone = get_zone(tx)
    if as_json:
        print_json(made, zone)
        return
    # the parts are already safe for a terminal (controls shown as stand-ins; HTML escaped)
    sys.stdout.write(html_part(made, zone) if html else text_part(made, zone))


@digest_app.command("send")
@guard
def send(
    to: Annotated[
        str | None,
        typer.Option("--to", help="The address (default: INNERCIRCLE_DIGEST_TO, else your e-mail)."),
    ] = None,
    password_env: Annotated[
        str | None,
        typer.Option(
            "--password-env",
            help="Read the mail server's password from this environment variable (default: the keyring).",
        ),
    ] = None,
    period: PERIOD = "weekly",
    as_json: JSON = False,
) -> None:
    """Mail the digest through INNERCIRCLE_SMTP_URL (TLS or STARTTLS; plain only on loopback).

    Example: INNERCIRCLE_SMTP_URL=smtps://me@mail.example.com innercircle digest send --to me@example.com
    """
    from innercircle.services import digest as digests

    config = common.config()
    server = digests.smtp_server(config.smtp_url)
    env = password_env or config.smtp_password_env
    password = digests.smtp_password(server, env)
    if server.user and password is None:
        password = _ask_password(server)
    with workspace() as ws:
        sent = digests.send_digest(
            ws,
            ws.now(),
            smtp_url=config.smtp_url,
            to=to,
            configured_to=config.digest_to,
            sender=config.smtp_from,
            password=password,
            period=period,
            context=digests.smtp_context(config.smtp_cafile),
        )
        zone = common.zone(ws)
    if as_json:
        print_json(sent, zone)
        return
    out.print(
        f"Sent the {period} digest to {literal(sent.to)} through {literal(sent.server)} "
        f"({sent.transport}): {literal(sent.subject)}",
        highlight=False,
    )


@digest_app.command("push")
@guard
def push_cmd(
    url: Annotated[
        str | None, typer.Option("--url", help="The ntfy-style topic URL (default: INNERCIRCLE_PUSH_URL).")
    ] = None,
    token_env: Annotated[
        str | None,
        typer.Option("--token-env", help="Read the topic's access token from this environment variable."),
    ] = None,
    as_json: JSON = False,
) -> None:
    """Push today's follow-ups and meetings to your phone through an ntfy-style topic (https://).

    Example: INNERCIRCLE_PUSH_URL=https://ntfy.sh/my-topic innercircle digest push
    """
    import os

    from innercircle.core.errors import UserInputError
    from innercircle.services import digest as digests

    config = common.config()
    env = token_env or config.push_token_env
    token = os.environ.get(env) if env else None
    if env and not token:
        raise UserInputError(f"--token-env {env}: that environment variable is not set")
    with workspace() as ws:
        sent = digests.push_digest(ws, ws.now(), push_url=url or config.push_url, token=token)
        zone = common.zone(ws)
    if as_json:
        print_json(sent, zone)
        return
    out.print(f"Pushed to {literal(sent.server)}: {literal(sent.title)}", highlight=False)


def _ask_password(server: SmtpServer) -> str:
    """No password stored: ask for it on a terminal and keep it in the keyring; refuse elsewhere."""
    from innercircle.core.errors import UserInputError
    from innercircle.services import digest as digests

    if not sys.stdin.isatty():
        raise UserInputError(
            f"no password for {server.user} at {server.where}: give --password-env VAR, or run "
            "`innercircle digest send` once on a terminal to keep it in the keyring; nothing was sent"
        )
    password = typer.prompt(f"Password for {server.user} at {server.where}", hide_input=True, err=True)
    try:
        digests.keep_password(server, password)
    except Exception as exc:  # no usable keyring: the password serves this send only
        common.err.print(f"(not kept: {literal(str(exc))})", highlight=False)
    return str(password)
