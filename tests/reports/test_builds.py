"""Asking for a report, building it in the background, the history of builds, the scheduled
build after each period ends, and a real Celery worker doing the work."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from core.models import Job
from reports import rules
from reports.models import Report, ReportKind, ReportStatus
from reports.services import report_build, report_request, reports_build_due

SAB, MMG = ReportKind.SAB_QUARTERLY, ReportKind.MMG_MONTHLY


@pytest.fixture
def quarter():
    return rules.latest_finished(SAB, timezone.localdate())


def _request(user, period, kind=SAB, **extra):
    return report_request(kind=kind, period=period, acting_user=user, **extra)


def test_a_director_asks_and_the_report_is_built_with_its_job(
    director, quarter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _request(director, quarter)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert (report.kind, report.period_start, report.period_end) == (
        SAB,
        quarter.start,
        quarter.end,
    )
    assert report.version == 1 and report.requested_by == director
    pdf = report.pdf.read()
    assert pdf.startswith(b"%PDF")
    assert report.pages == len(PdfReader(io.BytesIO(pdf)).pages) >= 5
    assert report.figures["period"]["label"] == quarter.label
    assert report.figures["levels"]["totals"]["end"] == 0
    job = Job.objects.get(pk=report.job_id)
    assert job.status == Job.Status.SUCCEEDED and job.requested_by == director
    assert job.result_file.name == report.pdf.name  # the job page offers the same file
    assert job.result_url == "/reports/safeguarding-adults-board/"
    assert f"{report.pages} pages" in job.message


def test_every_build_is_kept_and_numbered(director, quarter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _request(director, quarter)
    with django_capture_on_commit_callbacks(execute=True):
        second = _request(director, quarter)
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.pdf.name != second.pdf.name
    assert first.pdf.read().startswith(b"%PDF") and first.status == ReportStatus.READY


def test_pressing_the_button_twice_while_it_builds_starts_one_build(director, quarter):
    first = _request(director, quarter)  # not committed: the task has not run
    again = _request(director, quarter)
    assert again.pk == first.pk
    assert Report.objects.count() == 1 and Job.objects.count() == 1


def test_building_again_is_safe(director, quarter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = _request(director, quarter)
    report.refresh_from_db()
    name = report.pdf.name
    assert report_build(report_id=report.pk).pdf.name == name  # a ready report is left alone
    assert report_build(report_id=999_999) is None


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (None, "Select a quarter"),
        ("current", "Select a quarter that has ended: the report covers a whole quarter"),
        ("month", "Select a quarter"),
    ],
)
def test_a_quarter_must_be_chosen_and_finished(director, period, message):
    today = timezone.localdate()
    chosen = {
        None: None,
        "current": rules.quarter_of(today),
        "month": rules.month_of(today - datetime.timedelta(days=100)),
    }[period]
    with pytest.raises(ValidationError) as error:
        _request(director, chosen)
    assert error.value.message_dict == {"period": [message]}
    assert not Report.objects.exists() and not Job.objects.exists()


def test_only_directors_build_the_board_report_and_chairs_the_market_report(
    chair, officer, partner, admin, quarter
):
    month = rules.latest_finished(MMG, timezone.localdate())
    for person in (chair, officer, partner, admin):
        with pytest.raises(PermissionDenied):
            _request(person, quarter)
    for person in (officer, partner, admin):
        with pytest.raises(PermissionDenied):
            _request(person, month, kind=MMG)
    assert _request(chair, month, kind=MMG).kind == MMG


def test_a_failed_build_says_so_on_the_report_and_the_job(
    director, quarter, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("the PDF engine stopped")

    monkeypatch.setattr("reports.services.render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = _request(director, quarter)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "the PDF engine stopped" in report.error and not report.pdf
    job = Job.objects.get(pk=report.job_id)
    assert job.status == Job.Status.FAILED
    assert job.error == "The report could not be built: the PDF engine stopped"


# --- the scheduled build ----------------------------------------------------------------------
def test_the_scheduled_build_makes_each_finished_periods_report_once(
    db, django_capture_on_commit_callbacks
):
    today = datetime.date(2026, 10, 1)
    with django_capture_on_commit_callbacks(execute=True):
        started = reports_build_due(today=today)
    assert sorted((r.kind, r.period_start) for r in started) == [
        (MMG, datetime.date(2026, 9, 1)),
        (SAB, datetime.date(2026, 7, 1)),
    ]
    assert all(r.requested_by is None and r.job is None for r in started)
    assert Report.objects.filter(status=ReportStatus.READY).count() == 2
    assert reports_build_due(today=today) == []  # already built
    assert reports_build_due(today=datetime.date(2026, 10, 20)) == []  # still the same periods
    later = reports_build_due(today=datetime.date(2026, 11, 2))
    assert [(r.kind, r.period_start) for r in later] == [(MMG, datetime.date(2026, 10, 1))]


def test_a_build_lost_with_its_worker_is_built_again(db):
    today = datetime.date(2026, 10, 2)
    (sab, _mmg) = sorted(reports_build_due(today=today), key=lambda r: r.kind != SAB)
    Report.objects.filter(pk=sab.pk).update(
        created_at=timezone.now() - rules.BUILD_ABANDONED_AFTER - datetime.timedelta(minutes=1)
    )
    again = reports_build_due(today=today)
    sab.refresh_from_db()
    assert sab.status == ReportStatus.FAILED and "did not finish" in sab.error
    assert [(r.kind, r.version) for r in again] == [(SAB, 2)]


def test_the_scheduled_build_is_on_the_beat_schedule():
    from celery.schedules import crontab

    from config.celery import app

    entry = app.conf.beat_schedule["reports-build-due"]
    assert entry["task"] == "reports.tasks.reports_build_due_task"
    assert entry["schedule"] == crontab(hour=4, minute=0)


# --- a real worker ------------------------------------------------------------------------------
@pytest.fixture
def real_worker(redis_url):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield app
    finally:
        app.conf.update(saved)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_report_from_redis(real_worker, director):
    from tests.reports.conftest import load_reference_data

    load_reference_data()
    quarter = rules.latest_finished(SAB, timezone.localdate())
    report = _request(director, quarter)
    deadline = timezone.now() + datetime.timedelta(seconds=90)
    while timezone.now() < deadline:
        report.refresh_from_db()
        if report.status != ReportStatus.BUILDING:
            break
        import time

        time.sleep(0.5)
    assert report.status == ReportStatus.READY, report.error
    assert Job.objects.get(pk=report.job_id).status == Job.Status.SUCCEEDED


def test_an_operator_builds_a_report_by_hand(db, quarter):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("build_report", "board", f"--period={quarter.key}", stdout=out)
    report = Report.objects.get()
    assert report.status == ReportStatus.READY and report.requested_by is None
    assert report.period_start == quarter.start and f"{report.pages} pages" in out.getvalue()
    call_command("build_report", "market", stdout=out)
    assert Report.objects.filter(kind=MMG, status=ReportStatus.READY).count() == 1
    with pytest.raises(CommandError, match="first day of a quarter"):
        call_command("build_report", "board", "--period=2026-05-01")
    with pytest.raises(CommandError, match="has not ended yet"):
        call_command(
            "build_report", "board", f"--period={rules.quarter_of(timezone.localdate()).key}"
        )
