# Scaling Atlas — the README's commands. Every target works on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
PORT ?= 8501
HOST ?= 127.0.0.1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Dagster reads the repo-root dagster.yaml; the dashboard and tests import from the repo root.
export DAGSTER_HOME := $(CURDIR)
export PYTHONPATH := $(CURDIR)

.PHONY: help setup upstream build refresh run validate dev test screenshots browser-deps docs data-docs lint bench clean diff release

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

setup: $(STAMP)  ## create .venv and install the pinned dependencies (idempotent)

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 required, found " + sys.version' 
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

upstream: setup  ## fetch every pinned upstream file into the cache (mirror, then origin)
	$(BIN)/python -m pipelines.cli.upstream

# VERBOSE=1: print every Dagster event on the console too (pipelines/defs/console.py)
DAGSTER_CONSOLE := $(if $(VERBOSE),-c pipelines/defs/console_debug.yaml)

build: upstream  ## materialize every asset through Dagster and publish the warehouse
	$(BIN)/dagster job execute -m pipelines.definitions -j warehouse_build $(DAGSTER_CONSOLE)

refresh: upstream  ## download the newest upstream files; a passing one becomes the new pin
	$(BIN)/dagster job execute -m pipelines.definitions -j warehouse_refresh $(DAGSTER_CONSOLE)

run: build  ## build, then serve the dashboard
	@echo "Dashboard: http://$(HOST):$(PORT)"
	$(BIN)/streamlit run dashboard/app.py --server.address $(HOST) --server.port $(PORT) \
	  --server.headless true \
	  --browser.gatherUsageStats false

validate: setup  ## check contributor records: file:line: field: reason
	$(BIN)/python -m pipelines.cli.validate $(if $(GITHUB),--github) $(PATHS)

dev: setup  ## Dagster UI on http://127.0.0.1:3000
	$(BIN)/dagster dev -m pipelines.definitions -h 127.0.0.1 -p 3000

browser-deps:  ## Debian's chromium for the browser tests (installed when missing)
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

test: upstream browser-deps  ## install everything needed, then run the whole test suite
	$(BIN)/python -m pytest

screenshots: upstream browser-deps  ## re-take docs/screenshots/ (each page at 1400 and 400 px) with the browser tests
	$(BIN)/python -m pytest -m browser --screenshots

docs: setup  ## regenerate the record JSON Schema and warehouse/README.md from the code
	$(BIN)/python -m pipelines.cli.record_schema
	$(BIN)/python -m pipelines.cli.catalog

data-docs: build  ## regenerate docs/data.md (coverage, sources) from the built warehouse
	$(BIN)/python -m pipelines.cli.datadocs

lint: setup
	$(BIN)/ruff check pipelines dashboard tests benchmarks

bench: setup  ## benchmarks; results go in docs/benchmarks.md
	$(BIN)/python benchmarks/validate_speed.py
	$(BIN)/python benchmarks/build_speed.py
	$(BIN)/python benchmarks/dashboard_browser_speed.py

diff: upstream  ## data diff of this checkout against BASE (a git ref) as markdown; OUT=file.md
	$(BIN)/python -m pipelines.cli.diff --base $(or $(BASE),origin/main) $(if $(OUT),--out $(OUT)) \
	  $(if $(BASE_WAREHOUSE),--base-warehouse $(BASE_WAREHOUSE)) $(if $(HEAD_WAREHOUSE),--head-warehouse $(HEAD_WAREHOUSE))

release: build  ## versioned data release folder: release/<YYYY.MM.DD>/ (DuckDB, Parquet, CSV, datapackage.json)
	$(BIN)/python -m pipelines.cli.release

clean:  ## remove build outputs (keeps .venv)
	rm -rf .dagster warehouse/*.duckdb warehouse/*.build*
