"""The e2e harness itself catches what it promises to catch (see tests/e2e/conftest.py)."""

from __future__ import annotations

import pytest

from tests.e2e.browser import check_accessibility, unwatch, visit, watch

ADD_MISSING_STYLESHEET = """() => {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "/static/css/no-such-file.css";
  document.head.appendChild(link);
}"""
ADD_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.ranInline = true";
  document.body.appendChild(script);
}"""
ADD_IMAGE_WITHOUT_ALT = """() => {
  const image = document.createElement("img");
  image.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
  document.querySelector("main").appendChild(image);
}"""


@pytest.fixture
def bare_page(browser, live_server):
    """A watched page without the ``page`` fixture's end-of-test checks."""
    context = browser.new_context(base_url=live_server.url)
    browser_page = context.new_page()
    page_watch = watch(browser_page)
    yield browser_page, page_watch
    unwatch(browser_page)
    context.close()


def test_a_static_file_that_does_not_load_is_reported(bare_page):
    page, page_watch = bare_page
    visit(page, "/sign-in")
    assert page_watch.stylesheet_loaded

    with page.expect_response("**/no-such-file.css"):
        page.evaluate(ADD_MISSING_STYLESHEET)

    assert any("no-such-file.css" in problem for problem in page_watch.problems())


def test_a_content_security_policy_violation_is_reported(bare_page):
    page, page_watch = bare_page
    visit(page, "/sign-in")

    with page.expect_console_message(lambda message: message.type == "error"):
        page.evaluate(ADD_INLINE_SCRIPT)

    assert page.evaluate("window.ranInline") is None
    assert any("Content Security Policy" in problem for problem in page_watch.problems())


def test_an_accessibility_violation_fails_with_the_rule_and_element(bare_page):
    page, _ = bare_page
    visit(page, "/sign-in")
    page.evaluate(ADD_IMAGE_WITHOUT_ALT)

    with pytest.raises(pytest.fail.Exception, match=r"(?s)image-alt \(critical\).*at img"):
        check_accessibility(page)


def test_a_page_loaded_without_the_helpers_is_reported_as_unchecked(bare_page):
    page, page_watch = bare_page
    visit(page, "/sign-in")
    page.goto("/accessibility")

    assert page_watch.unchecked_loads() == [page.url]


def test_an_unexpected_status_fails(bare_page):
    page, _ = bare_page
    with pytest.raises(pytest.fail.Exception, match="Expected HTTP 200 but got 404"):
        visit(page, "/no-such-page")
