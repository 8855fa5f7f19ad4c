"""Phone numbers without a country code: ``--region``, else INNERCIRCLE_DEFAULT_REGION, else core's default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from innercircle.core.model import DEFAULT_REGION

UK_LOCAL = "07700 900123"  # a UK mobile number as written at home
UK_E164 = "+447700900123"


def _phones(cli, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    data = json.loads(cli("show", name, "--json").stdout)
    return [i["value"] for i in data["identities"] if i["kind"] == "phone"]


def _card(tmp_path: Path, name: str, tel: str = UK_LOCAL) -> Path:
    path = tmp_path / f"{name}.vcf"
    path.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nTEL:{tel}\r\nEND:VCARD\r\n", encoding="utf-8"
    )
    return path


def test_the_configured_region_reads_a_local_number(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada").exit_code == 0
    assert _phones_of_added(cli, "Bob") == []  # core's default region does not read a UK number
    monkeypatch.setenv("INNERCIRCLE_DEFAULT_REGION", "gb")
    assert _phones_of_added(cli, "Carol") == [UK_E164]
    # looked up by the number as written at home: the same region reads it
    assert json.loads(cli("show", UK_LOCAL, "--json").stdout)["name"] == "Carol"


def _phones_of_added(cli, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    r = cli("add", name, "--id", UK_LOCAL)
    assert r.exit_code == 0, r.output
    return _phones(cli, name)


def test_region_flag_beats_the_configured_region(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    assert DEFAULT_REGION != "GB"
    assert cli("init", "--name", "Ada").exit_code == 0
    monkeypatch.setenv("INNERCIRCLE_DEFAULT_REGION", "DE")
    assert cli("import", str(_card(tmp_path, "Dora")), "--region", "GB").exit_code == 0
    assert _phones(cli, "Dora") == [UK_E164]
    monkeypatch.setenv("INNERCIRCLE_DEFAULT_REGION", "GB")
    assert cli("import", str(_card(tmp_path, "Eve", "07700 900456"))).exit_code == 0
    assert _phones(cli, "Eve") == ["+447700900456"]
