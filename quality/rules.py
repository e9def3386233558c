"""Named rules of quality assurance, and who may do what (django-rules).

Domain rules (DOMAIN.md, "Quality assurance"), each tested on its own:

    visit_types_for_service    which kinds of visit a service can have
    completion_errors          what a visit needs before it can be completed
    action_is_overdue          an open action past its due date
    due_status                 overdue / due soon / scheduled / not yet visited

Permissions. Views and templates check these names, never the predicates. (None may share a
name with a model permission: the predicates ask for model permissions by name.)

    quality.view_quality         visits, action plans, call monitoring, the timeline (every role)
    quality.view_schedule        the visit schedule (council and ICB staff, not partner members)
    quality.use_calendar_feed    a private calendar feed of one's planned visits
    quality.plan_visit           plan a visit to a service           (object: service)
    quality.record_visit         record a visit to a service         (object: service)
    quality.continue_visit       continue a planned or draft visit   (object: visit)
    quality.amend_visit          amend a completed visit, with a reason (object: visit)
    quality.cancel_visit         cancel a planned visit              (object: visit)
    quality.view_evidence        open files attached to visits (not partner members)
    quality.attach_evidence      attach a file to a visit            (object: visit)
    quality.remove_evidence      remove a file from a visit not yet completed (object: file)
    quality.log_intelligence     log intelligence about a service    (object: service)
    quality.view_intelligence_details  the full text of an item      (object: item)
    quality.record_monitoring    enter or import call monitoring figures (object: service)
    quality.manage_actions       add and update a service's actions  (object: service)

Who: a contract officer changes the services in their own portfolio; a clinical quality nurse
records clinical visits for any service, logs intelligence and manages actions for any service;
a partner member reads and logs intelligence; panel chairs and directors read everything;
administrators may do everything.
"""

from __future__ import annotations

import datetime

import rules
from django.utils import timezone

from accounts.rules import (
    has_model_perm,
    is_administrator,
    is_clinical_nurse,
    is_contract_officer,
    is_council_or_icb_staff,
    is_partner,
)
from providers.models import ServiceType
from providers.rules import is_portfolio_officer
from quality.models import (
    FINDING_RATINGS,
    OPEN_ACTION_STATUSES,
    AreaRating,
    VisitStatus,
    VisitType,
    areas_for,
)

DUE_SOON_DAYS = 28  # the schedule and home page show visits due within four weeks


# --- domain rules ---------------------------------------------------------------------------
def visit_types_for_service(service) -> list[str]:
    """Every service can have any kind of visit, except that a desktop review is for
    out-of-area services only (DOMAIN.md: "monitored by an annual desktop review with the host
    council and the latest CQC report")."""
    return [
        value
        for value in VisitType.values
        if value != VisitType.DESKTOP_REVIEW or not service.in_area
    ]


def is_home_support(service) -> bool:
    """Electronic call monitoring figures are kept for home support services."""
    return service.service_type == ServiceType.HOME_SUPPORT


def completion_errors(*, visit_type: str, data: dict, today: datetime.date) -> dict[str, str]:
    """What stops a visit being completed, keyed by form field name. Empty: it can be.

    A completed visit has a visit date that is today or in the past, a rating (or "not
    assessed") for every area its type rates, evidence for every area rated Requires
    improvement or Inadequate, an overall rating and an overall outcome. A desktop review
    also records the host council's view.
    """
    errors: dict[str, str] = {}
    visit_date = data.get("visit_date")
    if not visit_date:
        errors["visit_date"] = "Enter the visit date"
    elif visit_date > today:
        errors["visit_date"] = "The visit date must be today or in the past"
    areas = data.get("areas") or {}
    for area in areas_for(visit_type):
        entry = areas.get(area.value) or {}
        name = area.label.lower()
        if not entry.get("rating"):
            errors[f"{area.value}_rating"] = f"Select a rating for {name}"
        elif entry["rating"] in FINDING_RATINGS and not (entry.get("evidence") or "").strip():
            errors[f"{area.value}_evidence"] = f"Enter the evidence for {name}"
    if visit_type == VisitType.DESKTOP_REVIEW and not (data.get("host_council_view") or "").strip():
        errors["host_council_view"] = "Enter the host council's view"
    if not data.get("overall_rating"):
        errors["overall_rating"] = "Select the overall rating"
    if not (data.get("summary") or "").strip():
        errors["summary"] = "Enter the overall outcome"
    return errors


def action_is_overdue(*, status: str, due_on: datetime.date, today: datetime.date) -> bool:
    """An action is overdue when it is open or in progress and its due date has passed."""
    return status in OPEN_ACTION_STATUSES and due_on < today


def due_status(next_due: datetime.date | None, *, today: datetime.date) -> str:
    """A service's visit is overdue when its next due date has passed, due soon within four
    weeks, and "never" when it has neither a completed nor a planned visit."""
    if next_due is None:
        return "never"
    if next_due < today:
        return "overdue"
    if next_due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "scheduled"


AREA_RATING_ORDER = [r.value for r in AreaRating]


# --- predicates -----------------------------------------------------------------------------
@rules.predicate
def looks_after_visit_service(user, visit) -> bool:
    return visit is not None and is_portfolio_officer(user, visit.service)


@rules.predicate
def is_clinical_visit(user, visit) -> bool:
    return visit is not None and visit.visit_type == VisitType.CLINICAL


@rules.predicate
def visit_is_open(user, visit) -> bool:
    return visit is not None and visit.status in (VisitStatus.PLANNED, VisitStatus.DRAFT)


@rules.predicate
def visit_is_completed(user, visit) -> bool:
    return visit is not None and visit.status == VisitStatus.COMPLETED


@rules.predicate
def visit_is_planned(user, visit) -> bool:
    return visit is not None and visit.status == VisitStatus.PLANNED


@rules.predicate
def visit_not_cancelled(user, visit) -> bool:
    return visit is not None and visit.status != VisitStatus.CANCELLED


@rules.predicate
def evidence_visit_is_open(user, evidence) -> bool:
    return evidence is not None and visit_is_open(user, evidence.visit)


@rules.predicate
def may_work_on_evidence_visit(user, evidence) -> bool:
    return evidence is not None and may_work_on_visit(user, evidence.visit)


@rules.predicate
def logged_it(user, item) -> bool:
    return item is not None and item.logged_by_id == user.pk


@rules.predicate
def service_is_home_support(user, service) -> bool:
    return service is not None and is_home_support(service)


# Who may work on a visit once it exists: the service's portfolio officer, a nurse for a
# clinical visit, or an administrator.
may_work_on_visit = (
    is_administrator | looks_after_visit_service | (is_clinical_nurse & is_clinical_visit)
)

rules.add_perm("quality.view_quality", has_model_perm("quality.view_visit"))
rules.add_perm(
    "quality.view_schedule", has_model_perm("quality.view_visit") & is_council_or_icb_staff
)
rules.add_perm(
    "quality.use_calendar_feed",
    has_model_perm("quality.add_visit")
    & (is_contract_officer | is_clinical_nurse | is_administrator),
)
# Nurses may plan and record visits to any service, but only clinical ones (checked per type:
# ``visit_types_for_user``).
_may_visit_service = has_model_perm("quality.add_visit") & (
    is_administrator | is_portfolio_officer | is_clinical_nurse
)
rules.add_perm("quality.plan_visit", _may_visit_service)
rules.add_perm("quality.record_visit", _may_visit_service)
rules.add_perm(
    "quality.continue_visit",
    has_model_perm("quality.change_visit") & visit_is_open & may_work_on_visit,
)
rules.add_perm(
    "quality.amend_visit",
    has_model_perm("quality.change_visit") & visit_is_completed & may_work_on_visit,
)
rules.add_perm(
    "quality.cancel_visit",
    has_model_perm("quality.change_visit") & visit_is_planned & may_work_on_visit,
)
rules.add_perm("quality.view_evidence", has_model_perm("quality.view_evidencefile"))
rules.add_perm(
    "quality.attach_evidence",
    has_model_perm("quality.add_evidencefile") & visit_not_cancelled & may_work_on_visit,
)
rules.add_perm(
    "quality.remove_evidence",
    has_model_perm("quality.delete_evidencefile")
    & evidence_visit_is_open
    & may_work_on_evidence_visit,
)
rules.add_perm(
    "quality.log_intelligence",
    has_model_perm("quality.add_intelligence")
    & (is_administrator | is_portfolio_officer | is_clinical_nurse | is_partner),
)
# The full text may name people receiving care: council and ICB staff, and whoever logged it.
rules.add_perm(
    "quality.view_intelligence_details",
    has_model_perm("quality.view_intelligence") & (is_council_or_icb_staff | logged_it),
)
rules.add_perm(
    "quality.record_monitoring",
    has_model_perm("quality.add_monitoringfigures")
    & service_is_home_support
    & (is_administrator | is_portfolio_officer),
)
rules.add_perm(
    "quality.manage_actions",
    has_model_perm("quality.add_action")
    & (is_administrator | is_portfolio_officer | is_clinical_nurse),
)


def visit_types_for_user(user, service) -> list[str]:
    """The kinds of visit ``user`` may plan or record for ``service``: a clinical quality
    nurse who is not also the portfolio officer records clinical visits only."""
    types = visit_types_for_service(service)
    if is_administrator(user) or is_portfolio_officer(user, service):
        return types
    if is_clinical_nurse(user):
        return [t for t in types if t == VisitType.CLINICAL]
    return []


def today() -> datetime.date:
    return timezone.localdate()


def figures_errors(values: dict) -> dict[str, str]:
    """Call monitoring figures must add up: delivered and missed visits together are no more
    than planned (the rest were cancelled by the person), and late and short visits are
    counted among the delivered ones. Keyed by field name."""
    errors: dict[str, str] = {}
    planned = values.get("planned_visits")
    delivered = values.get("delivered_visits")
    missed = values.get("missed_visits")
    if planned is not None and delivered is not None and delivered > planned:
        errors["delivered_visits"] = "Delivered visits must be no more than planned visits"
    if planned is not None and missed is not None and missed > planned:
        errors["missed_visits"] = "Missed visits must be no more than planned visits"
    elif (
        planned is not None
        and delivered is not None
        and missed is not None
        and "delivered_visits" not in errors
        and delivered + missed > planned
    ):
        errors["missed_visits"] = (
            "Delivered and missed visits together must be no more than planned visits"
        )
    for name, label in (("late_visits", "Late visits"), ("short_visits", "Short visits")):
        value = values.get(name)
        if value is not None and delivered is not None and value > delivered:
            errors[name] = f"{label} must be no more than delivered visits"
    return errors


def month_is_recordable(month: datetime.date, *, today: datetime.date) -> bool:
    """Figures are recorded for this month or earlier months, never for a month to come."""
    return month <= today.replace(day=1)
