"""Generated input files, interactions and comparisons for the reliability and equivalence tests."""

from __future__ import annotations

import random
import sqlite3
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from innercircle.core.model import Channel, Direction, Interaction, Participant, Role
from innercircle.services import Workspace
from innercircle.services.export import export_json

RUN_CLI = "from innercircle.cli.main import run; run()"
# values that depend on the wall clock of the run, not on the file
CLOCK_COLUMNS = {"created_at", "started_at", "finished_at"}


def interactions_csv(path: Path, rows: int) -> Path:
    """A generic interactions CSV: the user writing to 500 people, some replies, some meetings."""
    with path.open("w", encoding="utf-8") as f:
        f.write("timestamp,from,to,channel,duration_s,id,subject\n")
        for i in range(rows):
            other = f"person{i % 500}@example.org"
            sender, to = ("me@example.com", other) if i % 3 else (other, "me@example.com")
            channel = "meeting" if i % 17 == 0 else "email"
            f.write(
                f"{1_600_000_000 + i * 600},{sender},{to},{channel},{1800 if channel == 'meeting' else ''},"
            )
            f.write(f"row-{i},Subject number {i}\n")
    return path


def mbox(path: Path, messages: int) -> Path:
    """An mbox archive with realistic headers."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(messages):
            other = f"Person {i % 400} <person{i % 400}@example.org>"
            sender, to = ("Me <me@example.com>", other) if i % 2 else (other, "Me <me@example.com>")
            day = 1 + i % 28
            f.write(f"From person@example.org Mon Jan {day:2d} 10:00:00 2024\n")
            f.write(f"From: {sender}\nTo: {to}\nCc: cc{i % 7}@example.net\n")
            f.write(f"Date: Mon, {day} Jan 2024 10:{i % 60:02d}:00 +0000\n")
            f.write(f"Message-ID: <m{i}@example.org>\nSubject: message {i}\n\nHello {i}\n\n")
    return path


def comparable(ws: Workspace) -> dict[str, Any]:
    """The lossless export without the clock-dependent columns."""
    with ws.read() as tx:
        data = export_json(tx)
    return {
        name: [{k: v for k, v in row.items() if k not in CLOCK_COLUMNS} for row in rows]
        for name, rows in data.tables.items()
    }


def fresh_db(path: Path) -> str:
    """A migrated, checkpointed database: its write-ahead log is empty until the import writes."""
    ws = Workspace(str(path))
    ws.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return str(path)


def import_cmd(db: str, src: Path, fmt: str) -> list[str]:
    """The CLI import as a separate process."""
    return [
        sys.executable,
        "-c",
        RUN_CLI,
        "--db",
        db,
        "import",
        str(src),
        "--format",
        fmt,
        "--me",
        "me@example.com",
    ]


def random_year(me: int, people: list[int], n: int, rng: random.Random, now: datetime) -> list[Interaction]:
    """``n`` random interactions in the 400 days before ``now``: every channel and direction, group mail,
    the user absent from some (direction unknown), durations unknown, zero or given, times on window edges."""
    its = []
    for k in range(n):
        at = now - timedelta(seconds=rng.randrange(400 * 86400), microseconds=rng.randrange(10**6))
        if rng.random() < 0.05:
            at = now - timedelta(days=rng.choice([7, 14, 28, 56, 84, 90, 180]))  # on the edge of a window
        d = rng.choice(list(Direction))
        them = rng.sample(people, rng.choice([1, 1, 2, 3]))
        parts = [Participant(p, Role.TO) for p in them]
        if d is Direction.IN and rng.random() < 0.7:  # they wrote: their sender a contact of its own kind
            parts[0] = Participant(them[0], Role.FROM)
        if d is not Direction.UNKNOWN or rng.random() < 0.5:
            parts.append(Participant(me, Role.FROM if d is Direction.OUT else Role.CC))
        its.append(
            Interaction(
                at=at,
                channel=rng.choice(list(Channel)),
                participants=parts,
                direction=d,
                duration_s=rng.choice([None, 0, 600, 1000, 5400]),
                source=rng.choice(["manual", "mbox"]),
                source_id=f"gen{k}",
                group_size=len(them),
            )
        )
    return its
