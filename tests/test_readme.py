"""README.md's examples, run as written on a fresh database, so the tour and the examples cannot rot.

Every line of README.md's code blocks that starts with ``innercircle`` runs, in the README's order, through
the real CLI in one fresh home folder (``~`` is that folder; it is also the working directory) with one
fresh database (``INNERCIRCLE_DB``). ``a && b`` runs ``a`` then ``b``; ``# …`` is a comment. A line must
exit 0, except under these rules, which are all there is:

1. **the user's own files**: ``import``, ``event import`` and ``restore`` of a path the fresh home does not
   have (a LinkedIn export, a mailbox, a backup) are skipped: the user has those files, the test does not.
2. **what only those files bring**: the lines in ``FROM_USER_FILES`` name a person, event or import that
   only the skipped files would have brought. They still run, and must fail the way a user would see it:
   exit 1 and one ``error:`` line, never a traceback.
3. **the user's accounts**: ``sync`` (it reaches the user's mail or DAV server) and ``account add`` without
   ``--password-env`` (it asks for the user's password, for the OS keyring) are skipped.
4. **servers**: ``serve`` and ``mcp`` run until stopped (the web app and the MCP server have tests of their
   own) and are skipped.

Lines in no other code block (``make demo``, ``python benchmarks/…``) are not innercircle commands and are
not run here.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

READS = (("import",), ("event", "import"), ("restore",))  # commands whose path arguments must exist
FROM_USER_FILES = {
    'innercircle merge "Grace Hopper" grace@navy.example': "grace@navy.example comes from the user's mail",
    'innercircle event review "AI founders meetup" --rating 4 --met "Grace Hopper"': (
        "the event comes from the user's meetup-groups.ics"
    ),
    "innercircle import-undo 3": "import number 3 is one of the user's own imports",
}
TOUR_HEADING = "## A short tour"


@dataclass
class Line:
    """One command of the README: its text, its arguments (``~`` expanded), and the section it is in."""

    text: str
    args: list[str]
    section: str


def readme_lines(home: Path) -> list[Line]:
    """Every ``innercircle`` command in the README's fenced code blocks, in order."""
    lines: list[Line] = []
    section, fenced = "", False
    for raw in README.read_text(encoding="utf-8").splitlines():
        if raw.startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            if raw.startswith("#"):
                section = raw.strip()
            continue
        words = shlex.split(raw, comments=True)
        for part in _split_and(words):
            if part and part[0] == "innercircle":
                args = [_expand(a, home) for a in part[1:]]
                lines.append(Line(_as_written(raw, part), args, section))
    return lines


def _split_and(words: list[str]) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for w in words:
        if w == "&&":
            parts.append([])
        else:
            parts[-1].append(w)
    return parts


def _as_written(raw: str, part: list[str]) -> str:
    """The command as the README writes it (for messages and ``FROM_USER_FILES``): the line without its
    comment, or the ``&&`` piece of it that is ``part``."""
    words = shlex.split(raw, comments=True)
    cut = next(
        (
            i
            for i, c in enumerate(raw)
            if c == "#" and raw[i - 1 : i].isspace() and shlex.split(raw[:i]) == words
        ),
        len(raw),
    )
    pieces = [p.strip() for p in raw[:cut].split("&&")]
    return next((p for p in pieces if shlex.split(p) == part), raw[:cut].strip())


def _expand(arg: str, home: Path) -> str:
    return str(home / arg[2:]) if arg.startswith("~/") else arg


def _unexpand(arg: str, home: Path) -> str:
    return "~/" + arg[len(str(home)) + 1 :] if arg.startswith(f"{home}/") else arg


def _command(args: list[str]) -> tuple[str, ...]:
    """The command words (``event import``), after global options such as ``--db PATH``."""
    words: list[str] = []
    it = iter(args)
    for a in it:
        if a == "--db":
            next(it, None)
        elif a.startswith("-"):
            break
        else:
            words.append(a)
    return tuple(words)


def skip_reason(line: Line, home: Path) -> str | None:
    """Why a line is not run (rules 1, 3 and 4 of the module docstring), or None."""
    cmd = _command(line.args)
    if any(cmd[: len(r)] == r for r in READS):
        operands = cmd[max(len(r) for r in READS if cmd[: len(r)] == r) :]
        missing = [p for p in operands if not (home / p).exists()]
        if missing:
            return f"the user's own file {_unexpand(missing[0], home)}"
    if cmd[:1] == ("sync",):
        return "reaches the user's server"
    if cmd[:2] == ("account", "add") and "--password-env" not in line.args:
        return "asks for the user's password"
    if cmd[:1] in (("serve",), ("mcp",)):
        return "runs until stopped"
    return None


@dataclass
class Ran:
    line: Line
    code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def readme_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Ran], dict[str, str]]:
    """Run the README once, in order, in a fresh home: what ran, and what was skipped and why."""
    from innercircle.cli.main import app

    home = tmp_path_factory.mktemp("home")
    env = {"INNERCIRCLE_DB": str(home / "innercircle.db"), "HOME": str(home), "TZ": "UTC"}
    runner = CliRunner()
    ran: list[Ran] = []
    skipped: dict[str, str] = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(home)
        for line in readme_lines(home):
            why = skip_reason(line, home)
            if why is not None:
                skipped[line.text] = why
                continue
            # a question (forget's confirmation, the review's reflection) is answered "y"
            r = runner.invoke(app, line.args, env=env, input="y\n" * 10, catch_exceptions=True)
            if r.exception is not None and not isinstance(r.exception, SystemExit):
                raise AssertionError(f"{line.text}: {type(r.exception).__name__}: {r.exception}") from (
                    r.exception
                )
            ran.append(Ran(line, r.exit_code, r.stdout, r.stderr))
    return ran, skipped


def test_every_readme_command_runs_on_a_fresh_database(readme_run: tuple[list[Ran], dict[str, str]]) -> None:
    ran, _skipped = readme_run
    failed = [
        f"{r.line.text} -> exit {r.code}\n{r.stderr or r.stdout}"
        for r in ran
        if r.code != 0 and r.line.text not in FROM_USER_FILES
    ]
    assert not failed, "\n".join(failed)
    assert len(ran) >= 20  # the README's examples, not a handful: a parsing slip would run nothing


def test_lines_that_need_the_users_files_fail_cleanly(readme_run: tuple[list[Ran], dict[str, str]]) -> None:
    ran, _skipped = readme_run
    by_text = {r.line.text: r for r in ran}
    stale = [t for t in FROM_USER_FILES if t not in by_text]
    assert not stale, f"no longer in the README (or skipped): {stale}"
    for text in FROM_USER_FILES:
        r = by_text[text]
        lines = [x for x in r.stderr.splitlines() if x.strip()]
        assert r.code == 1, f"{text}: exit {r.code}"
        assert lines and lines[0].startswith("error: "), f"{text}: {r.stderr!r}"
        assert "Traceback" not in r.stderr


def test_the_tour_runs_whole_and_adds_people_before_logging(
    readme_run: tuple[list[Ran], dict[str, str]],
) -> None:
    ran, skipped = readme_run
    tour = [r for r in ran if r.line.section == TOUR_HEADING]
    assert tour and not any(s for s in skipped if s in {r.line.text for r in tour})
    assert all(r.code == 0 for r in tour)
    verbs = [r.line.args[0] for r in tour]
    assert verbs.index("add") < verbs.index("log") < verbs.index("show")
    shown = next(r for r in tour if r.line.args[0] == "show")
    assert "Grace Hopper" in shown.stdout
    assert "wants intros to EU labs" in shown.stdout
    assert "daughter starts university in October" in shown.stdout


def test_the_skip_rules_leave_out_only_files_accounts_and_servers(
    readme_run: tuple[list[Ran], dict[str, str]],
) -> None:
    _ran, skipped = readme_run
    allowed = re.compile(
        r"^(the user's own file .+|reaches the user's server|asks for the user's password|runs until stopped)$"
    )
    assert all(allowed.match(why) for why in skipped.values()), skipped
    assert any(why.startswith("the user's own file") for why in skipped.values())
