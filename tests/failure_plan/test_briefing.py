"""The cabinet member briefing: a PDF made in the background through core.jobs, holding
counts and never the names of people affected."""

from __future__ import annotations

import datetime
import io
import os
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.models import Job
from failure_plan import services
from failure_plan.models import Funding
from providers.models import LocalAuthority
from tests.failure_plan.factories import AffectedPersonFactory, open_incident

pytestmark = pytest.mark.django_db

NAMES = ["Winifred Thornton", "Reginald Fenwick", "Mavis Rowe"]


@pytest.fixture
def incident(officer):
    incident = open_incident(
        lead=officer,
        cause="business_failure",
        provider_registered=True,
        business_failure=True,
        activity_regulated=True,
        notice_at=timezone.now() - datetime.timedelta(hours=30),
    )
    council = LocalAuthority.objects.first()
    fundings = [Funding.COUNCIL, Funding.SELF_FUNDER, Funding.OTHER_COUNCIL]
    for name, funding in zip(NAMES, fundings, strict=True):
        AffectedPersonFactory(
            incident=incident,
            full_name=name,
            funding=funding,
            placing_council=council if funding == Funding.OTHER_COUNCIL else None,
        )
    services.communication_record(
        acting_user=officer,
        incident=incident,
        kind="press",
        happened_on=timezone.localdate(),
        summary="Holding statement issued to local media",
        by_whom="Communications team",
    )
    return incident


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_briefing_is_made_in_the_background_and_holds_counts_not_names(
    signed_in, officer, incident, django_capture_on_commit_callbacks
):
    client = signed_in(officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("failure_plan:briefing", args=[incident.pk]))

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED
    assert job.requested_by == officer
    assert job.params == {"incident": incident.pk}
    content = job.result_file.read()
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    assert "OFFICIAL-SENSITIVE" in text
    assert "Page 1 of" in text
    assert "Cabinet member briefing" in text
    assert incident.title in text
    assert "section 48 of the Care Act 2014 applies because" in text
    assert "Receiving care at the failed services 3" in text
    assert "Self-funder 1" in text
    assert "Holding statement issued to local media" in text
    for name in NAMES:
        assert name not in text
        assert name.split()[1] not in text

    # The person who asked can download it from the job page.
    download = client.get(reverse("core:job-download", args=[job.pk]))
    assert download.status_code == 200

    # Look at it: OVERSIGHT_PDF_PNG=dir renders the first pages to PNG with pdftoppm.
    if target := os.environ.get("OVERSIGHT_PDF_PNG"):
        Path(target).mkdir(parents=True, exist_ok=True)
        pdf = Path(target) / "briefing.pdf"
        pdf.write_bytes(content)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(pdf.with_suffix(""))])


def test_someone_off_the_team_cannot_make_the_briefing(signed_in, other_officer, incident):
    response = signed_in(other_officer).post(reverse("failure_plan:briefing", args=[incident.pk]))

    assert response.status_code == 403
    assert not Job.objects.exists()
