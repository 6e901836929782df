# Waypoint's commands. `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: install demo serve test test-browser lint format messages bench worker clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: $(VENV)/.installed

## demo: install, start the embedded database, migrate, load the demo and serve on :8000
demo: install
	WAYPOINT_DEMO=1 $(PY) manage.py demo

## test: the whole suite (browser tests included) on the embedded server or $$DATABASE_URL
test: install
	$(PY) -m pytest

test-browser: install
	$(PY) -m pytest -m browser

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(find waypoint -name '*.html' -path '*templates*')
	DATABASE_URL=postgres://lint@127.0.0.1:1/lint $(VENV)/bin/mypy waypoint

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(find waypoint -name '*.html' -path '*templates*')

## messages: extract and compile translations (needs GNU gettext)
# Each app's strings go to its own waypoint/<app>/locale/; site-wide ones to waypoint/locale/.
messages: install
	$(PY) manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=.tools --ignore=var --ignore=static-root
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.tools

## bench: server time (median, p95) and queries of the main pages on the demo data
bench: install
	$(PY) bench/run.py

## bench-scale: every bench page on the small and full city networks (built once, then reused), growth and raw-SQL ratios
.PHONY: bench-scale
bench-scale: install
	$(PY) bench/scale.py

worker: install
	$(PY) manage.py task_worker

clean:
	rm -rf $(VENV) $(TOOLS) static-root

## load: gunicorn on 2 cores driven by 50 simulated staff (locust, ~75 s) against the full city network; req/s, p95, errors, RSS
.PHONY: load
load: install
	$(PY) bench/load/run.py

## bench-audit: audit chain throughput with 1 and 8 concurrent writers on the full city network (appends real events)
.PHONY: bench-audit
bench-audit: install
	$(PY) bench/audit_concurrency.py

## faults: on a PostgreSQL cluster of its own (port 5433, made and dropped), the database killed under load and a task worker killed mid-task
.PHONY: faults
faults: install
	$(PY) bench/faults.py --drop
