"""The web app's workspace reads numbers without a country code in the configured region
(Config.default_region): an upload, and a person looked up by such a number."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from innercircle.config import Config
from innercircle.core.model import IdentityKind, IdentityRef
from innercircle.services import Workspace
from innercircle.store import identities
from innercircle.web import create_app

CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dora\r\nTEL:07700 900123\r\nEND:VCARD\r\n"


def test_an_upload_uses_the_configured_region(db_path: Path) -> None:
    app = create_app(Config(db=str(db_path), default_region="gb"), warm=False)
    assert app.state.ws.region == "GB"
    with TestClient(app, base_url="http://127.0.0.1") as client:
        r = client.post(
            "/api/import",
            headers={"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]},
            files={"file": ("dora.vcf", CARD)},
        )
    assert r.status_code == 200, r.text
    ws = Workspace(str(db_path))
    try:
        with ws.read() as tx:
            found = identities.person_for_identity(tx.conn, IdentityRef(IdentityKind.PHONE, "+447700900123"))
        assert found is not None
    finally:
        ws.close()
