# Fresh machine: `make demo` or `make test`. Both create .venv with the machine's python3.
# `make demo` installs only what running innercircle needs; `make test` (and the other developer targets)
# add the development tools of the `dev` extra on top.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
RUNTIME := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck layers unit bench fuzz clean

# --no-compile: Python compiles what a run imports, on first use; compiling every installed module ahead
# (most never imported) cost more CPU than the rest of `make demo` together
$(RUNTIME): pyproject.toml
	$(PY) -m venv $(VENV)
	$(PIP) install --no-compile -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(PIP) install -e '.[dev]'
	touch $(STAMP)

demo: $(RUNTIME)
	$(BIN)/innercircle demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/pytest -q -n 2 --dist loadgroup

test: lint typecheck layers unit

# coverage-guided fuzzing of the importers (atheris; not part of `make test`): FUZZ_SECONDS=300 by default;
# crashes are written to .fuzz/ with the input that caused them
fuzz: $(STAMP)
	$(PIP) install atheris
	mkdir -p .fuzz
	cd .fuzz && ../$(BIN)/python ../tests/fuzz/atheris_importers.py -max_total_time=$${FUZZ_SECONDS:-300} -rss_limit_mb=4096

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
