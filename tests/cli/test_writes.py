"""Every command that changes data takes ``--json`` and prints the record it created or changed, with the
id a script needs next; deleting an interaction, logging a planned one, archiving and bringing back —
all through the real CLI on a real SQLite file."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import typer

from innercircle.cli.main import app
from innercircle.services import Workspace, plans
from innercircle.store import people as people_store

ROOT = Path(__file__).resolve().parents[2]

# what each command is: one that changes data (or files the user keeps), or one that only reads
WRITES = {
    "init", "add", "log", "remember", "favor gave", "favor received", "goal add", "goal done",
    "outcome add", "event add", "event attend", "event skip", "event review", "event import", "import",
    "import-undo", "merge", "unmerge", "forget", "pin", "followups done", "followups snooze",
    "budget set", "prune", "interaction delete", "unarchive", "account add", "account remove", "sync",
    "backup", "restore", "demo", "me add", "digest send",
}  # fmt: skip
READS = {
    "people", "show", "ties", "focus", "followups", "health", "intro", "review", "goal list",
    "event triage", "budget show", "import-list", "account list", "export", "serve", "me show",
    "digest show", "digest push", "mcp",
    "brief",
}  # fmt: skip
# commands without --json, and why: their output is something else by design
NO_JSON = {
    "serve": "runs the web app until stopped",
    "mcp": "serves an assistant over stdio until it closes; the tools answer the --json data",
    "export": "its output is the export itself (--format json is JSON)",
}


def _commands() -> dict[str, Any]:
    """Every leaf command by its path (``goal add``); a group with its own callback counts too."""
    found: dict[str, Any] = {}

    def walk(cmd: Any, path: str) -> None:  # typer's own click: groups are known by their commands
        if hasattr(cmd, "commands"):
            if cmd.invoke_without_command and path:
                found[path] = cmd
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}".strip())
        else:
            found[path] = cmd

    walk(typer.main.get_command(app), "")
    return found


def _options(cmd: Any) -> set[str]:
    return {o for p in cmd.params for o in getattr(p, "opts", [])}


def test_every_command_is_known_and_every_write_takes_json() -> None:
    commands = _commands()
    assert set(commands) == WRITES | READS, "classify a new command as a write or a read here"
    lacking = sorted(c for c, cmd in commands.items() if "--json" not in _options(cmd) and c not in NO_JSON)
    assert lacking == []
    assert not WRITES & set(NO_JSON)


def test_version_is_the_projects(cli) -> None:  # type: ignore[no-untyped-def]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    r = cli("--version")
    assert r.exit_code == 0
    assert r.stdout == f"innercircle {project}\n"


# ---------------------------------------------------------------- the network each case starts from


def _base(cli) -> None:  # type: ignore[no-untyped-def]
    for args in (
        ("init", "--name", "Ada Lovelace", "--me", "ada@example.com"),
        ("add", "Grace Hopper", "--id", "grace@navy.example", "--org", "US Navy"),
        ("add", "Alan Kay", "--id", "alan@parc.example"),
        ("add", "Bob Chef", "--id", "bob@chef.example"),
        ("log", "meeting", "Grace Hopper", "--at", "2026-01-10T10:00", "--note", "EU labs"),
        ("goal", "add", "Raise a seed round", "--role", "investor"),
        ("event", "add", "AI founders meetup", "--at", "2026-01-05T18:30", "--hours", "3"),
    ):
        r = cli(*args)
        assert r.exit_code == 0, (args, r.output)


def _vcf(tmp: Path) -> Path:
    path = tmp / "people.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Barbara Liskov\r\nEMAIL:barbara@mit.example\r\nEND:VCARD\r\n"
    )
    return path


def _ics(tmp: Path) -> Path:
    path = tmp / "meetups.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:pydata-1\r\n"
        "DTSTAMP:20261101T000000Z\r\nDTSTART:20270115T180000Z\r\nDTEND:20270115T210000Z\r\n"
        "SUMMARY:PyData meetup\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    return path


def _ok(cli, *args: str) -> Any:  # type: ignore[no-untyped-def]
    r = cli(*args)
    assert r.exit_code == 0, (args, r.output)
    return json.loads(r.stdout) if "--json" in args else r.stdout


def _person_id(db: Path, name: str) -> int:
    ws = Workspace(str(db))
    try:
        with ws.read() as tx:
            return next(pid for pid, n in people_store.all_names(tx.conn).items() if n == name)
    finally:
        ws.close()


@dataclass
class Case:
    """One write command: what to run first, its arguments, and how to find its record again."""

    args: Callable[[Path], list[str]]
    check: Callable[[Any, Any, Path], None]  # (cli, printed record, tmp folder): the record is stored
    before: Callable[[Any, Path], None] = field(default=lambda cli, tmp: None)


def _in_timeline(cli, who: str, iid: int) -> bool:  # type: ignore[no-untyped-def]
    return iid in [t["id"] for t in _ok(cli, "show", who, "--json")["timeline"]]


def _check_init(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert rec["person_id"] == _person_id(tmp / "test.db", "Ada Lovelace")
    assert [i["value"] for i in rec["identities"]] == ["ada@example.com"]


def _check_add(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert _ok(cli, "show", str(rec["person_id"]), "--json")["name"] == rec["name"] == "Barbara Liskov"


def _check_log(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert _in_timeline(cli, "Alan Kay", rec["id"]) and rec["planned"] is False
    assert {p["name"] for p in rec["participants"]} == {"Ada Lovelace", "Alan Kay"}


def _check_detail(cli, rec, tmp):  # type: ignore[no-untyped-def]
    shown = _ok(cli, "show", str(rec["person_id"]), "--json")["details"]
    assert [(d["id"], d["text"]) for d in shown] == [(rec["id"], "daughter starts university")]


def _check_favor(direction: str):  # type: ignore[no-untyped-def]
    def check(cli, rec, tmp):  # type: ignore[no-untyped-def]
        shown = _ok(cli, "show", "Grace Hopper", "--json")["favors"]
        assert [(f["id"], f["direction"]) for f in shown] == [(rec["id"], direction)]
        assert rec["name"] == "Grace Hopper"

    return check


def _check_goal(done: bool):  # type: ignore[no-untyped-def]
    def check(cli, rec, tmp):  # type: ignore[no-untyped-def]
        goals = {g["id"]: g for g in _ok(cli, "goal", "list", "--all", "--json")}
        assert (goals[rec["id"]]["done_at"] is not None) is done
        assert goals[rec["id"]]["text"] == rec["text"]

    return check


def _stored(read: Callable[[Any], list[Any]], tmp: Path) -> dict[int, Any]:
    ws = Workspace(str(tmp / "test.db"))
    try:
        with ws.read() as tx:
            return {x.id: x for x in read(tx)}
    finally:
        ws.close()


def _check_outcome(cli, rec, tmp):  # type: ignore[no-untyped-def]
    stored = _stored(plans.outcomes, tmp)[rec["id"]]
    assert stored.kind == "referral" and rec["names"] == ["Grace Hopper"]


def _check_event(decision: str | None):  # type: ignore[no-untyped-def]
    def check(cli, rec, tmp):  # type: ignore[no-untyped-def]
        stored = _stored(plans.events, tmp)[rec["id"]]
        assert stored.title == rec["title"] and stored.decision == decision == rec["decision"]

    return check


def _check_review(cli, rec, tmp):  # type: ignore[no-untyped-def]
    stored = _stored(plans.events, tmp)[rec["event_id"]]
    assert stored.rating == 4 and rec["met_names"] == ["Grace Hopper"]


def _check_import(cli, rec, tmp):  # type: ignore[no-untyped-def]
    batches = {b["id"]: b for b in _ok(cli, "import-list", "--json")}
    (f,) = rec["files"]
    assert batches[f["batch"]]["path"] == str(Path(f["path"]).resolve())


def _check_undo(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert rec["id"] == 1 and rec["removed"]["people"] == 1
    assert _ok(cli, "import-list", "--json") == []


def _check_merge(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert rec["name"] == "Grace Hopper" and rec["person_id"] == _person_id(tmp / "test.db", "Grace Hopper")
    assert {i["value"] for i in rec["identities"]} == {"grace@navy.example", "grace@home.example"}
    assert cli("show", str(rec["merged"]["person_id"]), "--json").exit_code == 1


def _check_unmerge(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert _ok(cli, "show", str(rec["person_id"]), "--json")["name"] == "G. Hopper"
    assert rec["kept"]["name"] == "Grace Hopper"


def _check_forget(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert rec["name"] == "Alan Kay" and rec["erased"]["people"] == 1
    assert cli("show", str(rec["person_id"]), "--json").exit_code == 1


def _check_pin(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert _ok(cli, "show", str(rec["person_id"]), "--json")["tier_pin"] == rec["tier_pin"] == "close"


def _check_followup(action: str):  # type: ignore[no-untyped-def]
    def check(cli, rec, tmp):  # type: ignore[no-untyped-def]
        assert rec["action"] == action and isinstance(rec["id"], int) and rec["name"] == "Grace Hopper"

    return check


def _check_budget(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert rec == _ok(cli, "budget", "show", "--json") and rec["hours_per_week"] == 5


def _check_prune(cli, rec, tmp):  # type: ignore[no-untyped-def]
    archived = _ok(cli, "people", "--archived", "--json")
    assert [r["person_id"] for r in rec] == [p["person_id"] for p in archived] != []


def _check_delete(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert rec["note"] == "EU labs" and not _in_timeline(cli, "Grace Hopper", rec["id"])


def _check_unarchive(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert rec["archived"] is False
    assert rec["person_id"] in [p["person_id"] for p in _ok(cli, "people", "--json")]


def _check_account(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert [a["name"] for a in _ok(cli, "account", "list", "--json")] == [rec["name"]] == ["work"]
    assert isinstance(rec["id"], int) and "password" not in json.dumps(rec).replace("password_env", "")


def _check_account_removed(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert rec["name"] == "work" and _ok(cli, "account", "list", "--json") == []


def _check_backup(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert Path(rec["path"]) == tmp / "b.db" and Path(rec["path"]).stat().st_size == rec["bytes"] > 0


def _check_restore(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert rec["db"] == str(tmp / "fresh.db") and rec["rows"]["people"] == 4


def _check_me_add(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert rec["person_id"] == _person_id(tmp / "test.db", "Ada Lovelace")
    assert "ada@work.example" in [i["value"] for i in rec["identities"]]
    assert "ada@work.example" in [i["value"] for i in _ok(cli, "me", "show", "--json")["identities"]]


def _check_demo(cli, rec, tmp):  # type: ignore[no-untyped-def]
    assert rec["db"] == str(tmp / "demo.db") and rec["counts"]["people"] > 0


_ACCOUNT = ["account", "add", "imap", "work", "--url", "imaps://imap.example.com"]
_ACCOUNT += ["--user", "ada@example.com", "--password-env", "IC_TEST_PASSWORD"]

CASES: dict[str, Case] = {
    "init": Case(lambda t: ["init", "--json"], _check_init),
    "add": Case(lambda t: ["add", "Barbara Liskov", "--id", "barbara@mit.example"], _check_add),
    "log": Case(lambda t: ["log", "call", "Alan Kay", "--at", "2026-01-12"], _check_log),
    "remember": Case(lambda t: ["remember", "Alan Kay", "daughter starts university"], _check_detail),
    "favor gave": Case(lambda t: ["favor", "gave", "Grace Hopper", "an intro"], _check_favor("gave")),
    "favor received": Case(
        lambda t: ["favor", "received", "Grace Hopper", "a review"], _check_favor("received")
    ),
    "goal add": Case(lambda t: ["goal", "add", "Find a mentor", "--role", "mentor"], _check_goal(False)),
    "goal done": Case(lambda t: ["goal", "done", "seed"], _check_goal(True)),
    "outcome add": Case(
        lambda t: ["outcome", "add", "referral", "Grace Hopper", "--goal", "seed", "--at", "2026-01-11"],
        _check_outcome,
    ),
    "event add": Case(
        lambda t: ["event", "add", "PyData Berlin", "--at", "2027-01-20T18:30"], _check_event(None)
    ),
    "event attend": Case(lambda t: ["event", "attend", "AI founders"], _check_event("attend")),
    "event skip": Case(lambda t: ["event", "skip", "AI founders"], _check_event("skip")),
    "event review": Case(
        lambda t: ["event", "review", "AI founders", "--rating", "4", "--met", "Grace Hopper"],
        _check_review,
    ),
    "event import": Case(lambda t: ["event", "import", str(_ics(t))], _check_import),
    "import": Case(lambda t: ["import", str(_vcf(t))], _check_import),
    "import-undo": Case(
        lambda t: ["import-undo", "1"],
        _check_undo,
        before=lambda cli, t: _ok(cli, "import", str(_vcf(t))),
    ),
    "merge": Case(
        lambda t: ["merge", "Grace Hopper", "grace@home.example"],
        _check_merge,
        before=lambda cli, t: _ok(cli, "add", "G. Hopper", "--id", "grace@home.example"),
    ),
    "unmerge": Case(
        lambda t: ["unmerge", "Grace Hopper"],
        _check_unmerge,
        before=lambda cli, t: (
            _ok(cli, "add", "G. Hopper", "--id", "grace@home.example"),
            _ok(cli, "merge", "Grace Hopper", "grace@home.example"),
        ),
    ),
    "forget": Case(lambda t: ["forget", "Alan Kay", "--yes"], _check_forget),
    "pin": Case(lambda t: ["pin", "Grace Hopper", "close"], _check_pin),
    "followups done": Case(lambda t: ["followups", "done", "Grace Hopper"], _check_followup("done")),
    "followups snooze": Case(
        lambda t: ["followups", "snooze", "Grace Hopper", "--days", "3"], _check_followup("snooze")
    ),
    "budget set": Case(lambda t: ["budget", "set", "--hours-per-week", "5"], _check_budget),
    "prune": Case(lambda t: ["prune", "--apply"], _check_prune),
    "interaction delete": Case(lambda t: ["interaction", "delete", "1", "--yes"], _check_delete),
    "unarchive": Case(
        lambda t: ["unarchive", "Bob Chef"],
        _check_unarchive,
        before=lambda cli, t: _ok(cli, "prune", "--apply"),
    ),
    "account add": Case(lambda t: list(_ACCOUNT), _check_account),
    "account remove": Case(
        lambda t: ["account", "remove", "work"],
        _check_account_removed,
        before=lambda cli, t: _ok(cli, *_ACCOUNT),
    ),
    "backup": Case(lambda t: ["backup", str(t / "b.db")], _check_backup),
    "restore": Case(
        lambda t: ["--db", str(t / "fresh.db"), "restore", str(t / "b.db")],
        _check_restore,
        before=lambda cli, t: _ok(cli, "backup", str(t / "b.db")),
    ),
    "demo": Case(lambda t: ["--db", str(t / "demo.db"), "demo", "--seed", "3"], _check_demo),
    "me add": Case(lambda t: ["me", "add", "ada@work.example"], _check_me_add),
}


# write commands whose --json needs a live server: covered where one runs
ELSEWHERE = {
    "sync": "tests/sync/test_imap.py: the summary per account with its import batch",
    "digest send": "tests/services/test_digest.py: the delivery, to a mail server on loopback",
}


def test_every_write_command_has_a_case() -> None:
    assert set(CASES) | set(ELSEWHERE) == WRITES
    assert not set(CASES) & set(ELSEWHERE)


@pytest.mark.parametrize("command", sorted(CASES))
def test_write_prints_its_record_as_json(cli, db_path, command) -> None:  # type: ignore[no-untyped-def]
    """``--json``: the whole of stdout is one JSON document, the record with its id, found again in the
    database by that id."""
    assert db_path.name == "test.db"
    tmp = db_path.parent
    _base(cli)
    case = CASES[command]
    case.before(cli, tmp)
    r = cli(*case.args(tmp), "--json")
    assert r.exit_code == 0, r.output
    record = json.loads(r.stdout)
    has_id = command in ("budget set", "backup", "restore", "demo", "prune") or any(
        k in record for k in ("id", "person_id", "event_id", "files")
    )
    assert has_id, record
    case.check(cli, record, tmp)


# ---------------------------------------------------------------- round trips


def test_delete_shows_the_id_asks_and_deletes(cli, db_path) -> None:  # type: ignore[no-untyped-def]
    _base(cli)
    ((entry,),) = [_ok(cli, "show", "Grace Hopper", "--json")["timeline"]]
    iid = entry["id"]
    assert f"#{iid} meeting" in _ok(cli, "show", "Grace Hopper")  # where a user finds the id
    r = cli("interaction", "delete", str(iid), input="n\n")
    assert r.exit_code == 1 and "nothing deleted" in r.stderr
    assert "meeting #1 on 2026-01-10 10:00 with Ada Lovelace, Grace Hopper: EU labs" in r.stderr
    assert _in_timeline(cli, "Grace Hopper", iid)
    r = cli("interaction", "delete", str(iid), input="y\n")
    assert r.exit_code == 0 and r.stdout.startswith(f"Deleted meeting #{iid} ")
    assert not _in_timeline(cli, "Grace Hopper", iid)
    assert _ok(cli, "show", "Grace Hopper", "--json")["tie"]["last_contact"] is None
    ws = Workspace(str(db_path))
    try:
        with ws.read() as tx:
            assert tx.conn.exec_driver_sql("SELECT count(*) FROM participants").scalar() == 0
    finally:
        ws.close()
    r = cli("interaction", "delete", str(iid), "--yes")
    assert r.exit_code == 1 and f"no interaction with id {iid}" in r.stderr


@pytest.mark.parametrize(
    ("args", "key", "question"),
    [
        (["interaction", "delete", "1"], "id", "Delete this interaction?"),
        (["forget", "Bob Chef"], "person_id", "Forget this person?"),
    ],
)
def test_asking_first_leaves_stdout_to_the_json(cli, args, key, question) -> None:  # type: ignore[no-untyped-def]
    _base(cli)
    r = cli(*args, "--json", input="n\n")
    assert r.exit_code == 1 and r.stdout == "" and question in r.stderr
    r = cli(*args, "--json", input="y\n")
    assert r.exit_code == 0 and r.stdout.startswith("{") and json.loads(r.stdout)[key] > 0


def test_a_future_log_is_refused_unless_planned(cli) -> None:  # type: ignore[no-untyped-def]
    _base(cli)
    before = _ok(cli, "show", "Alan Kay", "--json")["timeline"]
    r = cli("log", "meeting", "Alan Kay", "--at", "2030-01-01", "--json")
    assert r.exit_code == 1 and r.stdout == ""
    assert "2030-01-01 is after today" in r.stderr and "add --future" in r.stderr
    assert "Traceback" not in r.output
    assert _ok(cli, "show", "Alan Kay", "--json")["timeline"] == before
    planned = _ok(cli, "log", "meeting", "Alan Kay", "--at", "2030-01-01", "--future", "--json")
    assert planned["planned"] is True and planned["at"].startswith("2030-01-01")
    (shown,) = _ok(cli, "show", "Alan Kay", "--json")["timeline"]
    assert shown["id"] == planned["id"] and shown["planned"] is True
    assert f"#{planned['id']} meeting out (planned)" in _ok(cli, "show", "Alan Kay")


def test_the_future_starts_tomorrow_in_the_owners_zone(cli) -> None:  # type: ignore[no-untyped-def]
    """Today (a bare date means its noon, which may be ahead of a morning's now) is accepted, tomorrow is
    not, on either side of the date line."""
    _base(cli)
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        _ok(cli, "budget", "set", "--timezone", zone)
        assert _ok(cli, "log", "call", "Alan Kay", "--at", "today", "--json")["id"] > 0
        r = cli("log", "call", "Alan Kay", "--at", "tomorrow")
        assert r.exit_code == 1 and "is after today" in r.stderr


def _table_rows(text: str) -> dict[str, str]:
    """A printed table's rows by the name in their second column, each row's wrapped lines joined."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if not cells:
            continue
        if cells[0]:
            rows.append(cells)
        elif rows:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
    return {r[1]: " ".join(r) for r in rows}


def test_archive_round_trip(cli) -> None:  # type: ignore[no-untyped-def]
    _base(cli)
    pruned = {p["name"] for p in _ok(cli, "prune", "--apply", "--json")}
    assert pruned == {"Alan Kay", "Bob Chef"}
    # put aside: no follow-up to keep in touch any more, not even to congratulate (RULES.md)
    for name in ("Bob Chef", "Grace Hopper"):
        _ok(cli, "remember", name, "won a prize", "--kind", "achievement")
    due = {f["name"] for f in _ok(cli, "followups", "--json")}
    assert "Grace Hopper" in due and not due & pruned
    listed = _ok(cli, "people")
    assert "Bob Chef" not in listed and "2 archived: people --archived" in listed
    assert [p["name"] for p in _ok(cli, "people", "--json")] == ["Grace Hopper"]
    archived = _ok(cli, "people", "--archived")
    assert "Grace Hopper" not in archived and archived.count("archived") >= 2
    assert {p["name"] for p in _ok(cli, "people", "--archived", "--json")} == pruned
    assert "(id 4, archived)" in _ok(cli, "show", "Bob Chef")
    ties = _table_rows(_ok(cli, "ties"))
    assert "archived" in ties["Bob Chef"] and "archived" in ties["Alan Kay"]
    assert "archived" not in ties["Grace Hopper"]
    back = _ok(cli, "unarchive", "Bob Chef", "--json")
    assert back["name"] == "Bob Chef" and back["archived"] is False
    assert {p["name"] for p in _ok(cli, "people", "--json")} == {"Grace Hopper", "Bob Chef"}
    assert "1 archived: people --archived" in _ok(cli, "people")
    r = cli("unarchive", "Bob Chef")
    assert r.exit_code == 1 and "Bob Chef is not archived" in r.stderr
