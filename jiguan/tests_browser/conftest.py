"""Playwright (sync API) against pytest-django's live_server, in Debian's Chromium.

Run with ``.venv/bin/python -m pytest -m browser -n 2`` (``make test-browser``): each xdist
worker has its own test database, live server and browser.

* One browser per process (all browser tests live in this package), a fresh context
  (cookies, storage) per test.
* Playwright's sync API keeps an asyncio loop running in the test thread from start to
  stop, and Django then refuses ORM calls from that thread (SynchronousOnlyOperation);
  DJANGO_ALLOW_ASYNC_UNSAFE is the standard workaround for pytest-django + Playwright sync.
  Both the loop and the variable live only while this package's tests run (package-scoped
  fixture), so the rest of the suite keeps Django's async-safety check.
* live_server needs transactional DB access, and each transactional test ends with a flush
  that also removes the session-level region tree, so ``browser_cast`` loads it again
  (load_province is idempotent) and creates the standing cast of jiguan/conftest.py.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from jiguan.access.regions.load import load_province
from jiguan.access.roles import Role
from jiguan.conftest import Cast, _grant, _user, build_cast
from jiguan.energy.coefficients_data import seed_builtin_sets
from jiguan.energy.models import CoefficientSet

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session", autouse=True)
def _flushable_audit_table(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Live-server tests empty the test database with TRUNCATE after each test; on PostgreSQL
    the audit table's trigger rejects that (as it must in production). In the throwaway test
    database only, switch off that one trigger; UPDATE and DELETE stay rejected."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ALTER TABLE audit_auditevent "
                            "DISABLE TRIGGER audit_event_no_truncate")


@pytest.fixture(autouse=True)
def _restore_the_region_tree(django_db_blocker: Any) -> Iterator[None]:
    """Put the region tree (and the built-in coefficient sets, seeded by a migration) back
    after the live-server test's flush.

    Autouse, so it is set up before (and torn down after) ``transactional_db``: the tests
    that run later in this process (pytest-django runs transactional tests last, but a
    hand-picked order or xdist may differ) find the tree jiguan/conftest.py promised them.
    """
    yield
    with django_db_blocker.unblock():
        load_province("330000")
        seed_builtin_sets(CoefficientSet)
        # The flush empties the models' tables, not the cache's (jiguan_cache): what a
        # test kept there (a share panel, energy.programs.shares) is not the next one's.
        cache.clear()


@pytest.fixture(scope="package")
def _playwright() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as pw:
            yield pw
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(_playwright: Any) -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    browser = _playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                          headless=True)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                  accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def browser_cast(transactional_db: Any) -> Cast:
    """jiguan.conftest's standing cast, for transactional (live server) tests, with what
    the migrations seed (the built-in coefficient sets): an earlier live-server test's flush
    may have emptied them."""
    load_province("330000")
    seed_builtin_sets(CoefficientSet)
    return build_cast()


@pytest.fixture
def province_admin(transactional_db: Any) -> Any:
    """The region tree and a province admin (浙江省), and no agencies at all."""
    load_province("330000")
    user = _user("province_admin")
    _grant(user, Role.PROVINCE_ADMIN, "330000")
    return user
