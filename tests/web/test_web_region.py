"""An upload reads numbers without a country code in the configured region (Config.default_region)."""

from __future__ import annotations

from innercircle.core.model import IdentityKind, IdentityRef
from innercircle.services import Workspace
from innercircle.store import identities

CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dora\r\nTEL:07700 900123\r\nEND:VCARD\r\n"


def test_an_upload_uses_the_configured_region(make_client, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    with make_client(default_region="GB") as client:
        r = client.post("/api/import", files={"file": ("dora.vcf", CARD)})
    assert r.status_code == 200, r.text
    with ws.read() as tx:
        assert (
            identities.person_for_identity(tx.conn, IdentityRef(IdentityKind.PHONE, "+447700900123"))
            is not None
        )
