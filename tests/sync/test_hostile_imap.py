"""IMAP sync against hostile servers on loopback (tests/helpers/hostile_servers.py): a huge literal, an
endless reply and a slow drip each end within bounded time and memory with an error naming the account
and the item, and the database is left as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile_servers import (
    ImapServer,
    drip_fetch,
    drip_greeting,
    fails_within,
    greet,
    honest,
    huge_literal,
    imap_serving,
)
from synccli import export_bytes, sync_json

from innercircle.importers.base import Options
from innercircle.sync import imap
from innercircle.sync.base import Account, Limits

USER, PASSWORD = "ada@example.test", "s3cret-imap-password"
FAST = Limits(deadline_s=2.0)
BOUND_S = 6.0


def _pull(server: ImapServer, limits: Limits | None = None) -> Any:
    account = Account("hostile", "imap", server.url, USER, tls="plain", limits=limits)
    return imap.pull(account, PASSWORD, {}, Options())


def _fails(call: Callable[[], object], bound_s: float = BOUND_S) -> tuple[str, float]:
    return fails_within(call, PASSWORD, bound_s)


def test_the_honest_server_syncs() -> None:
    """The baseline the hostile cases change one thing of."""
    with imap_serving(honest) as server:
        got = _pull(server)
    assert got.fetched == 1 and got.items[0].subject == "hello"


def test_a_4_gb_literal_is_refused_before_it_is_read() -> None:
    with imap_serving(huge_literal(4_000_000_000)) as server:
        tracemalloc.start()
        try:
            message, took = _fails(lambda: _pull(server))
            _now, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert message.startswith("account hostile [INBOX UID 1]: a literal of 4000000000 bytes is over")
    assert took < 2.0 and peak < 8 << 20, f"{took:.1f} s, peak {peak >> 20} MiB"


_MEASURE = """
import json, resource, sys, time
from hostile_servers import endless_fetch, huge_literal, imap_serving
from innercircle.importers.base import Options
from innercircle.sync import imap
from innercircle.sync.base import Account, SyncError
fetch = huge_literal(4_000_000_000) if sys.argv[1] == "literal" else endless_fetch
with imap_serving(fetch) as server:
    account = Account("hostile", "imap", server.url, "ada", tls="plain")
    started = time.monotonic()
    try:
        imap.pull(account, "pw", {}, Options())
        error = None
    except SyncError as exc:
        error = str(exc)
    took = time.monotonic() - started
try:  # this program's own peak: ru_maxrss can carry the parent's peak over a fork and exec
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"took": took, "maxrss_kib": peak, "error": error}))
"""


@pytest.mark.parametrize("case", ["literal", "endless"])
def test_with_the_default_limits_a_whole_process_stays_small(case: str) -> None:
    """The default limits, measured as the issue did: the whole process's peak memory and the time."""
    helpers = Path(__file__).parents[1] / "helpers"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(helpers), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, case],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["error"] and got["error"].startswith("account hostile [INBOX UID 1]: ")
    assert got["took"] < 20 and got["maxrss_kib"] < 400 * 1024, got


@pytest.mark.parametrize(
    ("fetch", "greeting", "item"),
    [(drip_fetch, greet, "INBOX UID 1"), (honest, drip_greeting, "127.0.0.1:")],
    ids=["fetch", "greeting"],
)
def test_a_slow_drip_ends_at_the_deadline(fetch: Any, greeting: Any, item: str) -> None:
    with imap_serving(fetch, greeting) as server:
        message, took = _fails(lambda: _pull(server, FAST))
    assert message.startswith(f"account hostile [{item}") and "did not finish within 2 s" in message
    assert took >= 1.9


def test_plain_imap_on_a_name_that_only_looks_like_loopback_is_refused() -> None:
    account = Account("hostile", "imap", "imap://127.evil.example:143", USER, tls="plain")
    message, took = _fails(lambda: imap.pull(account, PASSWORD, {}, Options()))
    assert "plain IMAP is allowed only on this machine's loopback" in message and took < 1.0


def test_through_the_cli_the_database_is_unchanged_and_the_error_names_account_and_item(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("IC_HOSTILE_PW", PASSWORD)
    with imap_serving(honest) as good, imap_serving(huge_literal(4_000_000_000)) as bad:
        for name, server in (("good", good), ("bad", bad)):
            r = cli("account", "add", "imap", name, "--url", server.url, "--user", USER,
                    "--password-env", "IC_HOSTILE_PW")  # fmt: skip
            assert r.exit_code == 0, r.output
        before = export_bytes(cli, tmp_path / "a.json")
        code, (result,), stderr = sync_json(cli, "bad")
        assert code == 1 and result["error"].startswith("account bad [INBOX UID 1]: a literal of 4000000000")
        assert PASSWORD not in stderr and PASSWORD not in json.dumps(result)
        assert export_bytes(cli, tmp_path / "b.json") == before
        code, (ok,), _ = sync_json(cli, "good")  # the baseline: the same path stores the honest message
        assert code == 0 and ok["fetched"] == 1 and ok["counts"]["interactions"] == 1
