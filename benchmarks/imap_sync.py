"""IMAP header sync of a 10,000-message mailbox on a real Dovecot, next to the mbox import of the same mail.

Usage: python benchmarks/imap_sync.py [MESSAGES]     (default 10000)

Uses the Dovecot of the test run when INNERCIRCLE_TEST_IMAP_URL/_USER/_PASSWORD are set, otherwise starts
a throwaway one with .ci/dovecot.sh (and stops it); skips, exit 0, when Dovecot is not installed. The
messages (benchmarks/import_mbox.py's generator) are APPENDed to a folder of their own, then it times
  1. the first ``sync`` of the account (INBOX, Sent and that folder) into a fresh SQLite file;
  2. a second sync with nothing new, in-process and as the ``innercircle sync`` command (target < 2 s);
  3. ``innercircle import`` of the same messages as an mbox into another fresh SQLite file;
and prints messages per second for each.
"""

from __future__ import annotations

import mailbox
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from imapclient import IMAPClient
from import_mbox import generate

from innercircle.services import Workspace
from innercircle.services.importing import import_paths
from innercircle.services.syncing import add_account, sync

ROOT = Path(__file__).resolve().parents[1]
PW_ENV = "IC_BENCH_IMAP_PASSWORD"
_KEYS = ("URL", "USER", "PASSWORD")


@contextmanager
def dovecot() -> Iterator[dict[str, str] | None]:
    """The test run's Dovecot, or a throwaway one (None when there is no Dovecot to start)."""
    given = {k: os.environ.get(f"INNERCIRCLE_TEST_IMAP_{k}", "") for k in _KEYS}
    if all(given.values()):
        yield given
        return
    if shutil.which("dovecot") is None and not Path("/usr/sbin/dovecot").exists():
        yield None
        return
    env_file = Path(tempfile.mkdtemp(prefix="ic-bench-env-")) / "env"
    script = f"source {ROOT / '.ci/dovecot.sh'} && dovecot_start && env > {env_file}"
    subprocess.run(["bash", "-c", script], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
    found = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
    shutil.rmtree(env_file.parent)
    try:
        yield {k: found[f"INNERCIRCLE_TEST_IMAP_{k}"] for k in _KEYS}
    finally:
        keep = {k: found[k] for k in ("DOVECOT_TMP", "DOVECOT_OWNER") if k in found}
        subprocess.run(
            ["bash", "-c", f"source {ROOT / '.ci/dovecot.sh'} && dovecot_stop"], env={**os.environ, **keep}
        )


def client(server: dict[str, str]) -> IMAPClient:
    parts = urlsplit(server["URL"])
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test server's self-signed certificate
    c = IMAPClient(parts.hostname, port=parts.port, ssl=True, ssl_context=context, timeout=120)
    c.login(server["USER"], server["PASSWORD"])
    return c


def fill(server: dict[str, str], folder: str, mbox: Path) -> int:
    """APPEND every message of the mbox to a new folder, 500 per MULTIAPPEND."""
    msgs = [m.as_bytes().replace(b"\n", b"\r\n") for m in mailbox.mbox(str(mbox), create=False)]
    with client(server) as c:
        c.create_folder(folder)
        for i in range(0, len(msgs), 500):
            c.multiappend(folder, msgs[i : i + 500])
    return len(msgs)


def main() -> None:
    """Fill, sync twice, import the mbox; print the figures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with dovecot() as server, tempfile.TemporaryDirectory(prefix="ic-bench-imap-") as d:
        if server is None:
            print("skipped: Dovecot is not installed (Debian: apt-get install dovecot-imapd)")
            return
        tmp = Path(d)
        mbox = tmp / "archive.mbox"
        generate(mbox, count)
        folder = f"bench-{uuid.uuid4().hex[:8]}"
        t = time.perf_counter()
        appended = fill(server, folder, mbox)
        print(
            f"appended {appended:,} messages to {folder} in {time.perf_counter() - t:.1f}s (not timed below)"
        )
        os.environ[PW_ENV] = server["PASSWORD"]
        db = str(tmp / "sync.db")
        ws = Workspace(db)
        try:
            add_account(
                ws, "imap", "bench", server["URL"], server["USER"], folders=[folder], insecure=True,
                password_env=PW_ENV,
            )  # fmt: skip
            t = time.perf_counter()
            (first,) = sync(ws).accounts
            took = time.perf_counter() - t
            assert first.error is None, first.error
            print(
                f"first sync       : {first.fetched:,} headers in {took:.2f}s = {first.fetched / took:,.0f} msgs/s "
                f"({first.counts.get('interactions', 0):,} interactions, {first.counts.get('skipped', 0):,} left out)"
            )
            t = time.perf_counter()
            (second,) = sync(ws).accounts
            took = time.perf_counter() - t
            print(f"no-change sync   : {second.fetched} fetched in {took:.2f}s (in-process)")
        finally:
            ws.close()
        env = {**os.environ, "INNERCIRCLE_DB": db}
        t = time.perf_counter()
        cmd = [str(Path(sys.executable).with_name("innercircle")), "sync", "bench"]
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        print(f"no-change sync   : {time.perf_counter() - t:.2f}s as 'innercircle sync bench' (target < 2 s)")
        ws = Workspace(str(tmp / "mbox.db"))
        try:
            t = time.perf_counter()
            summary = import_paths(ws, [mbox], me=[server["USER"]])
            took = time.perf_counter() - t
        finally:
            ws.close()
        print(
            f"mbox import      : {count:,} messages in {took:.2f}s = {count / took:,.0f} msgs/s "
            f"({summary.totals.get('interactions', 0):,} interactions)"
        )
        with client(server) as c:
            c.delete_folder(folder)


if __name__ == "__main__":
    main()
