"""Coverage-guided fuzzing of every file importer with atheris (``make fuzz``; not part of ``make test``).

Each input's first byte picks a format, the rest is the file. Whatever the bytes, format detection and
parsing may only fail with our own error (InnercircleError, which the CLI prints as one line); anything
else is a crash that libFuzzer reports with the input that caused it.

Usage: python tests/fuzz/atheris_importers.py [libFuzzer options, e.g. -max_total_time=120 -runs=100000]
"""

from __future__ import annotations

import os
import sys
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

from innercircle.core.errors import InnercircleError
from innercircle.importers import registry
from innercircle.importers.base import Options

OPTS = Options()
# linkedin reads a zip or one of its CSVs here (not a folder); maildir needs a folder and is left out
NAMES = [name for name, f in registry.FORMATS.items() if name == "linkedin" or not f.folder]
WORK = Path(tempfile.mkdtemp(prefix="innercircle-fuzz-"))


def _linkedin_zip() -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "Connections.csv",
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Ada,Lovelace,https://www.linkedin.com/in/ada,ada@example.org,Engines,Analyst,07 Feb 2026\n",
        )
    return buf.getvalue()


SEEDS: dict[str, bytes] = {
    "linkedin": _linkedin_zip(),
    "vcard": b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=\r\n=20x;;;\r\n"
    b"TEL;WORK;VOICE:(905) 555-1234\r\nitem1.EMAIL:a@b.co\r\nBDAY:--0322\r\nEND:VCARD\r\n",
    "google-csv": b"Name,Given Name,Family Name,E-mail 1 - Value,Phone 1 - Value,Group Membership\n"
    b"A B,A,B,a@b.co ::: c@d.co,+14155550100,* myContacts ::: * starred\n",
    "outlook-csv": b"First Name,Last Name,E-mail Address,Job Title,Business Phone\nA,B,a@b.co,CEO,555-1234\n",
    "ics": b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;TZID=Eastern Standard Time:20240101T100000\r\n"
    b"DURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nATTENDEE;CN=A:mailto:a@b.co\r\n"
    b"ORGANIZER:mailto:c@d.co\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "mbox": b"From a@b.co Mon Jan  1 10:00:00 2024\nFrom: A <a@b.co>\nTo: b@c.co\nCc: c@d.co\n"
    b"Date: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <x@y>\nIn-Reply-To: <w@y>\n\nbody\n",
    "interactions": b"timestamp,from,to,channel,duration_s,id\n2024-01-01T00:00:00Z,a@b.co,c@d.co;+14155550100,call,60,1\n",
    "whatsapp": b"06/03/2017, 00:45 - A: hi\n09/04/2017, 01:50 - +410123456789: How are you?\nmore\n",
}


def check(data: bytes) -> None:
    """One input: byte 0 picks the format (or detection), the rest is the file."""
    if not data:
        return
    pick = data[0] % (len(NAMES) + 1)
    path = WORK / "input"
    path.write_bytes(data[1:])
    try:
        form = registry.detect(path) if pick == len(NAMES) else registry.FORMATS[NAMES[pick]]
        for _record in form.parse(path, OPTS):
            pass
    except InnercircleError:
        pass  # refused with our own one-line error: the expected outcome for junk


def seed_corpus(folder: Path) -> Path:
    """A corpus folder holding one valid file of each format (prefixed with its format byte)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(NAMES):
        if name in SEEDS:
            (folder / f"seed-{name}").write_bytes(bytes([i]) + SEEDS[name])
    return folder


def main() -> None:
    """Run libFuzzer over ``check`` with the seeds (and whatever corpus folders are given)."""
    import atheris

    corpus = seed_corpus(Path(os.environ.get("INNERCIRCLE_FUZZ_CORPUS", WORK / "corpus")))
    args = sys.argv + ([str(corpus)] if not any(not a.startswith("-") for a in sys.argv[1:]) else [])
    atheris.instrument_all()
    atheris.Setup(args, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
