"""The Celery task and the nightly schedule."""

from __future__ import annotations

import pytest

from config.celery import app
from core.jobs import job_create
from core.models import Job
from providers.models import CQCSyncRun
from providers.tasks import cqc_sync_task

pytestmark = pytest.mark.django_db


def test_the_nightly_schedule_runs_an_incremental_import_at_half_past_two():
    entry = app.conf.beat_schedule["cqc-sync-nightly"]
    assert entry["task"] == "providers.tasks.cqc_sync_task"
    assert entry["kwargs"] == {"mode": "incremental"}
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {30}


def test_the_task_is_late_acknowledged_and_time_limited():
    assert cqc_sync_task.acks_late is True
    assert 0 < cqc_sync_task.soft_time_limit < cqc_sync_task.time_limit < 3600


def test_with_no_area_configured_the_scheduled_task_does_nothing(settings):
    settings.OVERSIGHT_CQC_LOCAL_AUTHORITY = ""
    assert cqc_sync_task.delay(mode="incremental").get() == {"status": "skipped"}
    assert not CQCSyncRun.objects.exists()


def test_the_scheduled_task_imports_the_councils_own_area(settings, cqc_api):
    settings.OVERSIGHT_CQC_LOCAL_AUTHORITY = "Oldham"
    result = cqc_sync_task.delay(mode="incremental").get()
    run = CQCSyncRun.objects.get()
    assert result == {"status": "succeeded", "run": run.pk}
    # No earlier run, so the first scheduled run fetched everything.
    assert (run.mode, run.services_created, run.started_by) == ("full", 106, None)


def test_the_task_reports_progress_and_the_result_on_the_job(admin, cqc_api):
    job = job_create(acting_user=admin, kind="cqc_sync", title="CQC import for Oldham")
    cqc_sync_task.delay(job_id=str(job.pk), local_authority="Oldham", mode="full").get()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.total == 451
    assert job.started_at is not None and job.finished_at is not None
