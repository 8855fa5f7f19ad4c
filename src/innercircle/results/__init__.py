"""What the use cases answer: typed results that the CLI's ``--json``, the API and the web pages render.

One module per area. Each result is a pydantic model whose docstrings (the class's, and the one under
each field) are what ``/docs`` shows. A result mirrors core's dataclasses where those are the answer
(core itself stays free of pydantic) and holds plain values: numbers, text, lists, dates and moments
(aware datetimes, in UTC as stored: the front ends show them on the owner's clock).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer, SerializationInfo, WithJsonSchema
from pydantic_core import to_jsonable_python


class Result(BaseModel):
    """The base of every result: immutable (one cached result is shared by every request that reads it),
    no field beyond those declared, each field described by the docstring under it. A model's schema is
    built on its first use (``defer_build``): a command pays only for the results it answers."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True, defer_build=True)


def _on_clock(value: datetime, info: SerializationInfo) -> str:
    """A moment in JSON: ISO 8601 with the offset of the serialization context's ``zone`` (the owner's
    clock: the same instant, as the owner reads it), else as stored (UTC)."""
    zone = (info.context or {}).get("zone")
    moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return (moment if zone is None else moment.astimezone(zone)).isoformat()


ON_CLOCK = PlainSerializer(_on_clock, when_used="json")

Moment = Annotated[datetime, ON_CLOCK, WithJsonSchema({"type": "string", "format": "date-time"})]
"""The type of every moment in a result (``tests/test_results.py`` holds them to it): in Python an aware
datetime, in JSON its ISO text on the clock ``jsonable`` is given."""


def jsonable(result: Any, zone: tzinfo | None) -> Any:
    """A result, or a list of them, as the JSON its models declare (dicts, lists, text, numbers), each
    moment with the offset of ``zone`` (None: as stored, in UTC). The models know where their moments
    are: nothing else in the answer is looked at again."""
    return to_jsonable_python(result, context={"zone": zone})


def choices(values: Iterable[str], optional: bool = False) -> dict[str, Any]:
    """A text field's schema ``enum`` from the values core defines (for ``json_schema_extra``): /docs
    lists them, and the list stays core's (``optional``: null is one of them too)."""
    return {"enum": [*values, *([None] if optional else [])]}
