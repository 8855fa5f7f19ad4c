"""The weekly review: ``review`` and ``print_review`` (used by ``demo``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import as_of_moment, out, print_json, workspace
from innercircle.cli.options import JSON

if TYPE_CHECKING:
    from innercircle.services import Workspace


def print_review(ws: Workspace, as_of: str | None = None) -> None:
    """Print the weekly review of a workspace in the terminal (a demo is reviewed as of its own today)."""
    from innercircle.reports import terminal
    from innercircle.services.review import build_review

    now = as_of_moment(as_of, ws)
    with ws.read() as tx:
        data = build_review(tx, now)
    terminal.print_review(out, data)


def review(
    as_of: Annotated[str | None, typer.Option("--as-of", help="Review as if today were this date.")] = None,
    as_json: JSON = False,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html", help="Write the review to this self-contained HTML page (not to the terminal)."
        ),
    ] = None,
    reflect: Annotated[
        bool, typer.Option("--reflect", help="Answer the week's three reflection questions (stored).")
    ] = False,
) -> None:
    """The weekly strategic review: focus, follow-ups, events, health, outcomes, warm intros, reflection.

    Example: innercircle review --html review.html
    """
    from innercircle.reports import terminal
    from innercircle.services.review import build_review, save_reflections

    if reflect and as_json:
        raise common.fail("--reflect asks questions: it cannot be combined with --json")
    with workspace() as ws:
        zone = common.zone(ws)
        now = as_of_moment(as_of, ws)
        with ws.read() as tx:
            data = build_review(tx, now)
        if html is not None:
            from innercircle.reports.html import render_html

            try:
                html.write_text(render_html(data), encoding="utf-8")
            except OSError as exc:
                raise common.fail(f"cannot write {html}: {exc.strerror}") from None
        if as_json:
            print_json(data, zone)
        elif not reflect and html is None:
            terminal.print_review(out, data)
        if html is not None and not as_json:
            out.print(f"Wrote {html}")
        if reflect:
            answers = [
                (q, typer.prompt(q, default="", show_default=False)) for q in data.reflection.questions
            ]
            answered = ws.now()
            with ws.begin() as tx:
                n = save_reflections(tx, data.week, answers, answered)
            out.print(f"Stored {n} reflection(s) for {data.week}.")
