"""People whose names are attacks on the terminal, imported from real files, through every CLI view.

A mail from ``"Stranger [/]"`` used to crash every view that named them (rich's MarkupError), a
``[link=…]`` name became a disguised terminal link, and escape sequences in a vCard changed the terminal's
title and colours even when the output was piped. The names below come in as a hostile file author writes
them: an mbox whose From headers carry them (RFC 2047 encoded, so any byte gets through) and a vCard with
raw control characters. Every view must run, print each name as the literal text it is (control characters
shown as visible stand-ins: ESC as ␛, BEL as ␇), and write no ESC or BEL byte when piped; on a terminal the
only escape sequences are our own colours (SGR), never a title change (OSC) or a link.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innercircle.core.plain import visible

# address → name, as the mail's From header carries it
MAIL_NAMES = {
    "stranger@hostile.example": "Stranger [/]",
    "mallory@hostile.example": "Mallory [link=https://evil.example/]click me[/link]",
    "boss@hostile.example": "[bold red]Boss[/] Person",
    "eve@hostile.example": "Eve \x1b]0;pwned\x07Title \x1b[31mRed\x1b[0m",
    "bell@hostile.example": "Bell \x9b31m Ringer\x07",
    "emoji@hostile.example": "Smile :smile: [@click]x[/]",
    "back@hostile.example": "Trailing Back\\",
}
# raw control characters in a vCard's FN, ORG and TITLE
CARD_NAME = "Vera \x1b[2J\x1b]2;owned\x1b\\Card [/]"
CARD_ORG = "Org \x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\"
CARD_TITLE = "[link=https://evil.example/]CEO[/link]"
NAMES = [*MAIL_NAMES.values(), CARD_NAME]
# what each name must print as: itself, its control characters visible
SHOWN = {n: visible(n) for n in NAMES}
AS_OF = "2026-11-20"
# the only escape sequences a terminal may get: our colours and styles
SGR = re.compile(r"\x1b\[[0-9;]*m")


def _b(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def _mbox(path: Path) -> None:
    mails = []
    for i, (addr, name) in enumerate(MAIL_NAMES.items()):
        for k in range(3):
            mails.append(
                f"From {addr} Mon Nov  2 10:00:00 2026\n"
                f"From: {_b(name)} <{addr}>\nTo: Ada Lovelace <ada@example.com>\n"
                f"Date: Mon, 0{k + 2} Nov 2026 1{i}:00:00 +0000\nSubject: {_b('Hello from ' + name)}\n"
                f"Message-ID: <m{i}-{k}@hostile.example>\n\nHi\n\n"
            )
    path.write_text("".join(mails), encoding="utf-8")


def _vcard(path: Path) -> None:
    card = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{CARD_NAME}",
        "N:Card;Vera;;;",
        "ORG:" + CARD_ORG.replace(";", "\\;"),
        f"TITLE:{CARD_TITLE}",
        "EMAIL:vera@hostile.example",
        "END:VCARD",
    ]
    path.write_text("\r\n".join(card) + "\r\n", encoding="utf-8", newline="")


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile network, imported once with the real commands from the files a stranger wrote."""
    from innercircle.cli.main import app

    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "network.db"
    _mbox(folder / "mail.mbox")
    _vcard(folder / "cards.vcf")
    runner = CliRunner()
    for args in (
        ["init", "--name", "Ada Lovelace", "--me", "ada@example.com"],
        ["import", str(folder / "mail.mbox"), str(folder / "cards.vcf")],
        ["log", "meeting", "vera@hostile.example", "--at", "2026-11-10", "--minutes", "30"],
    ):
        r = runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)
        assert r.exit_code == 0, r.output
    return db


@pytest.fixture
def run(network: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator:  # type: ignore[type-arg]
    """The CLI on a copy of the network, wide enough that no name is wrapped in a table."""
    from innercircle.cli import common
    from innercircle.cli.main import app

    db = tmp_path / "network.db"
    shutil.copy(network, db)
    for console in (common.out, common.err):
        monkeypatch.setattr(console, "_width", 1000)
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> tuple[str, str]:
        r = runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)
        assert r.exit_code == code, f"{args}: exit {r.exit_code}\n{r.stdout}\n{r.stderr}"
        return r.stdout, r.stderr

    yield invoke


def _ids(run) -> dict[str, int]:  # type: ignore[no-untyped-def]
    import json

    rows = json.loads(run("people", "--json")[0])
    return {r["name"]: r["person_id"] for r in rows}


def _no_control(text: str) -> None:
    bad = sorted(
        {f"U+{ord(c):04X}" for c in text if (ord(c) < 0x20 and c not in "\n") or 0x7F <= ord(c) < 0xA0}
    )
    assert not bad, f"control characters in the output: {bad}"


def test_the_names_come_in_as_the_files_wrote_them(run) -> None:  # type: ignore[no-untyped-def]
    """Nothing upstream cleaned them: the database holds every hostile name byte for byte (so the views
    below are tested against the real attack, and JSON keeps the data as it is)."""
    assert set(NAMES) <= set(_ids(run))


@pytest.mark.parametrize(
    "view",
    [
        ("people",),
        ("ties", "--as-of", AS_OF),
        ("focus", "--as-of", AS_OF),
        ("followups", "--as-of", AS_OF),
        ("review", "--as-of", AS_OF),
    ],
    ids=lambda v: v[0],
)
def test_every_list_prints_every_name_as_text(run, view: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """No crash, each name literally (control characters visible), no ESC/BEL/CR/C1 byte."""
    stdout, stderr = run(*view)
    _no_control(stdout + stderr)
    missing = [n for n in NAMES if SHOWN[n] not in stdout]
    assert not missing, f"{view[0]} does not show {missing!r}:\n{stdout}"
    assert "https://evil.example/]click me[/link]" in stdout  # the link is text, not a link


def test_health_runs_on_the_hostile_network(run) -> None:  # type: ignore[no-untyped-def]
    stdout, stderr = run("health", "--as-of", AS_OF)
    _no_control(stdout + stderr)
    assert "Verdict:" in stdout


def test_show_prints_name_details_and_timeline_as_text(run) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(run)
    for name in NAMES:
        stdout, stderr = run("show", str(ids[name]), "--details")
        _no_control(stdout + stderr)
        assert stdout.startswith(SHOWN[name] + "  (id"), stdout
        if name in MAIL_NAMES.values():
            assert visible("Hello from " + name) in stdout  # the subjects in the timeline
    stdout, _ = run("show", str(ids[CARD_NAME]))
    assert visible(CARD_ORG) in stdout and CARD_TITLE in stdout


def test_remember_and_followups_done_echo_the_name_as_text(run) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(run)
    note = "likes [red]red[/red] \x1b]0;x\x07"
    stdout, stderr = run("remember", str(ids["Stranger [/]"]), note)
    _no_control(stdout + stderr)
    assert visible(note) in stdout
    stdout, stderr = run("followups", "done", str(ids["[bold red]Boss[/] Person"]))
    _no_control(stdout + stderr)
    assert "Followed up with [bold red]Boss[/] Person." in stdout


def test_forget_names_the_person_as_text(run) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(run)
    for name in ("Stranger [/]", MAIL_NAMES["eve@hostile.example"], "Trailing Back\\"):
        stdout, stderr = run("forget", str(ids[name]), "--yes")
        _no_control(stdout + stderr)
        assert f"This erases {SHOWN[name]} (id" in stderr
        assert stdout.strip() == f"Forgot {SHOWN[name]}."


def test_an_error_message_quoting_outside_text_is_plain(run) -> None:  # type: ignore[no-untyped-def]
    """The one red error line: what it quotes is text (here an argument that looks like a closing tag)."""
    stdout, stderr = run("show", "Qwxz [/qwxz] \x1b]0;t\x07", code=1)
    _no_control(stdout + stderr)
    assert stderr.startswith("error: ") and "Qwxz [/qwxz] " in stderr


def test_json_escapes_every_control_character(run) -> None:  # type: ignore[no-untyped-def]
    """JSON keeps the names exactly (they are data) but as escapes: no raw control byte on stdout."""
    import json

    stdout, _ = run("people", "--json")
    _no_control(stdout)
    assert set(NAMES) <= {r["name"] for r in json.loads(stdout)}


@pytest.mark.parametrize("view", [("people",), ("focus", "--as-of", AS_OF), ("followups", "--as-of", AS_OF)])
def test_on_a_terminal_the_only_escapes_are_our_colours(network: Path, tmp_path: Path, view) -> None:  # type: ignore[no-untyped-def]
    """The real command in its own process, told it writes to a colour terminal: every ESC starts one of
    the console's own SGR colour sequences, so no title change, no screen clear, no link, no bell."""
    db = tmp_path / "network.db"
    shutil.copy(network, db)
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "1000", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    proc = subprocess.run(
        [sys.executable, "-c", "from innercircle.cli.main import run; run()", "--db", str(db), *view],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert SGR.search(proc.stdout), "expected a colour terminal"
    rest = SGR.sub("", proc.stdout + proc.stderr)
    _no_control(rest)
    assert all(SHOWN[n] in rest for n in NAMES if view[0] != "followups" or n != CARD_NAME)


def test_log_records_and_tracebacks_are_plain_text(caplog: pytest.LogCaptureFixture, capsys) -> None:  # type: ignore[no-untyped-def]
    """What a server or file says reaches the log (and a traceback) with its control characters visible,
    whatever handler writes it: here pytest's own, as the background sync's warning is written."""
    import logging

    from innercircle.reports.console import plain_logs, print_plain_traceback

    said = "server said \x1b]0;owned\x07 \x1b[2J"
    restore = plain_logs()
    try:
        with caplog.at_level(logging.WARNING, logger="innercircle.services.runtime.background"):
            try:
                raise RuntimeError(said)
            except RuntimeError as exc:
                logging.getLogger("innercircle.services.runtime.background").warning(
                    "background sync: %s (%d)", exc, 3, exc_info=True
                )
                print_plain_traceback(type(exc), exc, exc.__traceback__)
    finally:
        restore()
    logged, printed = caplog.text, capsys.readouterr().err
    for text in (logged, printed):
        _no_control(text)
        assert f"RuntimeError: {visible(said)}" in text
    assert f"background sync: {visible(said)} (3)" in logged
    assert logging.getLogRecordFactory() is logging.LogRecord  # put back


def test_the_import_progress_shows_a_file_name_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the import shows the file it reads: a mail file named like a closing tag (saved
    from someone's attachment, or a Maildir entry) used to end the import with rich's MarkupError."""
    import io

    from innercircle.cli import importing
    from innercircle.reports.console import PlainConsole

    screen = io.StringIO()
    monkeypatch.setattr(importing, "err", PlainConsole(file=screen, force_terminal=True, width=200))
    name = "[/]evil \x1b]0;t\x07.eml"
    with importing.progress_bar(quiet=False) as bar:
        task = bar.add_task("importing", total=None, what="")
        bar.update(task, completed=3, what=name)
        bar.refresh()
    shown = SGR.sub("", screen.getvalue())
    assert "[/]evil ␛]0;t" in shown  # (rich drops the BEL from a Text itself)
    assert "\x07" not in shown and "\x1b]" not in shown
