"""The moment type of the results whose JSON is written as ISO 8601 text with the moment's own offset."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import PlainSerializer, WithJsonSchema

# ``2026-12-01T18:30:00+01:00``, UTC as ``+00:00``: as ``datetime.isoformat`` writes it, the form the JSON
# had before it was typed (pydantic alone would write UTC as ``Z`` when an API route writes the model).
Moment = Annotated[
    datetime,
    PlainSerializer(lambda t: t.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
