# Two commands do all set-up on a fresh machine with Python 3.11:
#   make demo   - demo league -> every phase built so far -> summary
#   make test   - the test suite (what CI runs)
PYTHON ?= python3
VENV := .venv
INSTALLED := $(VENV)/.installed

.PHONY: demo test lint ui

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

demo: $(INSTALLED)
	$(VENV)/bin/nba-assets demo

test: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest -q

ui: $(INSTALLED)
	$(VENV)/bin/nba-assets ui
