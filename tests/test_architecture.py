"""docs/ARCHITECTURE.md stays true: what it names exists, its contracts are the linter's, its glossary
covers the domain's words and points at code that is there, and its tree is the package's."""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "innercircle"
DOC = ROOT / "docs" / "ARCHITECTURE.md"
TOP = ("core", "store", "services", "importers", "sync", "web", "cli", "reports", "demo", "results")
MODULE_PATH = re.compile(rf"^(?:{'|'.join(TOP)})(?:/[a-z_][\w.]*)*/?$|^[a-z_]+\.py$")
REPO_PATH = re.compile(r"^(?:tests|benchmarks|docs|\.ci)/[\w./-]*$|^pyproject\.toml$")
DOTTED = re.compile(rf"^(?:{'|'.join(TOP)}|config|paths)\.[A-Za-z_][\w.]*$")

# the words a newcomer meets in the code and the issues; each has its row in the glossary
DOMAIN_WORDS = (
    "person", "owner", "me", "identity", "interaction", "contact", "tie", "tier", "history", "snapshot",
    "fingerprint", "follow-up", "sign", "health", "outcome", "favour", "detail", "goal fit", "batch",
    "account", "workspace", "tx", "cache",
)  # fmt: skip


def text() -> str:
    return DOC.read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text under the ``## `` heading that contains ``title``, up to the next one."""
    parts = re.split(r"^## ", text(), flags=re.MULTILINE)
    found = [p for p in parts if p.splitlines()[0].find(title) >= 0]
    assert len(found) == 1, f"docs/ARCHITECTURE.md has no single section named {title!r}"
    return found[0]


def table(body: str) -> list[list[str]]:
    """The rows of the Markdown table in ``body`` (header and rule left out), cells stripped."""
    rows = [line for line in body.splitlines() if line.startswith("|")]
    return [[c.strip() for c in row.strip("|").split("|")] for row in rows[2:]]


def backticked(body: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", body)


def resolves(dotted: str) -> bool:
    """Whether ``innercircle.<dotted>`` names a module, or an attribute of one (longest module first)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module("innercircle." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_every_module_path_it_names_exists() -> None:
    names = backticked(text())
    paths = [n for n in names if MODULE_PATH.match(n)]
    repo = [n for n in names if REPO_PATH.match(n)]
    assert len(paths) > 30
    missing = sorted({p for p in paths if not (PKG / p).exists()})
    missing += sorted({p for p in repo if not (ROOT / p).exists()})
    links = re.findall(r"\]\(([^)#\s]+)\)", text())
    missing += [link for link in links if not (DOC.parent / link).exists()]
    assert not missing, f"docs/ARCHITECTURE.md names what is not there (moved? renamed?): {missing}"


def test_every_dotted_name_it_names_imports() -> None:
    dotted = sorted({n.rstrip("()") for n in backticked(text()) if DOTTED.match(n.rstrip("()"))})
    assert len(dotted) > 20
    missing = [d for d in dotted if not resolves(d)]
    assert not missing, f"docs/ARCHITECTURE.md names code that does not exist: {missing}"


def test_its_contracts_are_the_linters() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    linted = {c["name"] for c in config["tool"]["importlinter"]["contracts"]}
    documented = {row[0] for row in table(section("contracts"))}
    assert linted, "pyproject.toml lists no import-linter contracts"
    assert not linted - documented, f"add to docs/ARCHITECTURE.md's contracts: {sorted(linted - documented)}"
    assert not documented - linted, f"no longer in pyproject.toml: {sorted(documented - linted)}"


def test_the_glossary_has_every_domain_word_and_points_at_code() -> None:
    rows = table(section("Glossary"))
    words = {w.strip() for row in rows for w in row[0].split(",")}
    missing = [w for w in DOMAIN_WORDS if w not in words]
    assert not missing, f"docs/ARCHITECTURE.md's glossary lacks: {missing}"
    assert len(words) == sum(len(row[0].split(",")) for row in rows), "a word twice in the glossary"
    bare = [row[0] for row in rows if len(row) < 3 or not backticked(row[2])]
    assert not bare, f"glossary words without the code that holds them: {bare}"


def test_its_tree_is_the_package() -> None:
    block = section("layers").split("```")[1]
    lines = [line for line in block.splitlines()[1:] if line.strip()]
    named: set[str] = set()
    parent = ""
    for line in lines:
        indent = len(line) - len(line.lstrip())
        name = line.split()[0]
        if indent == 2:
            parent = name if name.endswith("/") else ""
            named.add(name.rstrip("/"))
        elif indent == 4 and parent:
            named.add(parent + name.rstrip("/"))
    missing = sorted(n for n in named if not (PKG / n).exists())
    assert not missing, f"docs/ARCHITECTURE.md's tree names what is not there: {missing}"
    packages = {p.name for p in PKG.iterdir() if (p / "__init__.py").exists()}
    modules = {p.name for p in PKG.glob("*.py") if p.name != "__init__.py"}
    absent = sorted((packages | modules) - named)
    assert not absent, f"add to docs/ARCHITECTURE.md's tree: {absent}"
    subpackages = {
        f"{p.parent.name}/{p.name}"
        for top in TOP
        for p in (PKG / top).glob("*/")
        if (p / "__init__.py").exists() and p.name not in ("migrations", "routes")
    }
    assert not subpackages - named, f"add to docs/ARCHITECTURE.md's tree: {sorted(subpackages - named)}"


def test_the_how_tos_are_there() -> None:
    body = section("How to")
    for what in ("Add an importer", "Add a view", "Add a sync kind"):
        assert f"### {what}" in body
