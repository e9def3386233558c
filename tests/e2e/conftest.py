"""Browser end-to-end tests: Debian's chromium, driven by Playwright, against ``live_server``.

Every test in tests/e2e/ is marked ``e2e`` (``pytest -m "not e2e"`` leaves them out) and runs
against a transactional database with serialized rollback: the live server's thread only sees
committed rows, and the rollback puts back what the migrations seeded (the role groups, for
example), which the flush after each transactional test would otherwise wipe. Do not add your
own ``django_db`` mark to these tests; this conftest adds the right one.

Writing a test
--------------
Ask for ``page`` (a new browser context per test; a path such as ``"/sign-in"`` goes to the
live server) and make people with the persona fixtures of tests/conftest.py (``officer``,
``chair``, ``director``, ``partner``, ``admin``, ...) or ``UserFactory``; they all have the
password ``tests.accounts.factories.PASSWORD``.

Load pages ONLY through the helpers in ``tests.e2e.browser``. Each waits for the page to load,
checks the HTTP status of the final document (200 unless you say otherwise; ``status=None``
accepts any), fails on the problems listed below, and runs axe (WCAG 2.0, 2.1 and 2.2, A and AA)
on the page, so every page a test visits is checked::

    visit(page, "/path", *, status=200) -> Response          open a URL
    follow(page, "Link text" | locator, *, status=200)       click a link that opens a page
    submit(page, "Button text" | locator, *, status=200)     press a button that submits a form
    navigate(page, callable, *, status=200)                  anything else that loads a page
    sign_in(page, email, password=PASSWORD, *, status=200)   sign in through the real form
    check_accessibility(page)        run axe again after JavaScript changed the page in place
    screenshot(page, "name")         saved as $OVERSIGHT_E2E_SCREENSHOTS/name.png when that is set

Button and link names are matched exactly (accessible name); pass a Locator when a name is
ambiguous. Assert with ``playwright.sync_api.expect``.

At the end of each test the ``page`` fixture also fails it when:

- a file under /static/ answered 4xx/5xx or did not load, or no stylesheet loaded with 200
  (an unstyled page can still pass axe);
- the browser reported a Content Security Policy violation or an uncaught JavaScript error;
- a page loaded that axe never checked (a navigation made without the helpers).

A 4xx/5xx for the page itself is not a problem in itself: say which status you expect, as the
lockout test does with ``status=429``.

The browser is shared by all e2e tests and stopped after the last one (package scope), because
a running Playwright leaves an asyncio event loop in the main thread; while it runs,
``DJANGO_ALLOW_ASYNC_UNSAFE`` is set so that Django's ORM can be used from the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.conftest import require_service
from tests.e2e.browser import screenshot, unwatch, watch

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: the marks must be there before `-m` selection and pytest-django's ordering.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if item.get_closest_marker("django_db") is None:
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


def _reset_to_seeded_data(django_db_blocker) -> None:
    """Empty the test database and load what the migrations seeded, with its original ids."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            connection = connections[alias]
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents is None:
                continue
            call_command(
                "flush", verbosity=0, interactive=False, database=alias, inhibit_post_migrate=True
            )
            connection.creation.deserialize_db_from_string(contents)
    ContentType.objects.clear_cache()


@pytest.fixture(scope="package", autouse=True)
def _seeded_data_around_e2e(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Start the e2e tests from, and leave them with, exactly what the migrations seeded.

    Serialized rollback restores the seeded rows (role groups, permissions, content types) at
    the start of each e2e test. Before the first one, an earlier transactional test without
    serialized rollback may have flushed them and let ``post_migrate`` re-create content types
    under new ids, which would clash with the serialized copy. After the last one, the flush
    leaves the database empty, and ``--reuse-db`` would carry that into the next run.
    """
    _reset_to_seeded_data(django_db_blocker)
    yield
    _reset_to_seeded_data(django_db_blocker)


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    require_service(
        CHROMIUM.exists(),
        f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium): "
        "the browser tests need it",
    )
    from django.db import connections

    seeded = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    previous = os.environ.get(ASYNC_UNSAFE)
    # Sync Playwright leaves an event loop running in this thread: Django would refuse ORM calls.
    os.environ[ASYNC_UNSAFE] = "true"
    driver = sync_playwright().start()
    # With that loop running, asgiref hands this thread new database connection objects, which
    # lack the serialized data: without it the flush after each test re-creates content types
    # with new ids and nothing restores the role groups.
    for alias, contents in seeded.items():
        connections[alias]._test_serialized_contents = contents
    try:
        yield driver
    finally:
        driver.stop()
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's chromium, headless (Playwright's own browser download does not work here)."""
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


@pytest.fixture
def page(request, browser: Browser, live_server) -> Iterator[Page]:
    """A page in a new browser context, watched for static, CSP and JavaScript failures."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    browser_page = context.new_page()
    page_watch = watch(browser_page)
    try:
        yield browser_page
    finally:
        failed = request.node.stash.get(CALL_FAILED, False)
        if failed:
            screenshot(browser_page, f"failed-{request.node.name}")
        unwatch(browser_page)
        context.close()

    problems = page_watch.problems()
    if not failed:
        problems += [f"axe never checked {url}" for url in page_watch.unchecked_loads()]
        if page_watch.loads and not page_watch.stylesheet_loaded:
            problems.append("no stylesheet loaded with HTTP 200: the pages were unstyled")
    if problems:
        pytest.fail("The browser saw problems:\n  " + "\n  ".join(problems), pytrace=False)
