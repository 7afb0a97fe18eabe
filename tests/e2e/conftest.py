"""Browser tests: Playwright drives Debian's chromium, headless, against a live test server.

They skip with a message where Playwright or a chromium binary is missing. ``.ci/run`` installs
Debian's ``chromium`` package; elsewhere ``apt-get install chromium`` or point ``E2E_CHROMIUM`` at
a Chromium/Chrome binary. Screenshots go under ``test-results/e2e/<test>/`` (or
``E2E_OUTPUT_DIR``), named in the order they were taken.
"""

import os
import re
import shutil
from pathlib import Path

from django.conf import settings

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

OUTPUT_DIR = Path(os.environ.get("E2E_OUTPUT_DIR", settings.BASE_DIR / "test-results" / "e2e"))
# Generous for a shared CI machine; a journey that waits this long has failed anyway.
TIMEOUT_MS = 15_000


def chromium_executable() -> str | None:
    return (
        os.environ.get("E2E_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text)


@pytest.fixture(scope="package")
def orm_allowed_beside_playwright():
    """Playwright's sync API keeps an event loop running in the test's thread; the tests' own ORM
    calls (and the database fixtures') are still plain synchronous code, which Django refuses while
    a loop runs unless told. Only while the browser runs: the variable must not leak into other
    tests (``check --deploy`` refuses it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


# Package scope: Playwright's event loop stops after the last browser test, so the tests that run
# later (pytest-django orders tests by their database use) see no running loop.
@pytest.fixture(scope="package")
def browser(orm_allowed_beside_playwright):
    executable = chromium_executable()
    if not executable:
        pytest.skip(
            "No chromium found: install Debian's chromium package (.ci/run does) or set "
            "E2E_CHROMIUM to run the browser tests"
        )
    with sync_api.sync_playwright() as playwright:
        # No sandbox: CI runs as root, where Chromium's sandbox cannot start.
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox"]
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """The test database, with its serialized contents where every connection object sees them.

    Django's connections are per thread *and* per asyncio context. While Playwright's event loop
    runs, the test's thread gets a new connection object, not the one the contents were
    serialized on at set-up, so serialized rollback would silently restore nothing and the
    second browser test would find no locales. The contents are the same for every connection
    of the alias, so they are kept on the backend's class.
    """
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents
    yield


@pytest.fixture(autouse=True)
def _no_autosave(settings):
    """Wagtail's editor autosaves while someone types. Under test the live server's threads
    share one in-memory SQLite connection, and an autosave beside another request's write (the
    preview panel's) collides on savepoints, breaking the connection for every later test."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def site_db(django_db_serialized_rollback, transactional_db):
    """The database the live server sees: committed data, restored to the migrated state after
    the test (locales, groups and the root page come from data migrations)."""


@pytest.fixture
def new_page(browser, live_server, site_db):
    """Open a fresh browser tab (own cookies) on the live server; call it again for a second
    user in the same test."""
    contexts, in_flight = [], set()

    def open_page(locale: str = "en-GB"):
        context = browser.new_context(base_url=live_server.url, locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("request", lambda request: in_flight.add(request))
        context.on("requestfinished", lambda request: in_flight.discard(request))
        context.on("requestfailed", lambda request: in_flight.discard(request))
        contexts.append(context)
        return context.new_page()

    yield open_page
    # Leave every page first (the player reports progress as a page is left) and let the live
    # server answer what is still on its way: the database is emptied after this fixture, and
    # a request writing at that moment locks SQLite's tables. After a failed test a tab may be
    # stuck; the contexts are closed whatever happens, or the emptying fails and every later
    # browser test errors on the rows left behind.
    try:
        for context in contexts:
            for open_tab in context.pages:
                # An editor with unsaved changes asks before leaving; leave anyway.
                open_tab.on("dialog", lambda dialog: dialog.accept())
                open_tab.goto("about:blank")
        waited_ms = 0
        while in_flight and waited_ms < TIMEOUT_MS and contexts[0].pages:
            contexts[0].pages[0].wait_for_timeout(50)  # lets Playwright deliver request events
            waited_ms += 50
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot(request):
    """``screenshot(page, "name")`` saves a full-page PNG of the page as it is now."""
    folder = OUTPUT_DIR / safe_name(request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    taken = []

    def take(page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{len(taken) + 1:02d}-{safe_name(name)}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)
        return path

    return take
