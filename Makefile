# Two commands do all set-up on a fresh machine (Debian 12, Python >= 3.11, root):
#   make run   - install into .venv and serve the app on the embedded default (SQLite in ./instance)
#   make test  - install everything the tests need (pip + Debian chromium, fonts, postgresql,
#                redis-server) and run the suite (on SQLite, then the store part on PostgreSQL)
VENV ?= .venv
PY := $(VENV)/bin/python
DATA_DIR ?= instance
PORT ?= 8050

.PHONY: run test install install-test system-deps lint bench bench-quick clean constraints

# constraints.txt pins every package (tools included) to the versions last checked together.
$(VENV)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# Re-resolve the pins: the newest releases pyproject.toml allows, in a scratch venv, frozen.
# Then run `make test` and commit constraints.txt with the test fixes it needed.
constraints:
	rm -rf .venv-pins && python3 -m venv .venv-pins
	.venv-pins/bin/python -m pip install --quiet --upgrade pip
	.venv-pins/bin/python -m pip install --quiet -e '.[test]'
	{ sed -n '1,3p' constraints.txt; .venv-pins/bin/python -m pip freeze --exclude-editable | grep -v '^-e'; } > constraints.new
	mv constraints.new constraints.txt && rm -rf .venv-pins

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test system-deps

system-deps:
	bash scripts/install-system-deps.sh

run: install
	$(VENV)/bin/svetofor serve --data-dir $(DATA_DIR) --port $(PORT)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# PostgreSQL and Redis for the multi-instance tests: private to this run, on loopback, stopped
# at the end (scripts/ci-services.sh). The whole suite runs on SQLite (with the Redis job queue),
# then the store (tests/store: repositories, migrations), service and multi-instance tests run
# again on PostgreSQL.
SERVICES := bash scripts/ci-services.sh
POSTGRES_TESTS := tests/store tests/test_service.py tests/test_postgres.py tests/test_jobs.py

test: install-test lint
	@set -e; trap '$(SERVICES) stop' EXIT; $(SERVICES) start; . "$$($(SERVICES) env)"; \
	echo "== the whole suite on SQLite =="; \
	SVETOFOR_TEST_DATABASE_URL= $(PY) -m pytest; \
	echo "== store, service and multi-instance tests on PostgreSQL =="; \
	$(PY) -m pytest $(POSTGRES_TESTS)

bench: install-test
	$(PY) -m bench

bench-quick: install-test
	$(PY) -m bench --quick

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
