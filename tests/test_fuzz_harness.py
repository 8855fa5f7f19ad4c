"""The atheris harness of ``make fuzz`` works, and the inputs it found stay fixed (regressions)."""

from __future__ import annotations

import base64
import importlib.util
import random
import sys
from pathlib import Path

HARNESS = Path(__file__).resolve().parent / "fuzz" / "atheris_importers.py"
# found by `make fuzz`: a vCard whose CHARSET name holds NUL bytes (ValueError escaped the parser)
FOUND = [
    "AUJFR0lOOlZDQVJEDQpWRVJTSU9OOjIuMQ0KTjtDSEFSU0VUPVVURi04AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAADtFTkNPRElORz1RVU9URUQtUFJJTlRBQkxFOj1DMz05MT0NCj0yMHg7"
    "OzsNClRFTDtXT1JLO1ZPSUNFOig5MDUpIDU1NS0xMjM0DQppdGVtMS5FTUFJTDphQGIuY28NCkJEQVk6LS0wMzIyDQpFTkQ6VkNBUkQNCg==",
]


def _harness():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("atheris_importers", HARNESS)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["atheris_importers"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_harness_seeds_parse_and_junk_is_refused_cleanly(tmp_path: Path) -> None:
    h = _harness()
    corpus = h.seed_corpus(tmp_path / "corpus")
    seeds = sorted(corpus.iterdir())
    assert len(seeds) == len(h.SEEDS) >= 8
    for seed in seeds:
        h.check(seed.read_bytes())  # a valid file of each format parses
    rng = random.Random(3)
    for _ in range(200):  # byte flips of the seeds, and the inputs found before, fail only our way
        data = bytearray(rng.choice(seeds).read_bytes())
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(1, len(data))] = rng.randrange(256)
        h.check(bytes(data))
    for found in FOUND:
        h.check(base64.b64decode(found))
