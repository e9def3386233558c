"""The issue's scenario, end to end through the pages people use: a care home gains three
safeguarding concerns and an Inadequate CQC rating; its score rises and suggests level 3; the
officer proposes it but cannot confirm it; the PEP chair can; the placement rating turns Red;
the notice of concern the chair issues is a PDF naming the service; the people concerned are
told along the way."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from escalation.models import (
    Authority,
    EscalationTaskKind,
    Letter,
    LetterStatus,
    LevelChange,
    ServiceState,
)
from escalation.services import risk_recalculate_service
from notifications.models import Notification
from providers.levels import Level, PlacementRating
from providers.models import Rating
from quality.models import IntelligenceSource, Severity
from tests.providers.factories import CQCRatingFactory, ServiceFactory
from tests.quality.factories import IntelligenceFactory

pytestmark = pytest.mark.django_db


def test_three_concerns_and_an_inadequate_rating_end_at_level_three_and_red(
    client, officer, chair, director, partner, django_capture_on_commit_callbacks
):
    home = ServiceFactory(name="Larkspur House Care Home", contract_officer=officer)
    CQCRatingFactory(service=home, overall=Rating.GOOD)
    before = risk_recalculate_service(service_id=home.pk, force=True)
    assert before.suggested_level == Level.ROUTINE

    for _ in range(3):
        IntelligenceFactory(
            service=home, source=IntelligenceSource.SAFEGUARDING, severity=Severity.HIGH
        )
    home.ratings.update(is_current=False)
    CQCRatingFactory(service=home, overall=Rating.INADEQUATE, safe=Rating.INADEQUATE)
    after = risk_recalculate_service(service_id=home.pk, force=True)
    assert after.score > before.score
    assert after.suggested_level == Level.THREE

    # The officer sees the suggestion and proposes level 3.
    client.force_login(officer)
    page = client.get(reverse("escalation:level-propose", args=[home.pk])).content.decode()
    assert "Level 3 (suggested by the risk score)" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("escalation:level-propose", args=[home.pk]),
            {"to_level": "3", "rationale": "Three safeguarding concerns and rated Inadequate"},
        )
    # The chair who decides hears of the proposal; the officer who made it does not.
    assert list(Notification.objects.values_list("recipient__email", "subject")) == [
        (chair.email, "Larkspur House Care Home: change of level proposed")
    ]
    change = LevelChange.objects.get(service=home)
    assert change.score_at_proposal == after.score

    # The officer's attempt to confirm it is refused.
    decide = reverse("escalation:level-decide", args=[change.pk])
    refused = client.post(decide, {"decision": "confirm", "urgent": "on", "note": "Now"})
    assert refused.status_code == 403
    assert ServiceState.objects.get(service=home).level == Level.ROUTINE

    # The PEP chair's succeeds.
    client.force_login(chair)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            decide,
            {"decision": "confirm", "urgent": "on", "note": "Safeguarding risk cannot wait"},
        )
    assert done.status_code == 302
    state = ServiceState.objects.get(service=home)
    assert state.level == Level.THREE
    assert state.placement_rating == PlacementRating.RED
    change.refresh_from_db()
    assert (change.decided_by, change.authority) == (chair, Authority.URGENT)
    assert list(change.tasks.values_list("kind", flat=True)) == [EscalationTaskKind.BRIEF_DIRECTOR]
    # Partners, who place people too, see Red on the service page.
    client.force_login(partner)
    service_page = client.get(reverse("providers:service-detail", args=[home.pk]))
    assert 'govuk-tag--red">Red<' in service_page.content.decode()
    # The officer and the director hear of level 3, the director with the briefing to do.
    told = Notification.objects.filter(subject="Larkspur House Care Home: now level 3")
    assert sorted(told.values_list("recipient__email", flat=True)) == sorted(
        [officer.email, director.email]
    )
    assert "Brief the Director and the cabinet member" in told.get(recipient=director).body

    # The chair issues a notice of concern: a PDF that names the service, kept against it.
    client.force_login(chair)
    client.post(reverse("escalation:letter-draft", args=[home.pk]), {"kind": "notice_of_concern"})
    letter = Letter.objects.get(service=home)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("escalation:letter-issue", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ISSUED
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Notice of concern" in text
    assert "Larkspur House Care Home" in text
    assert "OFFICIAL-SENSITIVE" in text
    assert Notification.objects.filter(
        recipient=director, subject="Larkspur House Care Home: notice of concern issued"
    ).exists()
