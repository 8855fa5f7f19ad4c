"""Uploads go through the same importers as ``innercircle import``."""

from __future__ import annotations

from tests.conftest import SAMPLES, needs_samples

from innercircle.services import Workspace
from innercircle.store import people

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Katherine Johnson\r\nN:Johnson;Katherine;;;\r\n"
    "EMAIL;TYPE=INTERNET:katherine@nasa.example\r\nORG:NASA Langley\r\nTITLE:Mathematician\r\nEND:VCARD\r\n"
)
SAMPLE = "ez-vcard/src/test/resources/ezvcard/io/text/John_Doe_GMAIL.vcf"


def _names(ws: Workspace) -> set[str]:
    with ws.read() as tx:
        return {p.name for p in people.list_people(tx.conn)}


def test_api_import_of_a_vcard(client, ws: Workspace):
    r = client.post(
        "/api/import",
        headers={"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]},
        files={"file": ("contacts.vcf", VCARD.encode())},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["name"] == "contacts.vcf" and body["format"] == "vcard" and not body["dry_run"]
    assert "Katherine Johnson" in _names(ws)
    again = client.post(
        "/api/import",
        headers={"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]},
        files={"file": ("contacts.vcf", VCARD.encode())},
    ).json()
    assert again["already"] is True


def test_dry_run_changes_nothing(client, ws: Workspace):
    r = client.post(
        "/api/import",
        headers={"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]},
        files={"file": ("contacts.vcf", VCARD.encode())},
        data={"dry_run": "true"},
    )
    assert r.status_code == 200 and r.json()["dry_run"] is True
    assert "Katherine Johnson" not in _names(ws)


def test_import_page_shows_the_summary(client, csrf, ws: Workspace):
    token = csrf(client.get("/import").text)
    r = client.post("/import", data={"csrf_token": token}, files={"file": ("team.vcf", VCARD.encode())})
    assert r.status_code == 200
    assert "Imported team.vcf" in r.text and "import-summary" in r.text
    assert "Katherine Johnson" in client.get("/people").text


def test_a_broken_file_is_refused_naming_the_file_not_the_temp_folder(client, ws: Workspace):
    before = _names(ws)
    r = client.post(
        "/api/import",
        headers={"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]},
        files={"file": ("junk.vcf", b"\x00\x01 not a card")},
        data={"format": "vcard"},
    )
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert "junk.vcf" in detail and "innercircle-upload" not in detail
    assert (
        client.post(
            "/api/import",
            headers={"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]},
            files={"file": ("empty.csv", b"")},
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/import",
            headers={"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]},
            files={"file": ("x.vcf", b"x")},
            data={"format": "nope"},
        ).status_code
        == 400
    )
    assert _names(ws) == before


def test_upload_name_cannot_escape_the_temp_folder(client):
    r = client.post(
        "/api/import",
        headers={"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]},
        files={"file": ("../../etc/passwd.vcf", VCARD.encode())},
    )
    assert r.status_code == 200 and r.json()["name"] == "passwd.vcf"


@needs_samples()
def test_real_gmail_vcard(client, ws: Workspace):
    data = (SAMPLES / SAMPLE).read_bytes()
    r = client.post(
        "/api/import",
        headers={"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]},
        files={"file": ("John_Doe_GMAIL.vcf", data)},
    )
    assert r.status_code == 200, r.text
    assert r.json()["counts"], r.json()
    assert any("Doe" in n for n in _names(ws))
