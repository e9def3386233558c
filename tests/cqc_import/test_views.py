"""The administrators' CQC import page and the background job it starts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import Job
from providers.models import CQCSyncRun, Service

pytestmark = pytest.mark.django_db

URL = reverse("providers:cqc-sync")


def test_the_page_offers_the_councils_area_and_a_full_first_import(signed_in, admin, settings):
    settings.OVERSIGHT_CQC_LOCAL_AUTHORITY = "Oldham"
    response = signed_in(admin).get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {"local_authority": "Oldham", "mode": "full"}
    assert b"Nothing has been imported from CQC yet." in response.content


def test_after_a_successful_import_the_page_offers_changes_only(signed_in, admin, settings):
    settings.OVERSIGHT_CQC_LOCAL_AUTHORITY = "Oldham"
    CQCSyncRun.objects.create(
        local_authority="Oldham", mode="full", status="succeeded", services_created=106
    )
    response = signed_in(admin).get(URL)
    assert response.context["form"].initial["mode"] == "incremental"
    assert b'data-testid="cqc-runs"' in response.content
    assert b"Finished" in response.content


def test_an_empty_form_shows_govuk_errors(signed_in, admin):
    response = signed_in(admin).post(URL, {"local_authority": " ", "mode": ""})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Enter the local authority area" in response.content
    assert b"Select what to import" in response.content
    assert not Job.objects.exists()


def test_starting_an_import_runs_a_job_to_completion(
    signed_in, admin, cqc_api, django_capture_on_commit_callbacks
):
    client = signed_in(admin)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(URL, {"local_authority": "Oldham", "mode": "full"})
    assert len(callbacks) == 1  # the task is queued only once the job row is committed
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("core:job", args=[job.pk])
    assert job.kind == "cqc_sync"
    assert job.requested_by == admin
    assert job.params == {"local_authority": "Oldham", "mode": "full"}
    assert job.status == Job.Status.SUCCEEDED
    assert job.message.startswith("106 services created, 0 updated, 0 closed, 72 new ratings")
    assert (job.done, job.total) == (451, 451)
    assert job.result_url == URL
    assert Service.objects.count() == 106
    run = CQCSyncRun.objects.get()
    assert run.started_by == admin

    page = client.get(response.url)
    assert page.status_code == 200
    assert b"Finished" in page.content
    assert job.message.encode() in page.content


def test_a_failed_import_shows_its_error_on_the_job_page(
    signed_in, admin, cqc_api, django_capture_on_commit_callbacks
):
    cqc_api.required_key = "not-the-key-we-hold"
    client = signed_in(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"local_authority": "Oldham", "mode": "full"})
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "CQC_API_KEY" in job.error
    page = client.get(response.url)
    assert b"This did not finish" in page.content
    assert CQCSyncRun.objects.get().status == CQCSyncRun.Status.FAILED


def test_the_page_reads_its_runs_in_a_fixed_number_of_queries(
    signed_in, admin, django_assert_max_num_queries
):
    for _ in range(25):
        CQCSyncRun.objects.create(
            local_authority="Oldham", mode="full", status="succeeded", started_by=admin
        )
    client = signed_in(admin)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert len(response.context["runs"]) == 20
