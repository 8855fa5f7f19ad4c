"""The ``demo`` command: build the bundled demo network and print its review."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from innercircle.cli import common
from innercircle.cli.common import out, print_json, workspace

if TYPE_CHECKING:
    from innercircle.services import Workspace


def demo(
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same network.")] = 42,
    today: Annotated[str | None, typer.Option("--today", help="The demo's today (default: today).")] = None,
    files: Annotated[
        str | None, typer.Option("--files", help="Also write the network as real files here.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="What was built, as JSON on stdout (no review).")
    ] = False,
) -> None:
    """Build the demo network (never in your own database) and print the weekly review.

    Example: innercircle demo --files ./demo-files
    """
    from innercircle.paths import demo_db_path
    from innercircle.services import utcnow
    from innercircle.services.demo import load_demo

    now = utcnow()  # the real clock: a rebuilt demo's today defaults to the real today
    target = common.state.db or str(demo_db_path())
    with workspace(target) as ws:
        summary = load_demo(ws, seed=seed, today=today, now=now, files_dir=files)
        zone = common.zone(ws)  # the demo owner's
        if as_json:
            print_json(summary, zone)
            return
        out.print(summary.text)
        _review(ws)


def _review(ws: Workspace) -> None:
    from innercircle.cli.review import print_review

    print_review(ws)
