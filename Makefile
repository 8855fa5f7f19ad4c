# Fresh machine: `make demo` or `make test`. Both create .venv with the machine's python3.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck layers unit bench fuzz clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
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
	$(BIN)/pip install --quiet atheris
	mkdir -p .fuzz
	cd .fuzz && ../$(BIN)/python ../tests/fuzz/atheris_importers.py -max_total_time=$${FUZZ_SECONDS:-300} -rss_limit_mb=4096

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
