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


def choices(values: Iterable[str], optional: bool = False) -> dict[str, Any]:
    """A text field's schema ``enum`` from the values core defines (for ``json_schema_extra``): /docs
    lists them, and the list stays core's (``optional``: null is one of them too)."""
    return {"enum": [*values, *([None] if optional else [])]}
