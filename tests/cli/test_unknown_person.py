"""A person nobody matches: the error names the closest people and the exact ``innercircle add`` command.

The rule (services/people.py ``_unknown``): "closest: …" lists at most three people whose names score at
least ``SUGGEST_CUTOFF`` against what was typed (for an email, against the name its local part spells) and
is said only when there is such a person; "you have no people yet" only on a database with nobody but the
owner; the ``To add them:`` command, run as printed, adds a person that the same argument then finds.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innercircle.cli.main import app

runner = CliRunner()


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def error_line(stderr: str) -> str:
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def add_command(line: str) -> list[str]:
    """The printed ``innercircle add …`` command as a shell would split it (without ``innercircle``)."""
    command = line.split("To add them: ", 1)[1]
    words = shlex.split(command)
    assert words[:2] == ["innercircle", "add"], command
    return words[1:]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "ic.db"
    assert cli(path, "init", "--name", "Ada Lovelace", "--me", "ada@example.com")[0] == 0
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("log", "meeting", "{who}", "--minutes", "45"),
        ("remember", "{who}", "likes sailing"),
        ("show", "{who}"),
        ("favor", "gave", "{who}", "an intro"),
    ],
)
def test_unknown_name_offers_the_add_command_that_makes_it_work(db: Path, args: tuple[str, ...]) -> None:
    who = "Grace Hopper"
    argv = [a.format(who=who) for a in args]
    code, _out, err = cli(db, *argv)
    assert code == 1
    line = error_line(err)
    assert "no person matches 'Grace Hopper'" in line
    assert "you have no people yet" in line
    assert line.endswith('To add them: innercircle add "Grace Hopper"')
    assert cli(db, *add_command(line))[0] == 0
    code, _out, err = cli(db, *argv)
    assert code == 0, err


def test_closest_names_are_offered_and_only_close_ones(db: Path) -> None:
    for name in ("Grace Brewster", "Alan Turing", "Katherine Johnson", "Margaret Hamilton"):
        assert cli(db, "add", name)[0] == 0
    code, _out, err = cli(db, "log", "call", "Grace Murray")
    assert code == 1
    line = error_line(err)
    assert "closest: Grace Brewster (id " in line
    for far in ("Alan Turing", "Katherine Johnson", "Margaret Hamilton"):
        assert far not in line
    assert "no people yet" not in line
    assert line.endswith('To add them: innercircle add "Grace Murray"')


def test_at_most_three_suggestions(db: Path) -> None:
    for first in ("Anna", "Anne", "Ann", "Annie", "Hanna"):
        assert cli(db, "add", f"{first} Kovacs")[0] == 0
    line = error_line(cli(db, "show", "Annika Kovacova")[2])
    listed = line.split("closest: ", 1)[1].split(". To add them", 1)[0]
    assert listed.count("(id ") == 3


def test_unknown_email_names_the_person_its_address_spells(db: Path) -> None:
    assert cli(db, "add", "Grace Hooper")[0] == 0
    line = error_line(cli(db, "remember", "grace.hopper@navy.example", "likes sailing")[2])
    assert "no person with email grace.hopper@navy.example" in line
    assert "closest: Grace Hooper (id " in line
    assert line.endswith('To add them: innercircle add "Grace Hopper" --id grace.hopper@navy.example')
    assert cli(db, *add_command(line))[0] == 0
    assert cli(db, "remember", "grace.hopper@navy.example", "likes sailing")[0] == 0


def test_a_name_with_a_quote_is_quoted_for_the_shell(db: Path) -> None:
    line = error_line(cli(db, "show", "Dara O'Brien")[2])
    assert line.endswith("""To add them: innercircle add "Dara O'Brien\"""")
    assert add_command(line) == ["add", "Dara O'Brien"]
    line = error_line(cli(db, "show", 'Ada "the Countess" King')[2])
    assert add_command(line) == ["add", 'Ada "the Countess" King']
