"""Importing a 100,000-message mbox: our import vs a bare standard-library loop, and peak memory.

Usage: python benchmarks/import_mbox.py [MESSAGES]     (default 100000)

Generates an mbox with realistic headers (Received chains, MIME, Message-ID, In-Reply-To, lists and
no-reply mail mixed in, a few broken dates) in a temp folder, then times
  1. a bare stdlib loop: ``mailbox.mbox`` streamed, From/To/Cc/Date parsed with ``email.utils``;
  2. ``innercircle import`` (parse + resolve people + store into a fresh SQLite file);
and prints messages per second for both, the ratio (target ≤ 3×, ideally 1.5×) and peak memory.
"""

from __future__ import annotations

import contextlib
import mailbox
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, getaddresses, parsedate_to_datetime
from pathlib import Path

from innercircle.services import Workspace
from innercircle.services.importing import import_paths

FIRST = [
    "Ada",
    "Grace",
    "Alan",
    "Katherine",
    "Linus",
    "Barbara",
    "Edsger",
    "Margaret",
    "Donald",
    "Frances",
    "John",
    "Radia",
    "Ken",
    "Dennis",
    "Hedy",
]
LAST = [
    "Lovelace",
    "Hopper",
    "Turing",
    "Johnson",
    "Torvalds",
    "Liskov",
    "Dijkstra",
    "Hamilton",
    "Knuth",
    "Allen",
    "McCarthy",
    "Perlman",
]
BODY = "\n".join(
    f"Line {i} of a perfectly ordinary message body, long enough to look like real mail text."
    for i in range(25)
)


def _people(rng: random.Random, n: int = 3000) -> list[tuple[str, str]]:
    out = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        domain = rng.choice(["example.com", "mail.example.org", "uni.example.edu", f"corp{i % 40}.example"])
        out.append((f"{first} {last}", f"{first.lower()}.{last.lower()}{i}@{domain}"))
    return out


def generate(path: Path, count: int, seed: int = 7) -> None:
    """Write an mbox of ``count`` messages with realistic headers."""
    rng = random.Random(seed)
    people = _people(rng)
    me = ("Ada Owner", "me@example.com")
    start = datetime(2022, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for n in range(count):
            at = start + timedelta(minutes=7 * n + rng.randint(0, 5))
            other = rng.sample(people, rng.choice([1, 1, 1, 2, 3]))
            outgoing = rng.random() < 0.4
            sender = me if outgoing else other[0]
            to = other if outgoing else [me, *other[1:]]
            cc = rng.sample(people, 2) if rng.random() < 0.15 else []
            date = format_datetime(at) if rng.random() > 0.001 else "garbage date"
            extra = ""
            roll = rng.random()
            if roll < 0.05:
                extra = "List-Id: <dev.lists.example.org>\nPrecedence: list\n"
            elif roll < 0.08:
                sender = ("Notifications", "no-reply@service.example")
            reply = f"In-Reply-To: <m{n - 1}@mail.example>\n" if n and rng.random() < 0.3 else ""
            fh.write(
                f"From {sender[1]} {at:%a %b %d %H:%M:%S %Y}\n"
                f"Return-Path: <{sender[1]}>\n"
                f"Received: from mx{n % 9}.mail.example (mx{n % 9}.mail.example [192.0.2.{n % 250}])\n"
                f"\tby mail.example.com (Postfix) with ESMTPS id {n:08X}\n\tfor <me@example.com>; {format_datetime(at)}\n"
                f"Received: from client.example ([198.51.100.{n % 250}]) by mx.example; {format_datetime(at)}\n"
                f"DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; h=from:to:subject:date; bh={'x' * 44}=; b={'y' * 120}\n"
                f'From: "{sender[0]}" <{sender[1]}>\n'
                f"To: {', '.join(f'{nm} <{em}>' for nm, em in to)}\n"
                + (f"Cc: {', '.join(f'{nm} <{em}>' for nm, em in cc)}\n" if cc else "")
                + f"Subject: Re: project update number {n % 997}\n"
                f"Date: {date}\n"
                f"Message-ID: <m{n}@mail.example>\n"
                f"{reply}{extra}"
                "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
                f"{BODY}\n\n"
            )


def bare_loop(path: Path) -> int:
    """The baseline: stream the mbox with the standard library and parse From/To/Cc/Date."""
    n = 0
    for msg in mailbox.mbox(str(path), create=False):
        getaddresses([str(msg.get("From", ""))])
        getaddresses([str(v) for v in msg.get_all("To", []) + msg.get_all("Cc", [])])
        with contextlib.suppress(TypeError, ValueError):
            parsedate_to_datetime(str(msg.get("Date", "")))
        n += 1
    return n


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Generate, time both loops in one run, print the figures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory(prefix="ic-bench-") as d:
        mbox = Path(d) / "archive.mbox"
        t = time.perf_counter()
        generate(mbox, count)
        print(
            f"generated {count:,} messages ({mbox.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f}s"
        )
        t = time.perf_counter()
        seen = bare_loop(mbox)
        bare = time.perf_counter() - t
        print(f"bare stdlib loop : {seen:,} messages in {bare:.1f}s = {seen / bare:,.0f} messages/s")
        base_mb = peak_mb()
        ws = Workspace(str(Path(d) / "bench.db"))
        try:
            t = time.perf_counter()
            summary = import_paths(ws, [mbox], me=["me@example.com"])
            ours = time.perf_counter() - t
        finally:
            ws.close()
        tot = summary.totals
        print(f"innercircle import: {count:,} messages in {ours:.1f}s = {count / ours:,.0f} messages/s")
        print(
            f"  stored {tot['interactions']:,} interactions, {tot['people_added']:,} people, "
            f"{tot['skipped']:,} left out (lists/no-reply), {tot['warnings']} warnings"
        )
        print(f"ratio import / bare loop: {ours / bare:.2f}x (target <= 3x, ideally 1.5x)")
        print(f"peak memory: {peak_mb():.0f} MB (after the bare loop: {base_mb:.0f} MB; limit 400 MB)")


if __name__ == "__main__":
    main()
