"""Visits: plan, record (as a draft or completed), complete, amend with a reason, cancel.

The recorded content of a visit travels as one dict, ``data``::

    {
        "visit_date": date | None,
        "heard_manager": int, "heard_staff": int, "heard_people": int, "heard_relatives": int,
        "overall_rating": str, "summary": str, "follow_up": str,
        "host_council_view": str, "cqc_report_checked_on": date | None,
        "areas": {"leadership": {"rating": "good", "evidence": "..."}, ...},
    }

Keys left out are left as they are. Errors are keyed by the visit form's field names
(``visit_date``, ``staffing_rating``, ``staffing_evidence``, ...).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from providers.evidence import evidence_changed
from providers.models import Service
from quality.models import AreaRating, Visit, VisitAmendment, VisitArea, VisitStatus, areas_for
from quality.rules import completion_errors, visit_types_for_user

SCALAR_FIELDS: dict[str, str] = {
    "visit_date": "Visit date",
    "heard_manager": "Managers heard",
    "heard_staff": "Staff heard",
    "heard_people": "People using the service heard",
    "heard_relatives": "Relatives heard",
    "overall_rating": "Overall rating",
    "summary": "Overall outcome",
    "follow_up": "Follow-up",
    "host_council_view": "The host council's view",
    "cqc_report_checked_on": "Latest CQC report checked",
}
COUNT_FIELDS = ("heard_manager", "heard_staff", "heard_people", "heard_relatives")
DATE_FIELDS = ("visit_date", "cqc_report_checked_on")
TEXT_FIELDS = ("summary", "follow_up", "host_council_view")
MAX_COUNT = 32767
RATING_VALUES = set(AreaRating.values)


def _today() -> datetime.date:
    return timezone.localdate()


def _check_values(visit_type: str, data: dict) -> None:
    """Refuse values no form would produce: a rating off the scale, a negative count."""
    errors: dict[str, str] = {}
    for name in COUNT_FIELDS:
        if name in data:
            value = data[name]
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
                errors[name] = "Enter a whole number, 0 or more"
    for name in DATE_FIELDS:
        if name in data and data[name] is not None and not isinstance(data[name], datetime.date):
            errors[name] = "Enter a real date"
    if data.get("overall_rating", "") not in RATING_VALUES | {""}:
        errors["overall_rating"] = "Select the overall rating"
    allowed = {area.value: area for area in areas_for(visit_type)}
    for key, entry in (data.get("areas") or {}).items():
        if key not in allowed:
            errors["__all__"] = f"A {visit_type} visit does not rate {key}"
            continue
        if (entry.get("rating") or "") not in RATING_VALUES | {""}:
            errors[f"{key}_rating"] = f"Select a rating for {allowed[key].label.lower()}"
    if errors:
        raise ValidationError(errors)


def _write(visit: Visit, data: dict) -> None:
    """Copy ``data`` onto the visit and its area rows (created for every area its type rates)."""
    for name in SCALAR_FIELDS:
        if name in data:
            value = data[name]
            if name in TEXT_FIELDS:
                value = (value or "").strip()
            elif name == "overall_rating":
                value = value or ""
            setattr(visit, name, value)
    visit.save()

    wanted = areas_for(visit.visit_type)
    if not wanted:
        return
    existing = {row.area: row for row in visit.areas.all()}
    given = data.get("areas") or {}
    to_create, to_update = [], []
    for area in wanted:
        entry = given.get(area.value)
        row = existing.get(area.value)
        if row is None:
            entry = entry or {}
            to_create.append(
                VisitArea(
                    visit=visit,
                    area=area.value,
                    rating=entry.get("rating") or "",
                    evidence=(entry.get("evidence") or "").strip(),
                )
            )
        elif entry is not None:
            rating, evidence = entry.get("rating") or "", (entry.get("evidence") or "").strip()
            if (row.rating, row.evidence) != (rating, evidence):
                row.rating, row.evidence = rating, evidence
                row.updated_at = timezone.now()  # bulk_update does not apply auto_now
                to_update.append(row)
    if to_create:
        VisitArea.objects.bulk_create(to_create)
    if to_update:
        VisitArea.objects.bulk_update(to_update, ["rating", "evidence", "updated_at"])


def _current_data(visit: Visit) -> dict:
    data = {name: getattr(visit, name) for name in SCALAR_FIELDS}
    data["areas"] = {
        row.area: {"rating": row.rating, "evidence": row.evidence} for row in visit.areas.all()
    }
    return data


def _merged(visit: Visit, data: dict) -> dict:
    """The visit's content as it will be once ``data`` is written."""
    merged = _current_data(visit)
    for name in SCALAR_FIELDS:
        if name in data:
            merged[name] = data[name]
    for key, entry in (data.get("areas") or {}).items():
        merged["areas"][key] = {**merged["areas"].get(key, {}), **entry}
    return merged


def _lock(visit: Visit) -> Visit:
    return Visit.objects.select_for_update().select_related("service").get(pk=visit.pk)


def _complete(visit: Visit, *, acting_user: User, data: dict, today: datetime.date) -> None:
    errors = completion_errors(visit_type=visit.visit_type, data=_merged(visit, data), today=today)
    if errors:
        raise ValidationError(errors)
    _write(visit, data)
    visit.status = VisitStatus.COMPLETED
    visit.completed_at = timezone.now()
    visit.completed_by = acting_user
    if visit.officer_id is None:
        visit.officer = acting_user
    visit.save(update_fields=["status", "completed_at", "completed_by", "officer", "updated_at"])
    evidence_changed(service_id=visit.service_id, reason="visit completed")


# --- planning ---------------------------------------------------------------------------------
def visit_plan(
    *,
    acting_user: User,
    service: Service,
    visit_type: str,
    planned_date: datetime.date,
    officer: User | None = None,
    notes: str = "",
    today: datetime.date | None = None,
) -> Visit:
    """Plan a visit to ``service`` on a future date, to be carried out by ``officer``
    (the acting user when not given)."""
    today = today or _today()
    errors = {}
    if visit_type not in visit_types_for_user(acting_user, service):
        errors["visit_type"] = "Select a type of visit you can plan for this service"
    if planned_date is None:
        errors["planned_date"] = "Enter the planned date"
    elif planned_date <= today:
        errors["planned_date"] = "The planned date must be in the future"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return Visit.objects.create(
            service=service,
            visit_type=visit_type,
            status=VisitStatus.PLANNED,
            planned_date=planned_date,
            officer=officer or acting_user,
            plan_notes=(notes or "").strip(),
            created_by=acting_user,
        )


def visit_cancel(*, acting_user: User, visit: Visit, reason: str) -> Visit:
    """Cancel a planned visit, saying why. Only planned visits can be cancelled."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the visit is cancelled"})
    with transaction.atomic():
        visit = _lock(visit)
        if visit.status != VisitStatus.PLANNED:
            raise ValidationError("Only a planned visit can be cancelled")
        visit.status = VisitStatus.CANCELLED
        visit.cancelled_reason = reason.strip()
        visit.save(update_fields=["status", "cancelled_reason", "updated_at"])
    return visit


# --- recording --------------------------------------------------------------------------------
def visit_record(
    *,
    acting_user: User,
    service: Service,
    visit_type: str,
    data: dict,
    complete: bool,
    today: datetime.date | None = None,
) -> Visit:
    """Record a new (unplanned) visit: saved as a draft, or completed at once.

    Completing marks the service's risk score for recalculation. Nothing is saved when any
    value is wrong or (when completing) anything a completed visit needs is missing.
    """
    today = today or _today()
    if visit_type not in visit_types_for_user(acting_user, service):
        raise ValidationError({"visit_type": "Select a type of visit you can record"})
    _check_values(visit_type, data)
    with transaction.atomic():
        visit = Visit.objects.create(
            service=service,
            visit_type=visit_type,
            status=VisitStatus.DRAFT,
            officer=acting_user,
            created_by=acting_user,
        )
        if complete:
            _complete(visit, acting_user=acting_user, data=data, today=today)
        else:
            _write(visit, data)
    return visit


def visit_save_draft(*, acting_user: User, visit: Visit, data: dict) -> Visit:
    """Save what has been recorded so far on a planned or draft visit; it becomes a draft."""
    _check_values(visit.visit_type, data)
    with transaction.atomic():
        visit = _lock(visit)
        if visit.status not in (VisitStatus.PLANNED, VisitStatus.DRAFT):
            raise ValidationError("This visit is completed: amend it instead")
        visit.status = VisitStatus.DRAFT
        _write(visit, data)
    return visit


def visit_complete(
    *, acting_user, visit: Visit, data: dict, today: datetime.date | None = None
) -> Visit:
    """Complete a planned or draft visit with ``data``. The visit is then locked."""
    today = today or _today()
    _check_values(visit.visit_type, data)
    with transaction.atomic():
        visit = _lock(visit)
        if visit.status not in (VisitStatus.PLANNED, VisitStatus.DRAFT):
            raise ValidationError("This visit is already completed")
        _complete(visit, acting_user=acting_user, data=data, today=today)
    return visit


# --- amending -------------------------------------------------------------------------------
def _shown(name: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if name.endswith("rating"):
        return AreaRating(value).label
    return str(value)


def _changes(visit: Visit, before: dict, after: dict) -> list[dict]:
    changes = []
    for name, label in SCALAR_FIELDS.items():
        if before[name] != after[name] and not (
            name in TEXT_FIELDS and (before[name] or "").strip() == (after[name] or "").strip()
        ):
            changes.append(
                {
                    "field": label,
                    "before": _shown(name, before[name]),
                    "after": _shown(name, after[name]),
                }
            )
    for area in areas_for(visit.visit_type):
        old = before["areas"].get(area.value, {})
        new = after["areas"].get(area.value, {})
        for part in ("rating", "evidence"):
            old_value = (old.get(part) or "").strip()
            new_value = (new.get(part) or "").strip()
            if old_value != new_value:
                changes.append(
                    {
                        "field": f"{area.label}: {part}",
                        "before": _shown(part, old_value),
                        "after": _shown(part, new_value),
                    }
                )
    return changes


def visit_amend(
    *,
    acting_user: User,
    visit: Visit,
    data: dict,
    reason: str,
    today: datetime.date | None = None,
) -> VisitAmendment:
    """Change a completed visit. The reason, who, when and each change (before and after)
    are kept in a ``VisitAmendment``; the amended visit must still meet every rule of a
    completed visit. Marks the service's risk score for recalculation."""
    today = today or _today()
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter the reason for the amendment"})
    _check_values(visit.visit_type, data)
    with transaction.atomic():
        visit = _lock(visit)
        if visit.status != VisitStatus.COMPLETED:
            raise ValidationError("Only a completed visit can be amended")
        before = _current_data(visit)
        after = _merged(visit, data)
        errors = completion_errors(visit_type=visit.visit_type, data=after, today=today)
        if errors:
            raise ValidationError(errors)
        changes = _changes(visit, before, after)
        if not changes:
            raise ValidationError("You have not changed anything. Change the visit, or cancel")
        _write(visit, data)
        amendment = VisitAmendment.objects.create(
            visit=visit, reason=reason.strip(), changes=changes, amended_by=acting_user
        )
        evidence_changed(service_id=visit.service_id, reason="visit amended")
    return amendment
