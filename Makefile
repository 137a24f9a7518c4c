# The two commands are `make run` and `make test`; everything else here is what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint install system-packages demo bench

# Serve the app on http://127.0.0.1:8000 with the demo portfolio, on SQLite.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Lint, then the whole suite. With DATABASE_URL and REDIS_URL set it runs on PostgreSQL with a real Celery worker.
test: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m bandit -q -c pyproject.toml -r vendortrack contracts clause_library
	./bin/install-test-tools
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m bandit -q -c pyproject.toml -r vendortrack contracts clause_library

install: $(STAMP)

$(STAMP): requirements.lock
	./bin/install-system-packages
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
