# Two commands do all set-up on a fresh machine (Debian 12, Python >= 3.11, root):
#   make run   - install into .venv and serve the app on the embedded default (SQLite in ./instance)
#   make test  - install everything the tests need (pip + Debian chromium, fonts) and run the suite
VENV ?= .venv
PY := $(VENV)/bin/python
DATA_DIR ?= instance
PORT ?= 8050

.PHONY: run test install install-test system-deps lint bench bench-quick clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test system-deps

system-deps:
	bash scripts/install-system-deps.sh

run: install
	$(VENV)/bin/svetofor serve --data-dir $(DATA_DIR) --port $(PORT)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install-test lint
	$(PY) -m pytest

bench: install-test
	$(PY) -m bench

bench-quick: install-test
	$(PY) -m bench --quick

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
