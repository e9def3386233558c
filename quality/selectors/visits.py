"""Reads of services, visits, evidence files, calendar feeds and intelligence, scoped to the
person asking (404 when they may not see it)."""

from __future__ import annotations

import datetime

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from providers.models import Service
from providers.selectors import services_for
from quality.models import (
    Action,
    CalendarFeed,
    EvidenceFile,
    Intelligence,
    Visit,
    VisitAmendment,
    VisitStatus,
)
from quality.rules import DUE_SOON_DAYS


# --- services and visits ---------------------------------------------------------------------
def service_for_quality(*, user, pk: int) -> Service:
    """A service ``user`` may see, or 404."""
    return get_object_or_404(
        services_for(user).select_related("provider", "contract_officer", "clinical_nurse"),
        pk=pk,
    )


def visits_for_service(*, service: Service) -> QuerySet[Visit]:
    """The service's visits, planned and in progress first, then newest first."""
    return (
        service.visits.exclude(status=VisitStatus.CANCELLED)
        .select_related("officer")
        .annotate(
            open_rank=Case(
                When(status__in=[VisitStatus.PLANNED, VisitStatus.DRAFT], then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            sort_date=Coalesce("visit_date", "planned_date"),
        )
        .order_by("open_rank", "-sort_date", "-pk")
    )


def visit_detail(*, user, pk: int) -> Visit:
    """A visit with its areas, files, amendments and actions, or 404 when its service is not
    one ``user`` may see."""
    visits = Visit.objects.filter(service__in=services_for(user)).select_related(
        "service",
        "service__provider",
        "service__contract_officer",
        "officer",
        "created_by",
        "completed_by",
    )
    return get_object_or_404(
        visits.prefetch_related(
            "areas",
            Prefetch("evidence_files", queryset=EvidenceFile.objects.select_related("uploaded_by")),
            Prefetch("amendments", queryset=VisitAmendment.objects.select_related("amended_by")),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
        ),
        pk=pk,
    )


def visit_for_change(*, user, pk: int) -> Visit:
    """A visit to check a change permission against (404 when it cannot be seen)."""
    return get_object_or_404(
        Visit.objects.filter(service__in=services_for(user)).select_related(
            "service", "service__provider", "officer"
        ),
        pk=pk,
    )


def evidence_for_download(*, user, pk: int) -> EvidenceFile:
    return get_object_or_404(
        EvidenceFile.objects.filter(service__in=services_for(user)).select_related(
            "visit", "visit__service"
        ),
        pk=pk,
    )


def planned_visits_for_feed(*, user, today: datetime.date | None = None) -> QuerySet[Visit]:
    """The planned visits ``user`` carries out, from four weeks ago on (for the calendar)."""
    today = today or timezone.localdate()
    return (
        Visit.objects.filter(
            officer=user,
            status=VisitStatus.PLANNED,
            planned_date__gte=today - datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("service")
        .order_by("planned_date", "pk")
    )


def feed_for_token_hash(token_hash: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash, user__is_active=True)
        .first()
    )


# --- intelligence ----------------------------------------------------------------------------
def intelligence_detail(*, user, pk: int) -> Intelligence:
    return get_object_or_404(
        Intelligence.objects.filter(service__in=services_for(user)).select_related(
            "service", "service__provider", "logged_by"
        ),
        pk=pk,
    )
