"""Reads of capacity: services' latest vacancies and the vacancy finder."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from failure_plan.models import Vacancy
from providers.models import Service, ServiceQuerySet


# --- capacity -----------------------------------------------------------------------------
def latest_vacancies() -> QuerySet[Vacancy]:
    """The newest vacancy record of each service (PostgreSQL DISTINCT ON)."""
    newest = (
        Vacancy.objects.order_by("service_id", "-recorded_on", "-pk")
        .distinct("service_id")
        .values("pk")
    )
    return Vacancy.objects.filter(pk__in=Subquery(newest))


def normalise_prefix(prefix: str) -> str:
    return "".join((prefix or "").split()).upper()


def vacancy_finder(
    *,
    service_type: str = "",
    client_group: str = "",
    area: str = "",
    postcode_prefix: str = "",
    exclude_service_ids: set[int] | None = None,
    only_free: bool = True,
) -> QuerySet[Vacancy]:
    """Services' latest vacancies, filtered by service type, client group and area (in the
    council's area or not, and a postcode district or area prefix like "NM3" or "NM"), most
    free first."""
    vacancies = (
        latest_vacancies()
        .select_related("service", "service__provider")
        .annotate(free=F("vacancies") - F("reserved"))
        .filter(ServiceQuerySet.open_q("service__"))
    )
    if only_free:
        vacancies = vacancies.filter(free__gt=0)
    if service_type:
        vacancies = vacancies.filter(service__service_type=service_type)
    if client_group:
        vacancies = vacancies.filter(service__client_group=client_group)
    if area == "in":
        vacancies = vacancies.filter(service__in_area=True)
    elif area == "out":
        vacancies = vacancies.filter(service__in_area=False)
    prefix = normalise_prefix(postcode_prefix)
    if prefix:
        if any(ch.isdigit() for ch in prefix):
            # A whole district ("NM3") must not match "NM31".
            vacancies = vacancies.filter(
                Q(service__postcode__istartswith=prefix + " ") | Q(service__postcode__iexact=prefix)
            )
        else:
            vacancies = vacancies.filter(service__postcode__istartswith=prefix)
    if exclude_service_ids:
        vacancies = vacancies.exclude(service_id__in=exclude_service_ids)
    return vacancies.order_by("-free", "service__name")


def vacancy_for_reserving(*, pk: int) -> Vacancy:
    return get_object_or_404(Vacancy.objects.select_related("service"), pk=pk)


def services_for_vacancies() -> QuerySet[Service]:
    return Service.objects.open().select_related("provider").order_by("name")


def recent_vacancies(*, limit: int = 20) -> QuerySet[Vacancy]:
    return Vacancy.objects.select_related("service", "recorded_by").order_by("-created_at")[:limit]
