"""The first week's smaller things, through the real CLI: tables that fit 80 columns, words instead of
internal keys, "1 person", human numbers in ``show``, the review's verdict once, ``review --html`` quiet,
a multi-file ``--dry-run`` that matches people across the files, and a sensible ``merge`` refusal."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from innercircle.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
SIGN_KEYS = ("surface_relationships", "unfollowed_new", "lack_of_focus", "lost_productivity", "cooling_ties")
CARDS = {
    "a.vcf": [("Ann Archer", "ann@example.com"), ("Bob Baker", "bob@example.com")],
    "b.vcf": [("Ann Archer", "ann@example.com"), ("Cy Cole", "cy@example.com")],
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo network (real commands), built once for this module."""
    db = tmp_path_factory.mktemp("firstweek") / "demo.db"
    r = CliRunner().invoke(app, ["--db", str(db), "demo"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return db


def _at_80_columns(db: Path, *commands: tuple[str, ...]) -> list[str]:
    """Each command's stdout from the real CLI in a process whose terminal is 80 columns wide."""
    script = (
        "import sys, json\n"
        "from typer.testing import CliRunner\n"
        "from innercircle.cli.main import app\n"
        "out = [CliRunner().invoke(app, ['--db', sys.argv[1], *c], catch_exceptions=False).stdout\n"
        "       for c in json.loads(sys.argv[2])]\n"
        "print(json.dumps(out))\n"
    )
    env = {**os.environ, "COLUMNS": "80", "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", script, str(db), json.dumps(commands)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    return list(json.loads(done.stdout))


def test_tables_fit_80_columns_and_say_words_not_keys(demo: Path) -> None:
    """No line of a table is wider than 80 cells, no cell is cut to "…", and no internal key shows."""
    commands = [
        ("people", "--limit", "25"),
        ("ties", "--limit", "25"),
        ("health",),
        ("goal", "list"),
        ("review",),
    ]
    outputs = _at_80_columns(demo, *commands)
    for command, text in zip(commands, outputs, strict=True):
        table = [ln for ln in text.splitlines() if ln[:1] in "┏┃┡│└"]
        assert table or command == ("review",), command
        for line in table:
            assert cell_len(line) <= 80, (command, line)
            assert "…" not in line, (command, line)
        for key in (*SIGN_KEYS, "people_added", "people_matched"):
            assert key not in text, (command, key)
    health = outputs[2]
    assert "surface relationships" in health and "cooling ties" in health


def test_the_review_gives_its_verdict_once_and_html_writes_only_the_file(demo: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    review = runner.invoke(app, ["--db", str(demo), "review"], catch_exceptions=False).stdout
    assert review.count("Verdict:") == 1
    page = tmp_path / "review.html"
    quiet = runner.invoke(app, ["--db", str(demo), "review", "--html", str(page)], catch_exceptions=False)
    assert quiet.exit_code == 0 and quiet.stdout.strip() == f"Wrote {page}"
    assert "Weekly review" in page.read_text(encoding="utf-8")


def test_show_prints_human_numbers(demo: Path) -> None:
    runner = CliRunner()
    ties = json.loads(
        runner.invoke(app, ["--db", str(demo), "ties", "--json"], catch_exceptions=False).stdout
    )
    cooling = next(t for t in ties if t["trend"] == "cooling" and t["cooling"])
    for row in (ties[0], cooling):
        text = runner.invoke(
            app, ["--db", str(demo), "show", str(row["person_id"]), "--details"], catch_exceptions=False
        ).stdout
        assert re.search(r"tie strength \d\.\d\d, tier \w+, trend \w+", text), text[:400]
        assert not re.search(r"\d\.\d{3,}", text), re.findall(r".{30}\d\.\d{3,}.{10}", text)
        assert not re.search(r"next \d+\.\d+ days", text)
        assert not re.search(r"\b\d+\.\d+ by (you|them)\b", text)
        assert "cooling (cooling)" not in text


def test_one_person_is_one_person(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada").exit_code == 0
    assert cli("add", "Grace Hopper").exit_code == 0
    assert cli("people").stdout.rstrip().endswith("\n1 person")
    assert "1 person;" in cli("ties").stdout
    assert "1 people" not in cli("review").stdout


def _vcards(folder: Path) -> list[str]:
    paths = []
    for name, cards in CARDS.items():
        body = "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{n}\r\nEMAIL:{e}\r\nEND:VCARD\r\n" for n, e in cards
        )
        (folder / name).write_text(body, encoding="utf-8")
        paths.append(str(folder / name))
    return paths


def test_a_multi_file_dry_run_matches_people_across_the_files(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Ann is in both files: the real import adds her once and matches her in the second file; the dry
    run must say the same (it said 4 added, 0 matched)."""
    assert cli("init", "--name", "Ada").exit_code == 0
    paths = _vcards(tmp_path)
    dry = json.loads(cli("import", *paths, "--dry-run", "--json").stdout)
    assert json.loads(cli("people", "--json").stdout) == []  # nothing stored
    real = json.loads(cli("import", *paths, "--json").stdout)
    counts = [(f["counts"]["people_added"], f["counts"]["people_matched"]) for f in real["files"]]
    assert counts == [(2, 0), (1, 1)]
    assert [(f["counts"]["people_added"], f["counts"]["people_matched"]) for f in dry["files"]] == counts
    listed = cli("import-list").stdout
    assert "1 new person" in listed and "1 person matched" in listed and "people_added" not in listed


def test_merge_of_one_record_with_itself_names_both_arguments(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada").exit_code == 0
    assert cli("add", "John Doe", "--id", "john@example.com").exit_code == 0
    r = cli("merge", "John Doe", "john@example.com")
    assert r.exit_code == 1
    assert "'John Doe' and 'john@example.com' both name John Doe" in r.stderr
    assert "John Doe and John Doe" not in r.stderr


def test_no_warm_path_is_said_once(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada", "--me", "ada@example.com").exit_code == 0
    assert cli("add", "Yan Far", "--org", "Far Inc").exit_code == 0
    text = cli("intro", "Yan Far").stdout
    assert "no warm path" in text and text.count("no warm path") == 1
