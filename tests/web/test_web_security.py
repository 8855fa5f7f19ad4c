"""Safe off loopback: token or refusal, bearer on the API, login and cookies, CSRF, origins, upload limits."""

from __future__ import annotations

import pytest

from innercircle.core.errors import UserInputError
from innercircle.services import Workspace
from innercircle.services.serving import check_bind, is_loopback
from innercircle.settings import Settings
from innercircle.store import interactions
from innercircle.web import create_app

TOKEN = "correct-horse-battery-staple"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_non_loopback_without_token_refuses(host, db_path):
    assert not is_loopback(host)
    with pytest.raises(UserInputError, match="without a token"):
        check_bind(host, None)
    with pytest.raises(UserInputError, match="without a token"):
        create_app(Settings(db=str(db_path), host=host))


def test_loopback_and_token_are_allowed_and_short_tokens_are_not():
    for host in ("127.0.0.1", "::1", "localhost", "127.8.9.1"):
        check_bind(host, None)
    check_bind("0.0.0.0", TOKEN)
    with pytest.raises(UserInputError, match="too short"):
        check_bind("0.0.0.0", "1234")


def test_serve_command_refuses_without_token(cli):
    result = cli("serve", "--host", "0.0.0.0", "--port", "0")
    assert result.exit_code == 1
    assert "without a token" in result.output and "Traceback" not in result.output


def test_api_requires_the_bearer_token(make_client, seeded):
    with make_client(token=TOKEN, host="0.0.0.0") as c:
        r = c.get("/api/people")
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert c.get("/api/people", headers={"Authorization": "Bearer wrong-token-123"}).status_code == 401
        assert c.get("/api/people", headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
        r = c.get("/api/people", headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200 and len(r.json()) == 2
        assert c.post("/api/import", files={"file": ("a.vcf", b"x")}).status_code == 401


def test_browser_logs_in_and_gets_an_httponly_samesite_cookie(make_client, seeded, csrf):
    with make_client(token=TOKEN, host="0.0.0.0") as c:
        r = c.get("/people", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=/people")
        page = c.get(r.headers["location"]).text
        bad = c.post("/login", data={"csrf_token": csrf(page), "token": "nope", "next": "/people"})
        assert bad.status_code == 401 and "not right" in bad.text
        r = c.post(
            "/login",
            data={"csrf_token": csrf(page), "token": TOKEN, "next": "/people"},
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/people"
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        assert "Grace Hopper" in c.get("/people").text
        # the session does not open the API: that takes the bearer token
        assert c.get("/api/people").status_code == 401


def test_login_never_redirects_off_site(make_client, csrf):
    with make_client(token=TOKEN, host="0.0.0.0") as c:
        page = c.get("/login").text
        r = c.post(
            "/login",
            data={"csrf_token": csrf(page), "token": TOKEN, "next": "//evil.example/x"},
            follow_redirects=False,
        )
        assert r.headers["location"] == "/"


def test_forged_session_cookie_is_not_logged_in(make_client):
    with make_client(token=TOKEN, host="0.0.0.0") as c:
        c.cookies.set("innercircle_session", "eyJzaWQiOiJ4IiwiYXV0aCI6dHJ1ZX0.forged")
        assert c.get("/", follow_redirects=False).status_code == 303


def test_calendar_feed_key_instead_of_token(make_client, seeded, csrf):
    with make_client(token=TOKEN, host="0.0.0.0") as c:
        assert c.get("/calendar.ics").status_code == 401
        page = c.get("/login").text
        c.post("/login", data={"csrf_token": csrf(page), "token": TOKEN})
        dash = c.get("/").text
        key = dash.split("calendar.ics?key=")[1].split('"')[0]
        assert TOKEN not in dash
    with make_client(token=TOKEN, host="0.0.0.0") as fresh:
        assert fresh.get("/calendar.ics", params={"key": key}).status_code == 200
        assert fresh.get("/calendar.ics", params={"key": key + "x"}).status_code == 401


def test_post_without_csrf_token_is_refused_and_writes_nothing(client, seeded, csrf, ws: Workspace):
    pid = seeded["grace"]
    with ws.read() as conn:
        before = interactions.count_interactions(conn)
    r = client.post(f"/people/{pid}/log", data={"channel": "call", "note": "forged"})
    assert r.status_code == 403 and "reload" in r.text
    # a token from another browser's session does not fit this one
    other = client.get("/").text
    client.cookies.clear()
    r = client.post(f"/people/{pid}/log", data={"csrf_token": csrf(other), "channel": "call"})
    assert r.status_code == 403
    with ws.read() as conn:
        assert interactions.count_interactions(conn) == before


def test_cross_site_posts_are_refused(client, seeded, csrf):
    token = csrf(client.get("/").text)
    r = client.post(
        f"/people/{seeded['grace']}/log",
        data={"csrf_token": token, "channel": "call"},
        headers={"Origin": "https://evil.example"},
    )
    assert r.status_code == 403
    r = client.post("/api/import", files={"file": ("a.vcf", b"x")}, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403


def test_foreign_host_header_is_refused_without_token(client):
    # DNS rebinding: a page on evil.example resolving to 127.0.0.1
    assert client.get("/api/people", headers={"Host": "evil.example:8765"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_uploads_over_the_limit_are_refused(make_client, csrf):
    with make_client(max_upload_mb=1) as c:
        token = csrf(c.get("/import").text)
        big = b"BEGIN:VCARD\r\n" + b"x" * 1_100_000
        r = c.post(
            "/import",
            data={"csrf_token": token},
            files={"file": ("big.vcf", big)},
            headers={"Accept": "text/html"},
        )
        assert r.status_code == 413 and "limit" in r.text
        assert c.post("/api/import", files={"file": ("big.vcf", big)}).status_code == 413
