"""Intelligence: anything learned about a service between visits."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from providers.evidence import evidence_changed
from providers.models import Service
from quality.models import (
    CLINICAL_AREAS,
    Intelligence,
    IntelligenceSource,
    Section42,
    Severity,
)


def intelligence_add(
    *,
    acting_user: User,
    service: Service,
    source: str,
    received_on: datetime.date,
    severity: str,
    section_42: str,
    summary: str,
    details: str = "",
    clinical_area: str = "",
    today: datetime.date | None = None,
) -> Intelligence:
    """Log an item of intelligence about ``service`` and mark its risk score for
    recalculation."""
    today = today or timezone.localdate()
    errors = {}
    if source not in IntelligenceSource.values:
        errors["source"] = "Select where the intelligence came from"
    if received_on is None:
        errors["received_on"] = "Enter the date received"
    elif received_on > today:
        errors["received_on"] = "The date received must be today or in the past"
    if severity not in Severity.values:
        errors["severity"] = "Select the severity"
    if section_42 not in Section42.values:
        errors["section_42"] = "Select whether a section 42 safeguarding enquiry followed"
    if clinical_area and clinical_area not in {a.value for a in CLINICAL_AREAS}:
        errors["clinical_area"] = "Select a clinical area from the list"
    summary = (summary or "").strip()
    if not summary:
        errors["summary"] = "Enter a summary"
    elif len(summary) > 200:
        errors["summary"] = "Summary must be 200 characters or fewer"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = Intelligence.objects.create(
            service=service,
            source=source,
            received_on=received_on,
            severity=severity,
            section_42=section_42,
            clinical_area=clinical_area or "",
            summary=summary,
            details=(details or "").strip(),
            logged_by=acting_user,
        )
        evidence_changed(service_id=service.pk, reason="intelligence added")
    return item
