# Two entry points on a fresh machine: `make demo` (the main job, embedded defaults) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean constraints compose-check screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[dev,embedded]'
	touch $(STAMP)

# `reportflow dev` in the background, the five sample reports through the API, results printed, system stopped.
demo: $(STAMP)
	$(BIN)/python scripts/demo.py

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# The dashboard's pictures in docs/screenshots/ (README shows them), from the browser tests on SQLite; `make test`
# writes them to a temporary folder only.
screenshots: $(STAMP)
	REPORTFLOW_REFRESH_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/services/dashboard/test_dashboard_browser.py -k sqlite

bench: $(STAMP)
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python bench/analyze_throughput.py

# Pinned versions of everything the Docker image installs (no extras): a clean venv, `pip freeze`.
constraints:
	rm -rf $(VENV)/constraints && $(PYTHON) -m venv $(VENV)/constraints
	$(VENV)/constraints/bin/pip install -q -U pip && $(VENV)/constraints/bin/pip install -q .
	{ echo '# pip constraints of the Docker image (deploy/Dockerfile): `make constraints` regenerates them.'; \
	  $(VENV)/constraints/bin/pip freeze --exclude reportflow; } > deploy/constraints.txt
	rm -rf $(VENV)/constraints build

# The compose stack for real in a network namespace of its own (root, Debian): see deploy/check.sh.
compose-check: $(STAMP)
	bash deploy/check.sh

clean:
	rm -rf $(VENV) .pytest_cache
