"""Fuzzing every parser: whatever the bytes, only our own error type escapes."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innercircle.core.errors import InnercircleError
from innercircle.importers import (
    contacts_csv,
    ics,
    interactions_csv,
    linkedin,
    mail,
    registry,
    vcard,
    whatsapp,
)
from innercircle.importers.base import Options

OPTS = Options()
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SEEDS = {
    "vcard": "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=\r\n=20x;;;\r\n"
    "TEL;WORK;VOICE:(905) 555-1234\r\nitem1.EMAIL:a@b.co\r\nBDAY:--0322\r\nEND:VCARD\r\n",
    "ics": "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;TZID=Eastern Standard Time:20240101T100000\r\n"
    "DURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nATTENDEE;CN=A;PARTSTAT=DECLINED:mailto:a@b.co\r\n"
    "ORGANIZER:mailto:c@d.co\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "mbox": "From a@b.co Mon Jan  1 10:00:00 2024\nFrom: A <a@b.co>\nTo: unlisted-recipients:;\nCc: c@d.co\n"
    "Date: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <x@y>\n\nbody\n",
    "interactions": "timestamp,from,to,channel,duration_s,id\n2024-01-01T00:00:00Z,a@b.co,c@d.co;+14155550100,call,60,1\n",
    "linkedin": 'Notes:\n"x"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n'
    "A,B,https://www.linkedin.com/in/ab,,C,D,6-Feb-26\n",
    "google": "Name,Given Name,Family Name,E-mail 1 - Value,Phone 1 - Value,Group Membership,Birthday\n"
    "A B,A,B,a@b.co ::: c@d.co,+14155550100,* myContacts ::: * starred,--03-22\n",
    "outlook": "First Name,Last Name,E-mail Address,Job Title,Business Phone,Birthday\nA,B,a@b.co,CEO,555-1234,0/0/00\n",
    "whatsapp": "06/03/2017, 00:45 - A: hi\n09/04/2017, 01:50 - +410123456789: How are you?\nmore\n",
}
PARSERS: dict[str, Callable[[Path, Options], Iterator[object]]] = {
    "vcard": vcard.parse,
    "ics": ics.parse,
    "mbox": mail.parse_mbox,
    "interactions": interactions_csv.parse,
    "linkedin": linkedin.parse,
    "google": contacts_csv.parse_google,
    "outlook": contacts_csv.parse_outlook,
    "whatsapp": whatsapp.parse,
}


def _mutations(seed: str) -> st.SearchStrategy[bytes]:
    raw = seed.encode()
    cut = st.tuples(st.integers(0, len(raw)), st.integers(0, len(raw)), st.binary(max_size=40))
    return st.one_of(
        st.binary(max_size=300),
        cut.map(lambda t: raw[: t[0]] + t[2] + raw[t[1] :]),
        st.text(max_size=200).map(lambda t: (seed + t).encode("utf-8", "surrogatepass")),
    )


def _check(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "input"
        path.write_bytes(data)
        with contextlib.suppress(InnercircleError):
            list(PARSERS[name](path, OPTS))
        with contextlib.suppress(InnercircleError):
            registry.detect(path)


def _fuzz(name: str) -> Callable[[], None]:
    @FUZZ
    @given(_mutations(SEEDS[name]))
    def test(data: bytes) -> None:
        _check(name, data)

    return test


test_fuzz_vcard = _fuzz("vcard")
test_fuzz_ics = _fuzz("ics")
test_fuzz_mbox = _fuzz("mbox")
test_fuzz_interactions = _fuzz("interactions")
test_fuzz_linkedin = _fuzz("linkedin")
test_fuzz_google = _fuzz("google")
test_fuzz_outlook = _fuzz("outlook")
test_fuzz_whatsapp = _fuzz("whatsapp")


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["cur", "new", "x"]), st.binary(max_size=200)), max_size=4))
def test_fuzz_maildir(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as d:
        for i, (sub, data) in enumerate(files):
            (Path(d) / sub).mkdir(exist_ok=True)
            (Path(d) / sub / f"m{i}").write_bytes(data)
        with contextlib.suppress(InnercircleError):
            list(mail.parse_maildir(Path(d), OPTS))
