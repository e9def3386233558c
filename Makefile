# Oversight. The two commands a new developer needs are `make run` and `make test`.
# Production process targets (`serve`, `worker`, `beat`) are what docker-compose.yml runs.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
BIND ?= 0.0.0.0:$(PORT)
WEB_CONCURRENCY ?= 3
WORKER_CONCURRENCY ?= 2
PYTEST_ARGS ?=
# Test processes (pytest-xdist): `auto` is one per core. --dist loadfile runs each test file on
# one process, in order, as a serial run does: the production-process tests (one file) all
# collect static files into .data/staticfiles, which two processes at once would clash over,
# and tests/quality/test_timeline.py depends on the order of its own tests. (xdist_group with
# --dist loadgroup would be finer, but pytest-xdist 3.8 ignores the mark on pytest 9.2:
# pytest-dev/pytest-xdist#1386.) Each process has its own database and Redis database.
TEST_WORKERS ?= auto
PYTEST_PARALLEL = -n $(TEST_WORKERS) --dist loadfile
# What mypy checks: core, accounts and every app's services and selectors.
TYPECHECK_PATHS = core accounts $(filter-out core/% accounts/%,$(sort $(wildcard \
	*/services.py */services */selectors.py */selectors)))

.PHONY: run test test-fast install assets migrate demo serve worker beat lint typecheck format \
	check bench clean

## run: install everything, migrate, create the demo council when empty, serve on 127.0.0.1:8000
run: install assets migrate demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: install everything and run the whole test suite, in parallel
test: install assets
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

## test-fast: the suite without the browser (e2e) and subprocess (slow) tests, in parallel
test-fast: install assets
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -m "not e2e and not slow" $(PYTEST_ARGS)

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## assets: compile GOV.UK Frontend with the app's Sass (Arial, /static/ paths)
assets: node_modules/.installed
	npm run --silent build:css

migrate: install
	$(BIN)/python manage.py migrate --no-input

## demo: the demo accounts, council, visits and a failure incident, only when there are none
demo: install
	$(BIN)/python manage.py demo_accounts
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py seed_quality_demo --if-empty
	$(BIN)/python manage.py seed_escalation_demo --if-empty
	$(BIN)/python manage.py seed_panels_demo --if-empty
	$(BIN)/python manage.py failure_plan_demo --if-empty

# --- production processes (docker-compose.yml runs these) --------------------------------
serve:
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/gunicorn config.wsgi --bind $(BIND) --workers $(WEB_CONCURRENCY) --access-logfile - --timeout 60

worker:
	$(BIN)/celery -A config worker --loglevel INFO --concurrency $(WORKER_CONCURRENCY)

beat:
	mkdir -p .data
	$(BIN)/celery -A config beat --loglevel INFO --schedule $(or $(BEAT_SCHEDULE),.data/celerybeat-schedule)

# --- quality --------------------------------------------------------------------------
## lint: ruff (lint and format check) and djLint on the Django templates
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/lint-imports --no-cache
	$(BIN)/python tools/architecture.py > /dev/null || $(BIN)/python tools/architecture.py

## typecheck: mypy with django-stubs (settings are imported, never connected to a database)
typecheck: install
	DATABASE_URL=$${DATABASE_URL:-postgres://typecheck@localhost/typecheck} \
	  $(BIN)/mypy $(TYPECHECK_PATHS)

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

bench: install
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf .data/staticfiles .pytest_cache
