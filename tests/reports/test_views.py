"""The reports pages: asking for a build, the history of builds, downloads, and errors."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import load_workbook

from reports import rules
from reports.figures import mmg_figures, sab_figures
from reports.models import Report, ReportKind, ReportStatus

SAB, MMG = ReportKind.SAB_QUARTERLY, ReportKind.MMG_MONTHLY


def _ready(kind, period, *, version=1, by=None):
    figures = (sab_figures if kind == SAB else mmg_figures)(period)
    report = Report.objects.create(
        kind=kind,
        period_start=period.start,
        period_end=period.end,
        version=version,
        requested_by=by,
        figures=figures,
        pages=3,
    )
    report.pdf.save(f"{report.file_stem}.pdf", ContentFile(b"%PDF-1.7 stand-in"), save=False)
    report.status, report.built_at = ReportStatus.READY, timezone.now()
    report.save()
    return report


@pytest.fixture
def quarter():
    return rules.latest_finished(SAB, timezone.localdate())


def test_the_index_lists_the_reports_each_person_may_use(signed_in, director, chair):
    page = signed_in(director).get("/reports/").content.decode()
    assert "Safeguarding Adults Board quarterly report" in page
    assert "Market Management Group monthly report" in page
    page = signed_in(chair).get("/reports/").content.decode()
    assert "Safeguarding Adults Board" not in page and "Market Management Group" in page


def test_the_index_links_the_latest_build_of_each_report(signed_in, director, quarter):
    page = signed_in(director).get("/reports/").content.decode()
    assert page.count("None has been built yet.") == 2
    report = _ready(SAB, quarter)
    page = signed_in(director).get("/reports/").content.decode()
    assert f'href="/reports/{report.pk}/report.pdf"' in page
    assert "Latest: " in page and quarter.label in page


def test_reports_are_in_the_navigation_for_those_who_use_them(signed_in, director, officer):
    assert 'href="/reports/"' in signed_in(director).get("/").content.decode()
    assert 'href="/reports/"' not in signed_in(officer).get("/").content.decode()


def test_the_board_page_offers_the_finished_quarters_and_lists_every_build(
    signed_in, director, quarter
):
    _ready(SAB, quarter, version=1, by=director)
    _ready(SAB, quarter, version=2)
    page = signed_in(director).get("/reports/safeguarding-adults-board/").content.decode()
    assert "Which quarter?" in page
    assert quarter.label in page
    current = rules.quarter_of(timezone.localdate())
    assert f'value="{current.key}"' not in page  # a quarter not yet ended is not offered
    assert page.count("Figures (Excel)") == 2
    assert "Scheduled" in page and director.full_name in page


def test_choosing_no_quarter_says_select_a_quarter(signed_in, director):
    response = signed_in(director).post("/reports/safeguarding-adults-board/", {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Select a quarter" in page
    assert page.count("Select a quarter") == 2  # in the summary and at the field
    assert "<title>Error: " in page
    assert not Report.objects.exists()


def test_a_quarter_not_offered_is_refused(signed_in, director):
    current = rules.quarter_of(timezone.localdate())
    response = signed_in(director).post(
        "/reports/safeguarding-adults-board/", {"period": current.key}
    )
    assert "Select a quarter" in response.content.decode()
    assert not Report.objects.exists()


def test_building_goes_to_the_progress_page_then_offers_the_pdf(
    signed_in, director, quarter, django_capture_on_commit_callbacks
):
    client = signed_in(director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/safeguarding-adults-board/", {"period": quarter.key})
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{report.job_id}"
    page = client.get(response["Location"]).content.decode()
    assert "Finished" in page and "job-download" in page
    download = client.get(f"/jobs/{report.job_id}/download")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_market_page_asks_for_a_month(signed_in, chair):
    client = signed_in(chair)
    response = client.post("/reports/market-management-group/", {"period": "not-a-month"})
    assert "Select a month" in response.content.decode()
    month = rules.latest_finished(MMG, timezone.localdate())
    response = client.post("/reports/market-management-group/", {"period": month.key})
    assert response.status_code == 302
    assert Report.objects.get().kind == MMG


def test_the_pdf_download_is_private_and_named_for_the_period(signed_in, director, quarter):
    report = _ready(SAB, quarter)
    response = signed_in(director).get(f"/reports/{report.pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert f'filename="{report.file_stem}.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_spreadsheet_holds_every_table_with_the_figures_as_built(
    signed_in, director, quarter, officer
):
    from tests.providers.factories import ServiceFactory

    ServiceFactory(name="Counted Home")
    report = _ready(SAB, quarter)
    ServiceFactory(name="Added Later")  # not in the stored figures
    response = signed_in(director).get(f"/reports/{report.pk}/figures.xlsx")
    assert response["Cache-Control"] == "private, no-store"
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames[0] == "Contents"
    assert {"Services by level", "Placement stops", "Visits", "CQC residential"} <= set(
        workbook.sheetnames
    )
    rows = list(workbook["Services by level"].iter_rows(values_only=True))
    assert rows[1][0] == "Level" and rows[-1][0] == "All services"
    assert rows[-1][-1] == 1  # one service at the end of the quarter, as built


def test_a_chair_cannot_open_a_board_report(signed_in, chair, quarter):
    report = _ready(SAB, quarter)
    assert signed_in(chair).get(f"/reports/{report.pk}/report.pdf").status_code == 403


def test_the_board_page_runs_a_fixed_number_of_queries(
    signed_in, director, quarter, django_assert_max_num_queries
):
    client = signed_in(director)
    _ready(SAB, quarter)
    client.get("/reports/safeguarding-adults-board/")
    for version in range(2, 12):
        _ready(SAB, quarter, version=version, by=director)
    with django_assert_max_num_queries(12):
        response = client.get("/reports/safeguarding-adults-board/")
    assert response.content.decode().count("Figures (Excel)") == 11
