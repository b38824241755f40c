# The two commands: `make run` serves the demo site with its worker; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install install-test browser clean bench-load

$(PY):
	@echo "==> Creating the virtual environment in $(VENV) with $(PYTHON)"
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed: install it, then run make again."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: $(PY) requirements.in constraints.txt
	@echo "==> Installing the site's packages (first time: a minute or two)"
	$(PIP) install --progress-bar on -r requirements.in -c constraints.txt
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run requirements-test.in constraints.txt
	@echo "==> Installing the test tools"
	$(PIP) install --progress-bar on -r requirements-test.in -c constraints.txt
	@touch $@

install: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test

# Links in emails and the sitemap name the address the demo is served on.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: export DJANGO_SETTINGS_MODULE ?= cop.settings.dev
run: install
	@echo "==> Preparing the database"
	$(PY) manage.py migrate --noinput
	$(PY) manage.py spam_model --ensure
	$(PY) manage.py seed_demo
	@$(PY) manage.py demo_accounts
	@echo "==> Serving http://$(HOST):$(PORT)/ with a background worker. Press Ctrl-C to stop both."
	@trap 'kill 0' EXIT; \
	  $(PY) manage.py qcluster & \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

browser:
	@if [ -x /usr/bin/chromium ]; then \
	  echo "==> Browser tests will use /usr/bin/chromium"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "==> Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "Could not install chromium; browser tests will be skipped (or fail under CI=true)."; \
	else \
	  echo "chromium is not installed and this user cannot install it: browser tests will be skipped."; \
	  echo "Install it with: sudo apt-get install chromium"; \
	fi

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: install-test browser lint
	@echo "==> Running the tests"
	$(PY) -m pytest

clean:
	rm -rf $(VENV) var

# The load benchmark (PostgreSQL + Redis): make bench-load MINUTES=10, with DATABASE_URL and
# REDIS_URL set. Its tools are installed here only, never by make test.
MINUTES ?= 10
$(VENV)/.installed-bench: $(VENV)/.installed-run requirements-bench.in constraints.txt
	@echo "==> Installing the load benchmark's tools"
	$(PIP) install --progress-bar on -r requirements-bench.in -c constraints.txt
	@touch $@

bench-load: $(VENV)/.installed-bench
	$(PY) -m cop.bench.load --minutes $(MINUTES)
