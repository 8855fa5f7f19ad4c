"""The typed results document themselves: every model and every field says what it is (``/docs`` shows it);
a result cannot be changed once made (the caches share one result between requests); every moment in
one is a ``Moment``, which its JSON shows on the owner's clock."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, datetime
from typing import Annotated, Any, get_args, get_origin
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

import innercircle.results
from innercircle.results import Result
from innercircle.results.moments import ON_CLOCK, Moment, jsonable


def _models() -> list[type[Result]]:
    for info in pkgutil.iter_modules(innercircle.results.__path__, "innercircle.results."):
        importlib.import_module(info.name)
    found: list[type[Result]] = []
    todo: list[type[Result]] = [Result]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


MODELS = _models()


def test_there_are_results() -> None:
    assert {"TieRow", "PersonRow", "Profile"} <= {m.__name__ for m in MODELS}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{m.__module__}.{m.__name__}")
def test_every_result_and_field_is_described(model: type[Result]) -> None:
    assert (model.__doc__ or "").strip(), f"{model.__name__} has no docstring"
    bare = [name for name, field in model.model_fields.items() if not (field.description or "").strip()]
    assert not bare, f"{model.__name__}: fields without a description: {bare}"


def test_a_result_cannot_be_changed_nor_given_unknown_fields() -> None:
    from innercircle.results.people import Identity

    ident = Identity(kind="email", value="ada@example.com", raw="Ada <ada@example.com>")
    with pytest.raises(ValidationError):
        ident.value = "other@example.com"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Identity(kind="email", value="a@example.com", raw="", typo=1)  # type: ignore[call-arg]


def _plain_datetimes(tp: Any, metadata: tuple[Any, ...] = ()) -> bool:
    """Whether the type holds a datetime that is not a ``Moment`` (anywhere: in a list, a union…)."""
    if tp is datetime:
        return not any(m is ON_CLOCK for m in metadata)
    if get_origin(tp) is Annotated:
        base, *meta = get_args(tp)
        return _plain_datetimes(base, tuple(meta))
    return any(_plain_datetimes(arg) for arg in get_args(tp))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{m.__module__}.{m.__name__}")
def test_every_moment_is_a_moment(model: type[Result]) -> None:
    """A bare ``datetime`` field would reach the JSON in UTC, not on the owner's clock: use ``Moment``."""
    plain = [
        name
        for name, field in model.model_fields.items()
        if _plain_datetimes(field.annotation, tuple(field.metadata))
    ]
    assert not plain, f"{model.__name__}: datetime fields not typed Moment: {plain}"


def test_the_moment_check_finds_a_bare_datetime() -> None:
    assert _plain_datetimes(datetime) and _plain_datetimes(list[datetime | None])
    assert not _plain_datetimes(Moment) and not _plain_datetimes(list[Moment | None])


def test_moments_are_on_the_clock_json_is_given() -> None:
    from innercircle.results.people import FavorRecord

    at = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
    favour = FavorRecord(person_id=1, direction="gave", text="an intro", at=at, id=2)
    assert favour.model_dump()["at"] is at  # Python keeps the datetime; only JSON is written on a clock
    assert jsonable([favour], ZoneInfo("Europe/Paris"))[0]["at"] == "2026-12-01T18:30:00+01:00"
    assert jsonable(favour, None)["at"] == "2026-12-01T17:30:00+00:00"
    schema = FavorRecord.model_json_schema(mode="serialization")["properties"]["at"]
    assert schema["type"] == "string" and schema["format"] == "date-time"
