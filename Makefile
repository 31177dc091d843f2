# CĐS Hub — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast test-sqlite test-postgres lint install system-packages clean

# Browser tests drive Debian's chromium; Playwright never downloads a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## make demo: install, migrate SQLite under var/, load demo data, serve on http://127.0.0.1:8000
demo: $(STAMP) system-packages
	$(BIN)/cds demo

## make test: Debian packages the tests need, lint, then the whole suite on SQLite and on a
## throwaway PostgreSQL server
test: $(STAMP) system-packages lint test-sqlite test-postgres

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
test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not slow" -p no:schemathesis

test-sqlite: $(STAMP)
	$(BIN)/pytest -q

test-postgres: $(STAMP)
	$(BIN)/python scripts/with_postgres.py $(BIN)/pytest -q

clean:
	rm -rf $(VENV) var/*.sqlite3*
