"""Every ``/api`` answer is described field by field in ``/openapi.json`` (what ``/docs`` shows), and
each route answers what its description says.

The routes whose results are not typed yet are listed in ``NOT_YET``; typing one's result takes it off
the list (the test fails while a typed route is still listed, so the list stays true)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import TypeAdapter
from tests.web.conftest import NOW

import innercircle.results
from innercircle.results import Result
from innercircle.services import plans

NOT_YET: set[tuple[str, str]] = set()
METHODS = ("get", "post", "put", "patch", "delete")


def _answers(spec: dict[str, Any]) -> Iterator[tuple[tuple[str, str], dict[str, Any]]]:
    """Each /api operation and the schema of its successful JSON answer (empty when it has none)."""
    for path, ops in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method in METHODS:
            if method in ops:
                codes = sorted(c for c in ops[method]["responses"] if c.startswith("2"))
                ok = ops[method]["responses"][codes[0]] if codes else {}
                yield (method, path), ok.get("content", {}).get("application/json", {}).get("schema", {})


def _bodies(spec: dict[str, Any]) -> Iterator[tuple[tuple[str, str], dict[str, Any]]]:
    """Each /api operation that takes a body, and the schema of the body (JSON or a form's fields)."""
    for path, ops in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method in METHODS:
            body = ops.get(method, {}).get("requestBody")
            if body:
                (content,) = body["content"].values()
                yield (method, path), content.get("schema", {})


def _resolved(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _bare(schema: dict[str, Any], spec: dict[str, Any], where: str, seen: set[str]) -> Iterator[str]:
    """Where in ``schema`` a value is left undescribed: anything at all, or an object without named
    fields and without a described value type (a map of numbers by name is described)."""
    ref = schema.get("$ref")
    if ref in seen:
        return
    s = _resolved(schema, spec)
    seen = seen | ({ref} if ref else set())
    variants = s.get("anyOf") or s.get("oneOf") or s.get("allOf")
    if variants:
        for v in variants:
            yield from _bare(v, spec, where, seen)
        return
    kind = s.get("type")
    if kind is None and "const" not in s and "enum" not in s:
        yield f"{where}: any value"
    elif kind == "array":
        yield from _bare(s.get("items", {}), spec, f"{where}[]", seen)
    elif kind == "object":
        fields, values = s.get("properties") or {}, s.get("additionalProperties")
        if not fields and not (isinstance(values, dict) and values):
            yield f"{where}: an object without named fields"
        for name, sub in fields.items():
            yield from _bare(sub, spec, f"{where}.{name}", seen)
        if isinstance(values, dict) and values:
            yield from _bare(values, spec, f"{where}{{}}", seen)


def _named(schema: dict[str, Any], spec: dict[str, Any]) -> bool:
    """Whether the answer is an object with named fields, or a list of them."""
    s = _resolved(schema, spec)
    if s.get("type") == "array":
        s = _resolved(s.get("items", {}), spec)
    return bool(s.get("properties"))


def _undescribed(schema: dict[str, Any], spec: dict[str, Any]) -> list[str]:
    problems = list(_bare(schema, spec, "answer", set()))
    return problems if _named(schema, spec) else ["answer: no named fields", *problems]


def test_every_api_answer_has_named_fields_all_the_way_down(client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/openapi.json").json()
    answers = dict(_answers(spec))
    assert len(answers) >= 7 and answers.keys() >= NOT_YET
    typed = {op: _undescribed(schema, spec) for op, schema in answers.items() if op not in NOT_YET}
    assert {op: problems for op, problems in typed.items() if problems} == {}
    still = {op for op in NOT_YET if not _undescribed(answers[op], spec)}
    assert not still, f"typed now: take {sorted(still)} off NOT_YET"


WRITES = {
    ("post", "/api/people"),
    ("patch", "/api/people/{person_id}"),
    ("post", "/api/people/{person_id}/pin"),
    ("post", "/api/people/{person_id}/interactions"),
    ("post", "/api/people/{person_id}/details"),
    ("post", "/api/people/{person_id}/favours"),
    ("post", "/api/followups/{person_id}/snooze"),
    ("post", "/api/goals"),
    ("post", "/api/events"),
    ("post", "/api/events/{event_id}/decision"),
    ("post", "/api/events/{event_id}/review"),
    ("post", "/api/outcomes"),
    ("post", "/api/import"),
}


def test_every_api_request_body_has_described_fields(client) -> None:  # type: ignore[no-untyped-def]
    """Every body an /api write takes is an object with named fields, each with a type and a description
    (what /docs shows the one who calls it)."""
    spec = client.get("/openapi.json").json()
    bodies = dict(_bodies(spec))
    assert bodies.keys() >= WRITES, sorted(WRITES - bodies.keys())
    problems = {op: _undescribed(schema, spec) for op, schema in bodies.items()}
    assert {op: p for op, p in problems.items() if p} == {}
    undescribed = {
        f"{op}: {name}"
        for op, schema in bodies.items()
        for name, field in (_resolved(schema, spec).get("properties") or {}).items()
        if not _resolved(field, spec).get("description") and not field.get("description")
    }
    assert not undescribed, sorted(undescribed)
    # a write's possible refusals are documented with it
    for method, path in WRITES:
        responses = spec["paths"][path][method]["responses"]
        assert {"400", "403", "422"} <= set(responses), (method, path)
        refusal = responses["400"]["content"]["application/json"]["schema"]
        assert _resolved(refusal, spec)["properties"]["detail"]["description"], (method, path)


def test_the_schema_walk_finds_an_undescribed_answer() -> None:
    spec: dict[str, Any] = {
        "components": {
            "schemas": {
                "Row": {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "object"}}}
            }
        }
    }
    assert _undescribed({"type": "object", "additionalProperties": True}, spec) == [
        "answer: no named fields",
        "answer: an object without named fields",
    ]
    assert _undescribed({"type": "array", "items": {"$ref": "#/components/schemas/Row"}}, spec) == [
        "answer[].b: an object without named fields"
    ]
    described = {"type": "object", "additionalProperties": {"type": "number"}}
    assert list(_bare(described, spec, "answer", set())) == []


def _results() -> dict[str, type[Result]]:
    """Every result model by its name (the name the OpenAPI schema gives it)."""
    for info in pkgutil.iter_modules(innercircle.results.__path__, "innercircle.results."):
        importlib.import_module(info.name)
    found, todo = {}, [Result]
    while todo:
        for sub in todo.pop().__subclasses__():
            found[sub.__name__] = sub
            todo.append(sub)
    return found


def _model(schema: dict[str, Any]) -> Any:
    """The type an answer's schema names: a result, or a list of one."""
    many = schema.get("type") == "array"
    ref = (schema["items"] if many else schema)["$ref"]
    model = _results()[ref.rsplit("/", 1)[-1]]
    return list[model] if many else model  # type: ignore[valid-type]


@pytest.mark.parametrize("as_of", [None, "2026-02-20"])
def test_each_typed_route_answers_what_its_schema_says(client, ws, seeded, as_of) -> None:  # type: ignore[no-untyped-def]
    """Each typed GET route's answer on the seeded network, validated by the result model its schema
    names: every field there with its type, none beyond them."""
    with ws.begin() as tx:  # the seed has no outcome: one, so the outcomes' route has one to answer
        plans.add_outcome(tx, "intro", [str(seeded["grace"])], NOW, note="met Bob")
    spec = client.get("/openapi.json").json()
    typed = {
        path for (method, path) in dict(_answers(spec)) if method == "get" and (method, path) not in NOT_YET
    }
    assert typed >= {"/api/people", "/api/people/{person_id}", "/api/ties"}
    for path in sorted(typed):
        op = spec["paths"][path]["get"]
        takes = {p["name"] for p in op.get("parameters", [])}
        params = {"as_of": as_of} if as_of and "as_of" in takes else {}
        got = client.get(path.replace("{person_id}", str(seeded["grace"])), params=params)
        assert got.status_code == 200, (path, got.text[:300])
        answer = got.json()
        assert answer, path  # the seeded network gives every route something to say
        schema = op["responses"]["200"]["content"]["application/json"]["schema"]
        TypeAdapter(_model(schema)).validate_python(answer)
