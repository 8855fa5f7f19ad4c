"""The options several commands share, defined once: the same flag, the same help everywhere."""

from __future__ import annotations

from typing import Annotated

import typer

from innercircle.core.ties.tiers import TIERS

JSON = Annotated[bool, typer.Option("--json", help="Machine output (JSON) on stdout.")]
AS_OF = Annotated[str | None, typer.Option("--as-of", help="Analyse as if today were this date.")]
LIMIT = Annotated[int | None, typer.Option("--limit", help="At most this many rows.")]
TIER = Annotated[str | None, typer.Option("--tier", help=f"Only this tier ({', '.join(TIERS)}).")]
DRY_RUN = Annotated[bool, typer.Option("--dry-run", help="Read and count, store nothing.")]
YES = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
REGION = Annotated[
    str | None,
    typer.Option(
        "--region",
        help="Phone region for numbers without a country code (ISO code; default: INNERCIRCLE_DEFAULT_REGION, else US).",
    ),
]
