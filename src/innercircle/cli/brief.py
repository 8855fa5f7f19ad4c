"""``brief``: the coming meetings, a card per attendee you know."""

from __future__ import annotations

from typing import Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import out, print_json, workspace
from innercircle.cli.options import JSON


def brief(
    day: Annotated[
        str | None,
        typer.Option("--date", help="The first day (YYYY-MM-DD, today, tomorrow; default: today)."),
    ] = None,
    days: Annotated[
        int | None,
        typer.Option(
            "--days", help="How many days from it (default: today and tomorrow, or the --date alone)."
        ),
    ] = None,
    as_json: JSON = False,
) -> None:
    """Before your meetings: who you will see, the tie, the last contact, what to remember, bring up and ask.

    Example: innercircle brief --date 2026-12-09
    """
    from innercircle.results.brief import brief_text
    from innercircle.services.brief import brief as make_brief
    from innercircle.services.brief import days_asked

    with workspace() as ws:
        now, zone = ws.now(), common.zone(ws)
        with ws.read() as tx:
            result = make_brief(tx, *days_asked(tx, now, day, days), now)
    if as_json:
        print_json(result, zone)
        return
    out.print(brief_text(result, zone), markup=False, highlight=False)
