"""The ``me`` commands: the owner's own identities, added after the fact."""

from __future__ import annotations

from typing import Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import guard, out, print_json, workspace
from innercircle.cli.options import REGION

JSON = Annotated[bool, typer.Option("--json", help="You, as recorded, as JSON on stdout.")]
me_app = typer.Typer(help="Who you are: your own emails, phones and handles.", no_args_is_help=True)


@me_app.command("add")
@guard
def add_cmd(
    idents: Annotated[list[str], typer.Argument(help="Your emails, phones or handles.")],
    region: REGION = None,
    as_json: JSON = False,
) -> None:
    """Add identities of yours; a record an import made under one becomes you, its directions derived again.

    Example: innercircle me add ada@work.example
    """
    from innercircle.services.owner import claim_identities, owner_record

    with workspace(region=region) as ws:
        now, zone = ws.now(), common.zone(ws)
        with ws.begin() as tx:
            merged = claim_identities(tx, idents, now)
            record = owner_record(tx, now)
    for line in merged:  # what an earlier import had under your address is now yours
        (common.err if as_json else out).print(line, highlight=False, markup=False)
    if as_json:
        print_json(record, zone)
        return
    out.print(f"Yours: {', '.join(idents)}.", highlight=False, markup=False)


@me_app.command("show")
@guard
def show_cmd(as_json: JSON = False) -> None:
    """Your name and identities, as innercircle knows them.

    Example: innercircle me show
    """
    from innercircle.services.people import owner_identities

    with workspace() as ws:
        zone = common.zone(ws)
        with ws.read() as tx:
            you = owner_identities(tx)
    if as_json:
        print_json(you, zone)
        return
    out.print(f"You are {you.name}.", highlight=False, markup=False)
    for i in you.identities:
        out.print(f"  {i.kind}: {i.value}", highlight=False, markup=False)
    if not you.identities:
        out.print(
            "  no email, phone or handle yet: innercircle me add ADDRESS", highlight=False, markup=False
        )
