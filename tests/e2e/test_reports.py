"""The quarterly Safeguarding Adults Board report in a real browser: a director asks for it,
is told to choose a quarter, chooses one, watches the progress page while a real Celery
worker (against real Redis) builds it, and downloads the PDF; the build is then in the
report's history. Every page loaded is checked by axe (see tests/e2e/conftest.py)."""

from __future__ import annotations

import io
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from reports import rules
from reports.models import Report, ReportStatus
from tests.e2e.browser import follow, navigate, screenshot, sign_in, submit


@pytest.fixture
def queued_tasks(redis_url):
    """Tasks go to real Redis and wait there until ``worker()`` starts a real worker."""
    from config.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    app.control.purge()  # nothing left over from an earlier run

    @contextmanager
    def worker():
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield

    try:
        yield worker
    finally:
        app.conf.update(saved)


def test_a_director_builds_the_quarterly_report_watches_it_and_downloads_it(
    page: Page, director, queued_tasks
):
    from tests.panels.factories import service_at

    quarter = rules.latest_finished(rules.SAB_QUARTERLY, timezone.localdate())
    service_at(3, by=director, name="Ashgrove Nursing Home", days=200)

    sign_in(page, director.email)
    follow(page, "Reports")
    follow(page, "Safeguarding Adults Board quarterly report")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Safeguarding Adults Board quarterly report"
    )

    # Forgetting to choose a quarter is an error, and nothing is built.
    submit(page, "Build the report")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a quarter")
    assert not Report.objects.exists()

    page.get_by_label(quarter.label, exact=True).check()
    submit(page, "Build the report")

    # The job waits for a worker: the progress page shows where it is.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Safeguarding Adults Board report")
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.locator("#job-status")).to_contain_text("Waiting to start")
    screenshot(page, "reports-progress")

    with queued_tasks():
        # The page follows the job and reloads itself when it has finished.
        navigate(page, lambda: None)
        expect(page.locator(".govuk-panel__title")).to_have_text("Finished")
    screenshot(page, "reports-ready")

    with page.expect_download() as download:
        page.locator("[data-testid=job-download]").click()
    pdf = Path(download.value.path()).read_bytes()
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert "Safeguarding Adults Board quarterly report" in pages[0]
    assert quarter.label in pages[0]
    assert all("OFFICIAL-SENSITIVE" in p and f"of {len(pages)}" in p for p in pages)
    assert "Ashgrove Nursing Home" in " ".join(" ".join(p.split()) for p in pages)

    # The build is kept in the report's history, ready to download again.
    follow(page, "Continue")
    report = Report.objects.get()
    assert report.status == ReportStatus.READY
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(quarter.label)
    expect(rows.first).to_contain_text("Ready")
    with page.expect_download() as again:
        link = rows.first.get_by_role("link", name=re.compile(r"^PDF"))
        expect(link).to_contain_text(f"{quarter.label}, version 1")  # read out, not shown
        link.click()
    assert Path(again.value.path()).read_bytes() == pdf
    screenshot(page, "reports-history")
