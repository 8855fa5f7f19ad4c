"""Safe off loopback: token or refusal, bearer on the API, login and cookies, CSRF, origins, upload limits."""

from __future__ import annotations

import pytest

from innercircle.config import Config
from innercircle.core.errors import UserInputError
from innercircle.services import Workspace
from innercircle.services.runtime.serving import check_bind, is_loopback
from innercircle.store import interactions
from innercircle.web import create_app

TOKEN = "correct-horse-battery-staple"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_non_loopback_without_token_refuses(host, db_path):
    assert not is_loopback(host)
    with pytest.raises(UserInputError, match="without a token"):
        check_bind(host, None)
    with pytest.raises(UserInputError, match="without a token"):
        create_app(Config(db=str(db_path), host=host))


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
        assert r.status_code == 200 and r.json()["total"] == 2
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
    with ws.read() as tx:
        before = interactions.count_interactions(tx.conn)
    r = client.post(f"/people/{pid}/log", data={"channel": "call", "note": "forged"})
    assert r.status_code == 403 and "reload" in r.text
    # a token from another browser's session does not fit this one
    other = client.get("/").text
    client.cookies.clear()
    r = client.post(f"/people/{pid}/log", data={"csrf_token": csrf(other), "channel": "call"})
    assert r.status_code == 403
    with ws.read() as tx:
        assert interactions.count_interactions(tx.conn) == before


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


def test_every_response_carries_the_security_headers(make_client, client, seeded):
    pages = [client.get(p) for p in ("/", "/people", "/api/people", "/nowhere", "/static/htmx.min.js")]
    with make_client(token=TOKEN, host="0.0.0.0") as c:
        pages += [c.get("/people", follow_redirects=False), c.get("/api/people"), c.get("/login")]
    for r in pages:
        policy = r.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, r.url
        assert (
            "unsafe-eval" not in policy
            and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        )
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"
    docs = client.get("/docs").headers["content-security-policy"]
    assert "'sha256-" in docs and "unsafe-inline'" not in docs.split("script-src")[1].split(";")[0]


def _login(c, csrf) -> str:  # type: ignore[no-untyped-def]
    page = c.get("/login").text
    r = c.post("/login", data={"csrf_token": csrf(page), "token": TOKEN}, follow_redirects=False)
    assert r.status_code == 303
    return str(c.cookies.get("innercircle_session"))


def test_logout_revokes_the_cookie_also_after_a_restart(make_client, seeded, csrf):
    with make_client(token=TOKEN, host="0.0.0.0") as c:
        cookie = _login(c, csrf)
        assert c.get("/people").status_code == 200
        c.post("/logout", data={"csrf_token": csrf(c.get("/people").text)})
    for _ in range(2):  # the same app, and a new one (a restart) over the same database
        with make_client(token=TOKEN, host="0.0.0.0") as thief:
            thief.cookies.set("innercircle_session", cookie)
            r = thief.get("/people", follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/login")
    with make_client(token=TOKEN, host="0.0.0.0") as other:  # other sessions are not logged out
        _login(other, csrf)
        assert other.get("/people").status_code == 200


def test_wrong_tokens_are_rate_limited_per_client(make_client, seeded, csrf):
    from innercircle.web.security import MAX_FAILURES

    with make_client(token=TOKEN, host="0.0.0.0") as c:
        page = c.get("/login").text
        for _ in range(MAX_FAILURES):
            assert (
                c.post("/login", data={"csrf_token": csrf(page), "token": "guess-guess-guess"}).status_code
                == 401
            )
        # now even the right token waits: a guesser cannot tell a hit from the brake
        r = c.post("/login", data={"csrf_token": csrf(page), "token": TOKEN})
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
        api = c.get("/api/people", headers={"Authorization": f"Bearer {TOKEN}"})
        assert api.status_code == 429


def test_wrong_bearer_tokens_count_too(make_client, seeded):
    from innercircle.web.security import MAX_FAILURES

    with make_client(token=TOKEN, host="0.0.0.0") as c:
        for _ in range(MAX_FAILURES):
            assert c.get("/api/people", headers={"Authorization": "Bearer nope-nope-nope"}).status_code == 401
        assert c.get("/api/people", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 429


def test_throttle_forgets_old_failures_and_bounds_its_table():
    from innercircle.web.security import MAX_CLIENTS, Throttle

    t = [0.0]
    throttle = Throttle(limit=3, window=60, clock=lambda: t[0])
    for _ in range(3):
        throttle.failed("a")
    assert throttle.wait("a") == 60 and throttle.wait("b") == 0
    t[0] = 61
    assert throttle.wait("a") == 0
    for i in range(MAX_CLIENTS + 5):
        throttle.failed(str(i))
    assert len(throttle._failures) == MAX_CLIENTS


def test_feed_key_is_random_stored_and_not_made_from_the_token(make_client, ws: Workspace, seeded):
    import hashlib

    with make_client(token=TOKEN, host="0.0.0.0") as c:
        key = c.app.state.guard.feed_key()  # type: ignore[attr-defined]
    with make_client(token="another-token-entirely", host="0.0.0.0") as c:
        # a new token keeps the feed working: the key is the database's, not the token's
        assert c.app.state.guard.feed_key() == key  # type: ignore[attr-defined]
        assert c.get("/calendar.ics", params={"key": key}).status_code == 200
    assert len(key) >= 40 and TOKEN not in key
    assert hashlib.sha256(b"innercircle-web:" + TOKEN.encode()).hexdigest()[:16] not in key


def test_serve_takes_the_token_from_a_file_never_from_the_command_line(cli, tmp_path):
    r = cli("serve", "--host", "0.0.0.0", "--token", TOKEN)
    assert r.exit_code != 0 and "visible to every user" in r.output and "Traceback" not in r.output
    empty = tmp_path / "empty"
    empty.write_text("")
    r = cli("serve", "--host", "0.0.0.0", "--token-file", str(empty))
    assert r.exit_code != 0 and "empty" in r.output
    r = cli("serve", "--host", "0.0.0.0", "--token-file", str(tmp_path / "missing"))
    assert r.exit_code != 0 and "cannot read the token file" in r.output


def test_database_password_is_never_printed(cli):
    url = "postgresql+psycopg://ada:s3cret-pw@127.0.0.1:1/innercircle"
    r = cli("--db", url, "people")
    assert r.exit_code != 0 and "s3cret-pw" not in r.output and "ada:***@127.0.0.1" in r.output
    from innercircle.services.runtime.serving import shown_url

    assert shown_url(url) == "postgresql+psycopg://ada:***@127.0.0.1:1/innercircle"
    assert shown_url("/home/ada/.local/share/innercircle/innercircle.db").endswith("innercircle.db")
