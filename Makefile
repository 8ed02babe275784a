# Symphony: `make run` serves the demo trust; `make test` runs every test.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
HOST  ?= 127.0.0.1
PORT  ?= 8000

.PHONY: run test install lint check clean bench backup restore

$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find-python) || { echo "Symphony needs Python 3.12 or newer and none was found: install python3.12 (apt-get install python3.12, or pyenv install 3.12) and run make again." >&2; exit 1; }; \
	echo "Using $$python"; \
	"$$python" -m venv $(VENV) && \
	$(VENV)/bin/pip install --quiet --upgrade pip && \
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

## Set up (virtualenv, database, demo trust) and serve the portal with a Celery worker and
## beat on the embedded broker. Ctrl-C stops all of it.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@HOST=$(HOST) PORT=$(PORT) scripts/run-dev

## The whole test suite. Browser tests skip (and say why) where no Chromium is installed;
## in CI (CI=true) a missing browser is a failure instead.
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## Benchmarks on PostgreSQL (not part of `make test`): prints the table that
## docs/performance.md records. BENCH_ARGS="--sizes 15,100" to run fewer sizes.
bench: install
	$(PY) -m benchmarks $(BENCH_ARGS)

## A backup of the database and uploaded files into backups/ (docs in README), and its restore:
## make restore BACKUP=backups/<name>
backup: install
	scripts/backup

restore: install
	scripts/restore "$(BACKUP)"

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles
