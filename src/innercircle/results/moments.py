"""The moments of the results, and a result's JSON with its moments on the owner's clock."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Annotated, Any

from pydantic import PlainSerializer, SerializationInfo, WithJsonSchema
from pydantic_core import to_jsonable_python


def _on_clock(value: datetime, info: SerializationInfo) -> str:
    """A moment in JSON: ISO 8601 with the offset of the serialization context's ``zone`` (the owner's
    clock: the same instant, as the owner reads it), else with its own offset, UTC as ``+00:00`` (as
    ``datetime.isoformat`` writes it, the form the JSON had before it was typed; pydantic alone would
    write ``Z``)."""
    zone = (info.context or {}).get("zone")
    moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return (moment if zone is None else moment.astimezone(zone)).isoformat()


ON_CLOCK = PlainSerializer(_on_clock, return_type=str, when_used="json")

Moment = Annotated[datetime, ON_CLOCK, WithJsonSchema({"type": "string", "format": "date-time"})]
"""The type of every moment in a result (``tests/test_results.py`` holds them to it): in Python an aware
datetime, in JSON its ISO text on the clock ``jsonable`` is given."""


def jsonable(result: Any, zone: tzinfo | None) -> Any:
    """A result, or a list of them, as the JSON its models declare (dicts, lists, text, numbers), each
    moment with the offset of ``zone`` (None: as stored). The models know where their moments are:
    nothing else in the answer is looked at again."""
    return to_jsonable_python(result, context={"zone": zone})
