"""The JSON API and its OpenAPI description."""

from __future__ import annotations


def test_api_people_lists_and_filters(client, seeded):
    rows = client.get("/api/people").json()
    assert {r["name"] for r in rows} == {"Grace Hopper", "Alan Turing"}
    rows = client.get("/api/people", params={"search": "tur"}).json()
    assert [r["name"] for r in rows] == ["Alan Turing"]
    assert len(client.get("/api/people", params={"limit": 1}).json()) == 1


def test_api_person(client, seeded):
    data = client.get(f"/api/people/{seeded['grace']}").json()
    assert data["name"] == "Grace Hopper"
    assert data["identities"][0]["value"] == "grace@navy.example"
    assert data["details"][0]["text"] == "loves COBOL"
    assert data["timeline"][0]["note"] == "seed round"
    r = client.get("/api/people/424242")
    assert r.status_code == 404 and r.json()["detail"].startswith("no person")


def test_api_as_of_hides_later_interactions(client, seeded):
    data = client.get(f"/api/people/{seeded['grace']}", params={"as_of": "2026-02-01"}).json()
    assert data["timeline"] == []
    assert client.get(f"/api/people/{seeded['grace']}", params={"as_of": "garbage"}).status_code == 400


def test_openapi_lists_the_api(client):
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/people",
        "/api/people/{person_id}",
        "/api/ties",
        "/api/followups",
        "/api/health",
        "/api/review",
        "/api/import",
    ):
        assert path in spec["paths"], path
    assert "/people" not in spec["paths"]  # pages stay out of the API description
    assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_api_validation_errors_are_json(client):
    r = client.get("/api/people", params={"limit": "many"})
    assert r.status_code == 422 and isinstance(r.json()["detail"], list)


def test_api_people_have_identities_and_are_found_by_them(client, seeded):
    rows = client.get("/api/people", params={"search": "grace@navy"}).json()
    assert [r["name"] for r in rows] == ["Grace Hopper"]
    assert rows[0]["identities"][0]["value"] == "grace@navy.example"
    everyone = client.get("/api/people").json()
    by_tier = [
        r
        for t in ("inner", "close", "active", "known", "tail")
        for r in client.get("/api/people", params={"tier": t}).json()
    ]
    assert sorted(r["person_id"] for r in by_tier) == sorted(r["person_id"] for r in everyone)
    assert all(r["tier"] == "inner" for r in client.get("/api/people", params={"tier": "inner"}).json())
