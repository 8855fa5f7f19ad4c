"""The JSON API and its OpenAPI description."""

from __future__ import annotations


def test_api_people_lists_and_filters(client, seeded):
    rows = client.get("/api/people").json()["items"]
    assert {r["name"] for r in rows} == {"Grace Hopper", "Alan Turing"}
    rows = client.get("/api/people", params={"search": "tur"}).json()["items"]
    assert [r["name"] for r in rows] == ["Alan Turing"]
    assert len(client.get("/api/people", params={"limit": 1}).json()["items"]) == 1


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
    rows = client.get("/api/people", params={"q": "grace@navy"}).json()["items"]
    assert [r["name"] for r in rows] == ["Grace Hopper"]
    assert rows[0]["identities"][0]["value"] == "grace@navy.example"
    everyone = client.get("/api/people").json()["items"]
    by_tier = [
        r
        for t in ("inner", "close", "active", "known", "tail")
        for r in client.get("/api/people", params={"tier": t}).json()["items"]
    ]
    assert sorted(r["person_id"] for r in by_tier) == sorted(r["person_id"] for r in everyone)
    assert all(
        r["tier"] == "inner" for r in client.get("/api/people", params={"tier": "inner"}).json()["items"]
    )


def test_api_lists_come_in_pages_with_the_total(client, seeded):
    first = client.get("/api/people", params={"limit": 1}).json()
    assert first["total"] == 2 and first["limit"] == 1 and first["offset"] == 0 and first["next_offset"] == 1
    second = client.get("/api/people", params={"limit": 1, "offset": first["next_offset"]}).json()
    assert second["next_offset"] is None and second["total"] == 2
    names = [first["items"][0]["name"], second["items"][0]["name"]]
    assert sorted(names) == ["Alan Turing", "Grace Hopper"]
    assert names == [r["name"] for r in client.get("/api/people").json()["items"]]  # the same order
    past = client.get("/api/people", params={"offset": 10}).json()
    assert past["items"] == [] and past["total"] == 2 and past["next_offset"] is None
    for path in ("/api/people", "/api/ties", "/api/followups"):
        assert client.get(path, params={"limit": 0}).status_code == 422, path
        assert client.get(path, params={"limit": 1001}).status_code == 422, path
        assert client.get(path, params={"offset": -1}).status_code == 422, path
        assert client.get(path).json()["limit"] == 50, path  # a page by default, not the whole list


def test_api_lists_search_with_q(client, seeded):
    assert [r["name"] for r in client.get("/api/people", params={"q": "NAVY"}).json()["items"]] == [
        "Grace Hopper"
    ]
    ties = client.get("/api/ties", params={"q": "grace@navy"}).json()
    assert [r["name"] for r in ties["items"]] == ["Grace Hopper"] and ties["total"] == 1
    everyone = client.get("/api/followups").json()
    assert "Alan Turing" in [f["name"] for f in everyone["items"]]
    alan = client.get("/api/followups", params={"q": "alan"}).json()
    assert {f["name"] for f in alan["items"]} == {"Alan Turing"} and alan["total"] >= 1
    none = client.get("/api/ties", params={"q": "nobody at all"}).json()
    assert none == {"items": [], "total": 0, "limit": 50, "offset": 0, "next_offset": None}


def test_an_id_past_what_the_database_holds_is_refused_not_overflowed(client, seeded):
    # ids are 32-bit integers on PostgreSQL: a larger one would overflow the query
    for path in ("/api/people/2147483648", "/people/2147483648"):
        assert client.get(path).status_code == 422, path
    assert client.get("/api/people/2147483647").status_code == 404
