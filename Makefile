# CĐS Hub — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast test-sqlite test-postgres test-spark lint install system-packages node-packages clean

# Browser tests drive Debian's chromium; Playwright never downloads a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## npm packages the browser tests use (axe-core, injected into pages from node_modules; no CDN):
## exactly the versions of package-lock.json
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

node-packages: system-packages $(NODE_STAMP)

## make demo: install, migrate SQLite under var/, load demo data, serve on http://127.0.0.1:8000
demo: $(STAMP) system-packages
	$(BIN)/cds demo

## make test: Debian packages the tests need, lint, then the whole suite on SQLite and on a
## throwaway PostgreSQL server, and the Spark engine's tests (a JVM) apart
test: $(STAMP) system-packages node-packages lint test-sqlite test-postgres test-spark

system-packages:
	scripts/system_packages.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	CDS_DATABASE_URL=sqlite://:memory: $(BIN)/python manage.py makemigrations --check --dry-run

## make test-fast: the loop while coding — SQLite, without the tests marked slow (national unit
## list, browser, PDF, demo, concurrency, killed processes; see conftest.py). Their files are not
## even collected, so the API-fuzzing plugin (schemathesis) is not loaded either.
## Two workers (pytest-xdist, one per core), each on its own copy of one migrated SQLite template
## (cds/lib/testdb.py); --dist loadfile keeps a file's module fixtures in one worker;
## --no-loadscope-reorder hands the files out in the order conftest.py gives (the costliest first,
## HEAVY_FIRST) rather than by their number of tests, so that both workers finish together.
## A fifth of the Hypothesis examples (the profile `fast` of conftest.py; `make test` runs them all).
## Python may keep compiled modules (an environment with PYTHONDONTWRITEBYTECODE=1 would otherwise
## compile, and pytest rewrite the asserts of, every module in every worker on every run: ≈ 5 s CPU each).
test-fast: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q -m "not slow and not spark" -p no:schemathesis --hypothesis-profile=fast -n auto --dist loadfile --no-loadscope-reorder

test-sqlite: $(STAMP)
	$(BIN)/pytest -q -m "not spark"

test-postgres: $(STAMP)
	$(BIN)/python scripts/with_postgres.py $(BIN)/pytest -q -m "not spark"

## make test-spark: the Spark engine against DuckDB on synthetic data (spark.master local[2])
test-spark: $(STAMP) system-packages
	$(BIN)/pytest -q -m spark

clean:
	rm -rf $(VENV) node_modules var/*.sqlite3* var/test-db
