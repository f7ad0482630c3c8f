# Two commands do all set-up on a fresh machine with Python 3.11:
#   make demo   - demo league -> every phase built so far -> summary
#   make test   - the test suite (what CI runs)
PYTHON ?= python3
VENV := .venv
INSTALLED := $(VENV)/.installed

.PHONY: demo test system-deps ui

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

demo: $(INSTALLED)
	$(VENV)/bin/nba-assets demo

# The real-process tests start a PostgreSQL server and open the UI in headless Chromium:
# installed from Debian when missing (as root, or through sudo).
system-deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v chromium >/dev/null; then \
	  echo "installing Debian packages the slow tests need: postgresql chromium"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$SUDO apt-get install -y -q postgresql chromium >/dev/null 2>&1 || \
	    { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q postgresql chromium >/dev/null; }; \
	fi

test: $(INSTALLED) system-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest -q

ui: $(INSTALLED)
	$(VENV)/bin/nba-assets ui
