"""The typed results document themselves: every model and every field says what it is (``/docs`` shows it),
and a result cannot be changed once made (the caches share one result between requests)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from pydantic import ValidationError

import innercircle.results
from innercircle.results import Result


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
