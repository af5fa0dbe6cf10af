# Two commands: `make run` serves the app, `make test` runs every test.
# Each makes .venv and installs what it needs first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test docs lint chromium postgresql node bench stress soak lock clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Every install is constrained by requirements.lock: a fresh machine gets the versions the suite passed with.
$(VENV)/.deps-run: pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install --quiet -c requirements.lock -e '.[docs]'
	touch $@

$(VENV)/.deps-test: pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install --quiet -c requirements.lock -e '.[test,docs]'
	touch $@

# The documentation site: docs/ and mkdocs.yml -> build/site, which the app serves at /guide/.
# --strict: a broken link or anchor, a page missing from the navigation or any warning fails it.
MKDOCS := NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet
docs: $(VENV)/.deps-run
	$(MKDOCS)

# Browser files served as published, pinned by package-lock.json (npm ci checks each one's hash):
# plotly.js's cartesian bundle, a third of the full one's size (docs/dev/performance.md). Debian's
# npm when the machine has none.
node:
	@command -v npm >/dev/null || { echo "Installing Debian's npm for the pinned browser files"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm >/dev/null; }
node_modules/.package-lock.json: package.json package-lock.json
	$(MAKE) --no-print-directory node
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# One worker process per core (gdviz serve's default); WORKERS=n to choose. The guide first.
run: docs node_modules/.package-lock.json
	$(VENV)/bin/gdviz serve --host $(HOST) --port $(PORT) $(if $(WORKERS),--workers $(WORKERS))

# Debian's chromium for the browser tests (Playwright cannot download its own here), and a CJK
# font so the pages' Chinese article titles show in its screenshots rather than empty boxes.
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then \
		echo "Installing Debian's chromium and a CJK font for the browser tests"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi

# Debian's PostgreSQL for the saved-runs tests on a real server (tests/db starts a throwaway cluster
# per pytest worker with its initdb and pg_ctl, as the postgres user when run as root).
postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "Installing Debian's postgresql for the saved-runs tests"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; \
	fi

# The suite on every core (pytest-xdist; TEST_WORKERS=1 for one process): each worker starts its own
# server and browser, so the tests share nothing. worksteal: a worker that runs out takes tests
# queued for the other, so the slow browser tests do not leave one core idle at the end.
TEST_WORKERS ?= auto
test: $(VENV)/.deps-test node_modules/.package-lock.json chromium postgresql
	$(VENV)/bin/ruff check app tests bench
	$(VENV)/bin/mypy
	$(MKDOCS)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal

$(VENV)/.deps-bench: pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install --quiet -c requirements.lock -e '.[test,bench]'
	@$(PY) -c "import torch" 2>/dev/null || $(PY) -m pip install --quiet torch==2.13.0 \
		|| echo "PyTorch is not installable here: its columns stay empty"
	touch $@

# Benchmarks: each prints a table and writes bench/results/<name>.json; then an HTML report.
bench: $(VENV)/.deps-bench node_modules/.package-lock.json chromium postgresql
	$(PY) -m bench.engine_step
	$(PY) -m bench.surface
	$(PY) -m bench.real_data
	$(PY) -m bench.csv_upload
	$(PY) -m bench.live_loop
	$(PY) -m bench.browser
	$(PY) -m bench.first_paint
	$(PY) -m bench.classroom
	$(PY) -m bench.class_burst
	$(PY) -m bench.runs_db
	$(PY) -m bench.report

# The long hardening runs (schemathesis >= 1,000 cases, 10,000 websocket messages, abusive clients).
stress: $(VENV)/.deps-bench
	$(PY) -m bench.stress

# Proof of no flaky tests: the whole suite 10 times, then once with both cores busy (about 45 minutes).
soak: $(VENV)/.deps-test chromium
	$(PY) -m bench.soak --runs 10

# Refresh requirements.lock: the newest releases of what pyproject.toml asks for, in a throwaway venv.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -e '.[test,bench,docs]'
	{ head -2 requirements.lock; .lock-venv/bin/pip freeze --exclude-editable | grep -v '^gdviz'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv

lint: $(VENV)/.deps-test
	$(VENV)/bin/ruff check app tests bench
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) .pytest_cache node_modules
