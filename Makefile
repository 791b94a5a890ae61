# reputation: every set-up and run step goes through these targets (README, CI and developers alike).
# `make help` lists them.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= data

.DEFAULT_GOAL := help
.PHONY: help install install-dev demo test lint bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the package

install-dev: $(VENV)/.installed-dev ## Install the package and the test tools

demo: install ## Install, generate the demo data and run the whole pipeline (outputs in data/)
	$(BIN)/reputation demo --out $(OUT)

test: install-dev ## Install what the tests need, lint, and run every test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: install-dev ## Lint and check formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install-dev ## Time the whole pipeline at 10k, 100k and 1M mentions; writes docs/benchmarks.md (and .json)
	$(BIN)/python -m bench.run --sizes 10000,100000,1000000

clean: ## Remove the virtual environment and runtime outputs
	rm -rf $(VENV) $(OUT)/warehouse.duckdb* $(OUT)/reports $(OUT)/demo $(OUT)/project.yaml
