"""Navigation helpers for browser tests: every page they load is checked by axe.

Use these instead of ``page.goto`` / ``locator.click`` whenever a full page loads, so that
each page a test visits (including the page after a form submission or a redirect) is
checked against WCAG 2.2 AA. ``tests/e2e/conftest.py`` describes the whole harness.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Locator, Page, Request, Response

from tests.accounts.factories import PASSWORD

BASE_DIR = Path(__file__).resolve().parents[2]
AXE_SOURCE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Runs inside the page: axe.run limited to the WCAG tags, reduced to what a failure message needs.
_RUN_AXE = """
async (tags) => {
  const results = await window.axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  const target = (node) =>
    node.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : t)).join(", ");
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: target(n), html: n.html, summary: n.failureSummary })),
  }));
}
"""


@cache
def axe_source() -> str:
    if not AXE_SOURCE.exists():
        pytest.fail(
            f"{AXE_SOURCE.relative_to(BASE_DIR)} is missing: run `npm ci` to install axe-core",
            pytrace=False,
        )
    return AXE_SOURCE.read_text(encoding="utf-8")


@dataclass
class PageWatch:
    """What the page fixture saw happen in one browser page during a test."""

    static_failures: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    loads: list[str] = field(default_factory=list)  # URL of each full document load
    checked: set[int] = field(default_factory=set)  # indexes into loads that axe checked
    stylesheet_loaded: bool = False

    def attach(self, page: Page) -> None:
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("load", lambda loaded: self.loads.append(loaded.url))

    def _on_response(self, response: Response) -> None:
        if not _is_static(response.url):
            return
        if response.status >= 400:
            self.static_failures.append(f"{response.status} {response.url}")
        elif response.status == 200 and response.request.resource_type == "stylesheet":
            self.stylesheet_loaded = True

    def _on_request_failed(self, request: Request) -> None:
        # ERR_ABORTED: the page moved on before the file finished (a favicon, say); a real
        # failure still shows up as an error status or a CSP violation.
        if _is_static(request.url) and "ERR_ABORTED" not in (request.failure or ""):
            self.static_failures.append(f"failed ({request.failure}) {request.url}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def problems(self) -> list[str]:
        """Everything that should fail the test, as readable lines."""
        lines = [f"static file did not load: {item}" for item in self.static_failures]
        lines += [f"Content Security Policy violation: {item}" for item in self.csp_violations]
        lines += [f"JavaScript error: {item}" for item in self.page_errors]
        return lines

    def unchecked_loads(self) -> list[str]:
        return [url for index, url in enumerate(self.loads) if index not in self.checked]


_WATCHES: dict[int, PageWatch] = {}


def watch(page: Page) -> PageWatch:
    """Start recording static-file failures, CSP violations and page loads for ``page``."""
    page_watch = PageWatch()
    page_watch.attach(page)
    _WATCHES[id(page)] = page_watch
    return page_watch


def unwatch(page: Page) -> PageWatch | None:
    return _WATCHES.pop(id(page), None)


def _is_static(url: str) -> bool:
    return urlsplit(url).path.startswith("/static/")


def assert_page_is_clean(page: Page) -> None:
    """Fail now if a static file failed, the CSP blocked something or a script threw."""
    __tracebackhide__ = True
    page_watch = _WATCHES.get(id(page))
    if page_watch and (problems := page_watch.problems()):
        pytest.fail(f"Problems on {page.url}:\n  " + "\n  ".join(problems))


def check_accessibility(page: Page) -> None:
    """Run axe (WCAG 2.0/2.1/2.2 A and AA) on the page as it is now; fail listing violations.

    The navigation helpers call this after each load. Call it yourself after JavaScript changes
    the page in place (an opened accordion, an htmx swap, ...).
    """
    __tracebackhide__ = True
    # add_script_tag would be blocked by the strict nonce CSP; evaluate() is not subject to it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    violations = page.evaluate(_RUN_AXE, AXE_TAGS)
    page_watch = _WATCHES.get(id(page))
    if page_watch and page_watch.loads:
        page_watch.checked.add(len(page_watch.loads) - 1)
    if violations:
        pytest.fail(format_violations(page.url, violations))


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node["summary"] or "").replace("\n", "\n         ")
            if summary:
                lines.append(f"         {summary}")
    return "\n".join(lines)


def navigate(page: Page, action: Callable[[], object], *, status: int | None = 200) -> Response:
    """Do ``action`` (which must load a new page), wait for the load, then check the page.

    ``status`` is the expected HTTP status of the final document after redirects; pass
    ``None`` to accept any. Returns the document's response.
    """
    __tracebackhide__ = True
    with page.expect_navigation(wait_until="load") as navigation:
        action()
    return _loaded(page, navigation.value, status)


def visit(page: Page, url: str, *, status: int | None = 200) -> Response:
    """Open ``url`` (a path such as ``"/sign-in"`` is relative to the live server)."""
    __tracebackhide__ = True
    return _loaded(page, page.goto(url, wait_until="load"), status)


def _loaded(page: Page, response: Response | None, status: int | None) -> Response:
    __tracebackhide__ = True
    if response is None:
        pytest.fail(f"No new page loaded (still on {page.url})")
    if status is not None and response.status != status:
        pytest.fail(
            f"Expected HTTP {status} but got {response.status} for {response.url} "
            f"(page title: {page.title()!r})"
        )
    assert_page_is_clean(page)
    check_accessibility(page)
    return response


def _target(page: Page, role: str, name: str | Locator) -> Locator:
    if isinstance(name, str):
        return page.get_by_role(role, name=name, exact=True)
    return name


def submit(page: Page, button: str | Locator = "Continue", *, status: int | None = 200) -> Response:
    """Press a form's button (by its accessible name, or a Locator) and check the next page."""
    __tracebackhide__ = True
    target = _target(page, "button", button)
    return navigate(page, target.click, status=status)


def follow(page: Page, link: str | Locator, *, status: int | None = 200) -> Response:
    """Click a link (by its accessible name, or a Locator) and check the page it opens."""
    __tracebackhide__ = True
    target = _target(page, "link", link)
    return navigate(page, target.click, status=status)


def sign_in(
    page: Page, email: str, password: str = PASSWORD, *, status: int | None = 200
) -> Response:
    """Sign in through the real sign-in form; the page then shows wherever the app redirected."""
    __tracebackhide__ = True
    visit(page, "/sign-in")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    return submit(page, "Sign in", status=status)


def screenshot(page: Page, name: str) -> Path | None:
    """Save a full-page screenshot as ``$OVERSIGHT_E2E_SCREENSHOTS/<name>.png`` when that is set."""
    directory = os.environ.get("OVERSIGHT_E2E_SCREENSHOTS")
    if not directory:
        return None
    path = Path(directory) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path
