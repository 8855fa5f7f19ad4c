"""The advice the API answers (follow-ups, health, the weekly review) is the services' typed results:
each route declares its model, /docs describes every field of it, and the answer reads back as that model
with the same values the service gave."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from pydantic import BaseModel, TypeAdapter
from tests.web.conftest import NOW

from innercircle.results.advice import FollowupsPage
from innercircle.results.health import Health
from innercircle.results.review import Review
from innercircle.services import Workspace
from innercircle.services.review import build_review

ROUTES: dict[str, Any] = {"/api/followups": FollowupsPage, "/api/health": Health, "/api/review": Review}


def _fields(spec: dict[str, Any], name: str, seen: set[str]) -> list[str]:
    """The fields (``Model.field``) of a component and of every component it refers to that have no
    description."""
    if name in seen:
        return []
    seen.add(name)
    schema = spec["components"]["schemas"][name]
    assert schema.get("description"), f"{name} has no description"
    assert schema.get("properties"), f"{name} names no fields"
    missing = []
    for field, prop in schema["properties"].items():
        if not prop.get("description"):
            missing.append(f"{name}.{field}")
        for ref in _refs(prop):
            missing += _fields(spec, ref, seen)
    return missing


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        here = [node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else []
        return here + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_the_advice_routes_describe_every_field_of_their_models(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    seen: set[str] = set()
    for route in ROUTES:
        answer = spec["paths"][route]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        refs = _refs(answer)
        assert refs, f"{route} answers an untyped schema: {answer}"
        missing = [f for ref in refs for f in _fields(spec, ref, seen)]
        assert not missing, f"{route}: fields without a description: {missing}"
    assert {"Review", "Health", "Followup", "Sign", "TriageItem", "GoalIntro", "IntroHop"} <= seen


def test_the_answers_are_the_services_results(
    client: TestClient, ws: Workspace, seeded: dict[str, int]
) -> None:
    with ws.read() as tx:
        made = build_review(tx, NOW)
    assert made.followups and made.events and made.health.signs  # the seeded network has some of each
    answers = {}
    for route, model in ROUTES.items():
        r = client.get(route)
        assert r.status_code == 200, r.text
        answers[route] = TypeAdapter(model).validate_python(r.json())
    # the same values the service gave (moments on the owner's clock: here UTC, the same instants)
    assert answers["/api/review"] == made
    assert answers["/api/health"] == made.health
    assert answers["/api/followups"].items == made.followups
    # moments keep the form they had before they were typed: an offset, never "Z"
    start = client.get("/api/review").json()["events"][0]["start"]
    assert start == made.events[0].start.isoformat() and start.endswith("+00:00")
    assert all(isinstance(m, BaseModel) for m in made.followups)
