# Jiguan (机关事务管理平台): install, run, test, lint. POSIX sh; every tool from .venv/bin.
.POSIX:
.PHONY: install run serve reset-demo test test-postgres chromium test-browser test-browser-postgres lint bench screenshots

VENV = .venv
PY = $(VENV)/bin/python
HOST = 127.0.0.1
PORT = 8000
PG_TEST_URL = postgres://postgres@127.0.0.1:5432/jiguan_test
GRANIAN = $(VENV)/bin/granian --interface wsgi config.wsgi:application --workers 2 \
	--blocking-threads 2 --respawn-failed-workers --respawn-interval 1

install: $(VENV)/.installed

# Re-installs only when pyproject.toml or requirements.lock change.
$(VENV)/.installed: pyproject.toml requirements.lock
	@if [ ! -x $(PY) ]; then \
		if command -v python3.11 >/dev/null 2>&1; then python3.11 -m venv $(VENV); \
		else python3 -m venv $(VENV); fi; \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $@

# The demo command only seeds an empty database; it prints the demo login on every start
# (development only; jiguan/orgs/tests/test_demo.py).
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_regions
	$(PY) manage.py demo --scale small --seed 1 --url http://$(HOST):$(PORT)
	$(PY) manage.py space_demo --seed 1
	$(PY) manage.py energy_demo --seed 1
	$(PY) manage.py travel_demo --seed 1
	$(PY) manage.py governance_demo
	$(PY) manage.py services_demo --seed 1
	$(PY) manage.py assets_demo --seed 1
	$(PY) manage.py internalaudit_demo --seed 1
	$(PY) manage.py assessment_demo --seed 1
	$(PY) manage.py guidance_demo --seed 1
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "平台地址 http://$(HOST):$(PORT) （Ctrl-C 停止）"
	@( trap 'kill $$task 2>/dev/null; exit 0' INT TERM; \
	   while :; do $(PY) manage.py db_worker --no-reload & task=$$!; wait $$task; sleep 1; done \
	 ) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(GRANIAN) --host $(HOST) --port $(PORT)

# The web server alone, as `run` starts it: two workers, and a worker that dies (a crash in
# a native library, the kernel's OOM killer) is started again while the other one serves,
# instead of granian shutting down whole (docs/deployment.md). The task worker above is
# restarted the same way by its loop.
serve: install
	$(GRANIAN) --host $(HOST) --port $(PORT)

# Start again from an empty demo: removes the SQLite database (var/jiguan.sqlite3) and what
# it holds, then sets everything up and serves as `make run` does.
reset-demo:
	rm -f var/jiguan.sqlite3 var/jiguan.sqlite3-wal var/jiguan.sqlite3-shm
	$(MAKE) run HOST=$(HOST) PORT=$(PORT)

test: install
	$(PY) -m pytest -m "not browser" -n 2

# pytest-django creates test_jiguan_test_gw0, _gw1 ... afresh (--create-db) and drops them;
# the migrations run afresh once (rebuild) into the template the browser stage then clones
# (jiguan/testdb_template.py).
test-postgres: install
	DATABASE_URL=$(PG_TEST_URL) JIGUAN_TEST_TEMPLATE=rebuild $(PY) -m pytest -m "not browser" -n 2 --create-db

# Debian's Chromium drives the browser tests (Playwright's own browser download does not work
# offline); installed here when missing.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo=sudo; fi; \
		$$sudo apt-get update && $$sudo apt-get install -y chromium; \
	fi

# Two processes, each with its own live server, test database and Chromium: the tests spend
# about a third of their time waiting on the browser, so two at once take 0.8 of the time of
# one on 2 cores (docs/deployment.md, "CI time").
test-browser: install chromium
	$(PY) -m pytest -m browser -n 2

# The browser tests on PostgreSQL (not in .ci/run, which runs them once, on SQLite; run it
# after a change to what only PostgreSQL does: its triggers, search, locking).
test-browser-postgres: install chromium
	DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest -m browser -n 2 --create-db

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy jiguan config
	$(VENV)/bin/lint-imports

# Province-scale seeding (40,000 agencies, 600,000 people) into a throwaway SQLite file.
bench: install
	rm -f var/bench.sqlite3 var/bench.sqlite3-wal var/bench.sqlite3-shm
	SQLITE_PATH=var/bench.sqlite3 $(PY) manage.py migrate --noinput --verbosity 0
	SQLITE_PATH=var/bench.sqlite3 $(PY) manage.py demo --scale province --seed 1
	@if [ -x bench/run.sh ]; then SQLITE_PATH=var/bench.sqlite3 bench/run.sh; fi

# The user guide's screenshots (docs/screenshots/*.png, bench/screenshots.py). Chinese text
# needs a CJK font in the browser (without one every character is a box): Debian's
# fonts-wqy-zenhei, installed here when no CJK font is present.
screenshots: install chromium
	@if ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo=sudo; fi; \
		$$sudo apt-get update && $$sudo apt-get install -y fonts-wqy-zenhei; \
	fi
	$(PY) bench/screenshots.py
