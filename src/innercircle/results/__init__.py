"""What the use cases answer: typed results that the CLI's ``--json``, the API and the web pages render.

One module per area. Each result is a pydantic model whose docstrings (the class's, and the one under
each field) are what ``/docs`` shows. A result mirrors core's dataclasses where those are the answer
(core itself stays free of pydantic) and holds plain values: numbers, text, lists, dates and moments
(``moments.Moment``: aware datetimes, in UTC as stored, which JSON shows on the owner's clock).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict


class Result(BaseModel):
    """The base of every result: immutable (one cached result is shared by every request that reads it),
    no field beyond those declared, each field described by the docstring under it. A model's schema is
    built on its first use (``defer_build``): a command pays only for the results it answers."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True, defer_build=True)


class Page(Result):
    """One page of a list: how many rows match in all, and where the next page starts. Each list's page
    adds its ``items``."""

    total: int
    """How many rows match the filters and the search, on every page together."""
    limit: int
    """At most this many rows are on the page."""
    offset: int
    """How many matching rows come before this page."""
    next_offset: int | None
    """The ``offset`` of the next page (null: this is the last one)."""


def page_of(rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """The fields of a ``Page`` for ``rows[offset:offset + limit]``, the page's rows as ``items``."""
    end = offset + limit
    return {
        "items": rows[offset:end],
        "total": len(rows),
        "limit": limit,
        "offset": offset,
        "next_offset": end if end < len(rows) else None,
    }


def choices(values: Iterable[str], optional: bool = False) -> dict[str, Any]:
    """A text field's schema ``enum`` from the values core defines (for ``json_schema_extra``): /docs
    lists them, and the list stays core's (``optional``: null is one of them too)."""
    return {"enum": [*values, *([None] if optional else [])]}
