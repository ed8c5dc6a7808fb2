# Polemos: the two commands a fresh machine needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/polemos gazetteer build
	touch $(STAMP)

# The web UI (web/, npm with a lockfile) is bundled into src/polemos/api/static/.
UI_BUILD := src/polemos/api/static/index.html
$(UI_BUILD): web/package-lock.json $(wildcard web/src/*) web/build.mjs
	cd web && npm ci --no-audit --no-fund && npm run build

setup: $(STAMP) $(UI_BUILD)

demo: setup
	$(BIN)/polemos demo

test: setup
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/run_bench.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
