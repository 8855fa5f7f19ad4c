"""What the source's comments and docstrings may say: why the code is as it is, in words a reader of the
repository can check. History lives in commit bodies and the figures in benchmarks/RESULTS.md, so the
source names no issue of a tracker the repository does not hold and quotes no timings."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "innercircle"
VENDORED = {"htmx.min.js"}  # a third party's file, shipped as it came

ISSUE = re.compile(r"\b(?:issues?|tickets?|bugs?|PR) ?#?\d+|\bGH-\d+", re.IGNORECASE)
# a measured time or speed-up quoted in Python source ("~0.1 s", "20 ms", "3x slower", "per-ego AUC")
TIMING = re.compile(
    r"~ ?\d[\d.]* ?(?:s|ms|µs|us|min)\b|\b\d[\d.]* ?(?:ms|µs)\b|\b\d[\d.]* ?[x×] (?:slower|faster)"
    r"|\b(?:a|one) (?:tenth|third|half) of a second\b|\bper-ego AUC\b"
)


def source_files() -> list[Path]:
    """Every text file of the package that we wrote."""
    suffixes = {".py", ".html", ".css", ".js", ".toml", ".ini", ".md", ".txt", ".mako"}
    return sorted(p for p in SRC.rglob("*") if p.suffix in suffixes and p.name not in VENDORED)


def offending(pattern: re.Pattern[str], suffix: str = "") -> list[str]:
    """``path:line: text`` of each line of the source (files ending in ``suffix``) that ``pattern`` finds
    something in."""
    found = []
    for path in (p for p in source_files() if p.name.endswith(suffix)):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(SRC.parent)}:{number}: {line.strip()}")
    return found


def test_the_source_names_no_issue_numbers() -> None:
    assert len(source_files()) > 100
    found = offending(ISSUE)
    assert not found, "say why in words; the history belongs in the commit body:\n" + "\n".join(found)


def test_the_source_quotes_no_timings() -> None:
    """Templates may say ``delay:250ms`` to htmx: that is code. Python's comments say why instead."""
    found = offending(TIMING, ".py")
    assert not found, "move the figure to benchmarks/RESULTS.md and say why in words:\n" + "\n".join(found)


def test_the_patterns_find_what_they_should() -> None:
    for text in ("# since issue 12", "(Issue #14)", "see issues 3 and 4", "bug 7", "GH-12", "PR #3"):
        assert ISSUE.search(text), text
    for text in ("meeting #12 on 2026-11-20", "an issue of the same kind", "tissue 3"):
        assert not ISSUE.search(text), text
    for text in ("costs ~0.1 s at 1M", "(~20 ms)", "40 µs a line", "3x slower", "a third of a second"):
        assert TIMING.search(text), text
    for text in ("mr mrs ms miss", "ms = (at + 500) // 1000", "15m, 1h or 900s", "several times faster"):
        assert not TIMING.search(text), text


def test_the_files_the_source_points_to_exist() -> None:
    """A comment that names a file (``services/syncing.py``, ``benchmarks/tie_eval.py``) names one that is
    there: code moves, and the comments pointing at it move with it."""
    named = re.compile(r"\b(?:[a-z_]+/)+[a-z_]+\.py\b")
    root = SRC.parents[1]
    stale, checked = [], 0
    for path in source_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for ref in named.findall(line):
                checked += 1
                if not any((base / ref).exists() for base in (SRC, root, path.parent)):
                    stale.append(f"{path.relative_to(SRC.parent)}:{number}: {ref}")
    assert checked > 20
    assert not stale, "comments pointing at files that moved or went:\n" + "\n".join(stale)
