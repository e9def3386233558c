"""Sanctions: placement stops and restrictions of hours."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from escalation import rules
from escalation.models import Sanction, SanctionImposition, SanctionKind, SanctionScope
from escalation.services import notices
from escalation.services.scores import risk_mark_for_recalculation
from providers.models import Service


@transaction.atomic
def sanction_record(
    *,
    service: Service,
    kind: str,
    imposition: str,
    scope: str,
    scope_detail: str = "",
    reason: str,
    start_date: datetime.date | None,
    review_date: datetime.date | None,
    end_date: datetime.date | None = None,
    authorised_by,
    acting_user,
) -> Sanction:
    """Record a placement stop or restriction of hours, who authorised it and its dates.

    The authoriser must be someone who may manage sanctions (a chair or a director)."""
    if not acting_user.has_perm("escalation.manage_sanctions", service):
        raise PermissionDenied("You cannot record sanctions.")
    errors = {}
    if kind not in SanctionKind.values:
        errors["kind"] = "Select the kind of sanction"
    elif not rules.sanction_kind_allowed(kind=kind, service_type=service.service_type):
        errors["kind"] = "A restriction of hours is only for home support services"
    if imposition not in SanctionImposition.values:
        errors["imposition"] = "Select whether the sanction is voluntary or imposed"
    if scope not in SanctionScope.values:
        errors["scope"] = "Select whether it covers the whole service or part of it"
    elif scope == SanctionScope.PARTIAL and not scope_detail.strip():
        errors["scope_detail"] = "Enter what the partial sanction covers"
    if not reason.strip():
        errors["reason"] = "Enter the reason for the sanction"
    if start_date is None:
        errors["start_date"] = "Enter the start date"
    if review_date is None:
        errors["review_date"] = "Enter the review date"
    elif start_date and review_date < start_date:
        errors["review_date"] = "The review date must be on or after the start date"
    if end_date and start_date and end_date < start_date:
        errors["end_date"] = "The end date must be on or after the start date"
    if authorised_by is None:
        errors["authorised_by"] = "Select who authorised the sanction"
    elif not authorised_by.has_perm("escalation.manage_sanctions", service):
        errors["authorised_by"] = "Select a panel chair or director to authorise the sanction"
    if errors:
        raise ValidationError(errors)
    assert start_date is not None and review_date is not None  # both required above
    sanction = Sanction.objects.create(
        service=service,
        kind=kind,
        imposition=imposition,
        scope=scope,
        scope_detail=scope_detail.strip() if scope == SanctionScope.PARTIAL else "",
        reason=reason.strip(),
        start_date=start_date,
        review_date=review_date,
        end_date=end_date,
        authorised_by=authorised_by,
        recorded_by=acting_user,
    )
    _mark(service)
    transaction.on_commit(
        lambda: notices.sanction_changed(sanction=sanction, acting_user=acting_user, ended=False)
    )
    return sanction


@transaction.atomic
def sanction_end(
    *, sanction: Sanction, end_date: datetime.date | None, reason: str, acting_user
) -> Sanction:
    """Lift a sanction from ``end_date`` (today by default), with the reason."""
    if not acting_user.has_perm("escalation.manage_sanctions", sanction.service):
        raise PermissionDenied("You cannot end sanctions.")
    sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
    end_date = end_date or timezone.localdate()
    errors = {}
    if sanction.end_date is not None and sanction.end_date <= timezone.localdate():
        errors["end_date"] = "This sanction has already ended"
    elif end_date < sanction.start_date:
        errors["end_date"] = "The end date must be on or after the start date"
    if not reason.strip():
        errors["end_reason"] = "Enter why the sanction is being lifted"
    if errors:
        raise ValidationError(errors)
    sanction.end_date, sanction.end_reason = end_date, reason.strip()
    sanction.save(update_fields=["end_date", "end_reason", "updated_at"])
    _mark(sanction.service)
    transaction.on_commit(
        lambda: notices.sanction_changed(sanction=sanction, acting_user=acting_user, ended=True)
    )
    return sanction


def _mark(service: Service) -> None:
    risk_mark_for_recalculation(service_id=service.pk, reason="sanction")
