"""The hostile-file corpus: each file refused (file named, exit ≠ 0, database unchanged) or tolerated, never a traceback.

The corpus is generated into tmp_path (nothing large is committed); what each file must do follows the
importer issue: tabular files are strict, mail and calendars skip a broken item with a warning, a file
that is not what it claims or holds nothing valid is refused.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sample_network import build_network

from innercircle.services import Workspace
from innercircle.services.export import export_json

# the CLI, reporting its own peak memory on the way out (atexit runs on SystemExit too)
RUN_MEASURED = (
    "import atexit, resource, sys\n"
    "atexit.register(lambda: print('PEAK_RSS_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr))\n"
    "from innercircle.cli.main import run\n"
    "run()\n"
)
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
Builder = Callable[[Path], Path]


def truncated_zip(d: Path) -> Path:
    full = d / "full.zip"
    with zipfile.ZipFile(full, "w", zipfile.ZIP_DEFLATED) as z:
        rows = "".join(f"A{i},B{i},,a{i}@example.com,Org,Role,07 Feb 2026\n" for i in range(2000))
        z.writestr("Connections.csv", LINKEDIN_HEADER + rows)
    data = full.read_bytes()
    out = d / "Basic_LinkedInDataExport_truncated.zip"
    out.write_bytes(data[: len(data) // 2])
    full.unlink()
    return out


def binary_garbage(d: Path) -> Path:
    out = d / "garbage.vcf"
    out.write_bytes(random.Random(7).randbytes(200_000))
    return out


def wrong_header(d: Path) -> Path:
    out = d / "wrong_header.csv"
    out.write_text("date,sender,recipient\n2024-01-01,a@example.com,b@example.com\n")
    return out


def wrong_encoding(d: Path) -> Path:
    out = d / "latin1.vcf"
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Müller-Françoise {i}\r\nEMAIL:zoe{i}@example.com\r\n"
        f"ORG:Société Générale d'Études\r\nEND:VCARD\r\n"
        for i in range(40)
    )
    out.write_bytes(cards.encode("latin-1"))
    return out


def one_long_line(d: Path) -> Path:
    out = d / "one_line.csv"
    with out.open("wb") as f:
        chunk = b"x" * (1 << 20)
        for _ in range(50):
            f.write(chunk)
    return out


def zip_bomb(d: Path) -> Path:
    """A LinkedIn-looking zip whose Connections.csv inflates to 300 MB (about 300 KB compressed)."""
    out = d / "Basic_LinkedInDataExport_bomb.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z, z.open("Connections.csv", "w") as f:
        f.write(LINKEDIN_HEADER.encode())
        f.write(b"Ada,Lovelace,,ada@example.org,Analytical,Engine,07 Feb 2026\n")
        pad = b"0" * (1 << 20)
        for _ in range(300):
            f.write(pad)
    return out


def csv_bad_row(d: Path) -> Path:
    out = d / "bad_row.csv"
    out.write_text(
        "timestamp,from,to,channel\n"
        "2024-01-01T10:00:00Z,me@example.com,ann@example.com,email\n"
        "2024-01-02T10:00:00Z,me@example.com,bob@example.com,email\n"
        "not-a-date,me@example.com,cy@example.com,email\n"
    )
    return out


def vcard_without_end(d: Path) -> Path:
    out = d / "no_end.vcf"
    out.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nora Noend\r\nEMAIL:nora@example.com\r\n")
    return out


def ics_invalid_date(d: Path) -> Path:
    out = d / "bad_date.ics"
    event = (
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\nDTEND:20240301T110000Z\r\nSUMMARY:{title}\r\n"
        "ORGANIZER:mailto:me@example.com\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ivy@example.com\r\nEND:VEVENT\r\n"
    )
    out.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + event.format(uid="good", start="20240301T100000Z", title="Good meeting")
        + event.format(uid="bad", start="20241345T250000Z", title="Broken meeting")
        + "END:VCALENDAR\r\n"
    )
    return out


def mail_10000_recipients(d: Path) -> Path:
    out = d / "huge_cc.mbox"
    to = ", ".join(f"r{i}@example.net" for i in range(10_000))
    out.write_text(
        "From me@example.com Mon Jan  1 10:00:00 2024\n"
        f"From: Me <me@example.com>\nTo: {to}\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n"
        "Message-ID: <huge@example.com>\nSubject: all hands\n\nhello\n\n"
    )
    return out


# (builder, --format or None for detection, what must happen)
CORPUS: dict[str, tuple[Builder, str | None, str]] = {
    "truncated": (truncated_zip, None, "refused"),
    "binary garbage": (binary_garbage, None, "refused"),
    "binary garbage as vcard": (binary_garbage, "vcard", "refused"),
    "wrong header": (wrong_header, "interactions", "refused"),
    "wrong encoding": (wrong_encoding, None, "tolerated"),
    "50 MB single line": (one_long_line, None, "refused"),
    "50 MB single line as csv": (one_long_line, "interactions", "refused"),
    "zip bomb": (zip_bomb, None, "refused"),
    "csv with a bad row": (csv_bad_row, "interactions", "refused"),
    "vcard without END": (vcard_without_end, None, "either"),
    "calendar with an invalid date": (ics_invalid_date, None, "tolerated"),
    "mail with 10,000 recipients": (mail_10000_recipients, None, "tolerated"),
}


def run_import(db: str, path: Path, fmt: str | None) -> tuple[subprocess.CompletedProcess[str], float]:
    """The CLI import in its own process; returns the result and the process's peak memory in MB."""
    cmd = [sys.executable, "-c", RUN_MEASURED, "--db", db, "import", str(path), "--me", "me@example.com"]
    if fmt:
        cmd += ["--format", fmt]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    lines = done.stderr.splitlines()
    peaks = [float(line.split()[1]) / 1024 for line in lines if line.startswith("PEAK_RSS_KB ")]
    done.stderr = "\n".join(line for line in lines if not line.startswith("PEAK_RSS_KB "))
    return done, peaks[0] if peaks else float("nan")


def snapshot(db: str) -> dict[str, object]:
    ws = Workspace(db)
    try:
        with ws.read() as tx:
            return export_json(tx).model_dump()
    finally:
        ws.close()


@pytest.mark.parametrize("case", list(CORPUS))
def test_hostile_file(case: str, tmp_path: Path) -> None:
    build, fmt, expected = CORPUS[case]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = build(corpus)
    db = str(tmp_path / "user.db")
    ws = Workspace(db)
    build_network(ws)
    ws.close()
    before = snapshot(db)
    result, peak = run_import(db, path, fmt)
    # nothing hostile may blow the memory up: the largest file here inflates to 300 MB
    assert peak < 500, f"{case}: peak memory {peak:.0f} MB"
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr[-2000:]
    refused = result.returncode != 0
    if expected == "refused":
        assert refused, f"{case}: expected a refusal, got exit 0\n{result.stdout[-1000:]}"
    elif expected == "tolerated":
        assert not refused, f"{case}: expected it tolerated, got: {result.stderr[-1000:]}"
    if refused:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert lines and path.name in lines[-1], (
            f"{case}: the error must name the file: {result.stderr[-500:]}"
        )
        assert len(result.stderr) < 2000, f"{case}: one clear line, not a dump: {result.stderr[:500]}"
        assert snapshot(db) == before, f"{case}: a refused file changed the database"
    else:
        after = json.dumps(snapshot(db))
        assert len(after) >= len(json.dumps(before))


def test_wrong_encoding_keeps_the_accents(tmp_path: Path) -> None:
    path = wrong_encoding(tmp_path)
    db = str(tmp_path / "accents.db")
    result, _ = run_import(db, path, None)
    assert result.returncode == 0, result.stderr
    names = {p["name"] for p in snapshot(db)["tables"]["people"]}  # type: ignore[index]
    assert "Zoë Müller-Françoise 0" in names


def test_calendar_keeps_the_good_event_and_warns_about_the_bad_one(tmp_path: Path) -> None:
    path = ics_invalid_date(tmp_path)
    db = str(tmp_path / "cal.db")
    result, _ = run_import(db, path, None)
    assert result.returncode == 0, result.stderr
    data = snapshot(db)["tables"]  # type: ignore[index]
    batch = data["import_batches"][0]
    assert batch["warnings"], "the broken event must be counted as a warning"
    assert any(i["subject"] == "Good meeting" for i in data["interactions"]) or any(
        e["title"] == "Good meeting" for e in data["events"]
    )
