"""Every read the register's pages and exports need, scoped to the person asking.

Each selector returns a queryset (or plain figures) with the joins and annotations its page
uses, so a page runs a fixed number of queries however many services there are.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce, Lower, Replace, Upper
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from providers.models import (
    KEY_QUESTIONS,
    BusinessContinuityCheck,
    Contract,
    ContractQuerySet,
    CQCRating,
    Provider,
    Rating,
    Service,
)

SORTS: dict[str, tuple[str, list[str | OrderBy]]] = {
    "name": ("Service name", ["name_key", "pk"]),
    "type": ("Service type", ["service_type", "name_key", "pk"]),
    "rating": ("CQC rating (worst first)", ["rating_rank", "name_key", "pk"]),
    "officer": (
        "Contract officer",
        [F("contract_officer__full_name").asc(nulls_last=True), "name_key", "pk"],
    ),
}
LIST_RELATED = ("provider", "contract_officer", "clinical_nurse", "host_authority")
# Worst first, so "sort by rating" puts the services that need attention at the top.
RATING_RANK = {
    Rating.INADEQUATE: 1,
    Rating.REQUIRES_IMPROVEMENT: 2,
    Rating.GOOD: 3,
    Rating.OUTSTANDING: 4,
    Rating.NOT_RATED: 5,
}


# --- building blocks ---------------------------------------------------------------------
def rating_on(day: datetime.date, service=None):
    """An expression for the service's CQC overall rating on ``day``: the rating that applied
    that day (``CQCRating.objects.applying_on``), None before its first. ``service`` is the
    expression for the service's id (``OuterRef("pk")`` by default)."""
    ratings = CQCRating.objects.applying_on(day).filter(
        service=service if service is not None else OuterRef("pk")
    )
    return Subquery(ratings.values("overall")[:1])


def people_funded_expression(prefix: str = ""):
    """People funded on a contract: by the council, by health (CHC) and jointly."""
    return F(f"{prefix}council_funded") + F(f"{prefix}health_funded") + F(f"{prefix}jointly_funded")


def inadequate_rating_q(prefix: str = "") -> Q:
    """A rating that is Inadequate overall or in any of the five key questions."""
    q = Q(**{f"{prefix}overall": Rating.INADEQUATE})
    for question in KEY_QUESTIONS:
        q |= Q(**{f"{prefix}{question}": Rating.INADEQUATE})
    return q


def with_register_annotations(services: QuerySet, *, today: datetime.date | None = None):
    """Add what the register shows for each service: current rating and its date, whether a
    contract is live today, and sortable keys.

    The current rating is a LEFT JOIN on the one current rating (a unique partial index
    guarantees at most one), not a subquery per row, so sorting and filtering by rating stay
    fast on a large register; ``name_key`` matches the ``Lower(name)`` index.
    """
    today = today or timezone.localdate()
    return (
        services.annotate(
            current_rating_row=FilteredRelation("ratings", condition=Q(ratings__is_current=True)),
        )
        .annotate(
            current_rating=F("current_rating_row__overall"),
            current_rating_published_on=F("current_rating_row__published_on"),
            is_contracted=Exists(Contract.objects.live_on(today).filter(service=OuterRef("pk"))),
            name_key=Lower("name"),
        )
        .annotate(
            rating_rank=Case(
                *[
                    When(current_rating=value, then=Value(rank))
                    for value, rank in RATING_RANK.items()
                ],
                default=Value(6),
                output_field=IntegerField(),
            )
        )
    )


def _normalised_postcode(text: str) -> str:
    return "".join(text.split()).upper()


def services_for(user) -> QuerySet[Service]:
    """The services ``user`` may see: the whole register for anyone with view_service."""
    if not (user and user.is_authenticated and user.has_perm("providers.view_service")):
        return Service.objects.none()
    return Service.objects.all()


# --- the service list ----------------------------------------------------------------------
def service_list(
    *, user, filters: dict | None = None, today: datetime.date | None = None
) -> QuerySet[Service]:
    """The register as ``user`` may see it, searched, filtered and sorted.

    ``filters`` holds a ServiceFilterForm's cleaned data: q (a name, postcode or CQC location
    ID), service_type, client_group, rating, officer, area (in/out), status (open/closed),
    contracted (yes/no) and sort.
    """
    filters = filters or {}
    # Joined, not prefetched: Django skips a prefetch when every key on the page is empty (no
    # clinical nurse, no host council), so the query count would depend on the data. Joined,
    # the list costs the same number of queries whatever the page holds and however many
    # services there are.
    services = with_register_annotations(
        services_for(user).select_related(*LIST_RELATED), today=today
    )

    query = (filters.get("q") or "").strip()
    if query:
        match = Q(name__icontains=query) | Q(cqc_location_id__iexact=query)
        key = _normalised_postcode(query)
        if key and len(key) <= 8 and any(ch.isdigit() for ch in key):
            services = services.annotate(
                postcode_key=Upper(Replace("postcode", Value(" "), Value("")))
            )
            match |= Q(postcode_key__startswith=key)
        services = services.filter(match)

    if filters.get("service_type"):
        services = services.filter(service_type=filters["service_type"])
    if filters.get("client_group"):
        services = services.filter(client_group=filters["client_group"])
    rating = filters.get("rating")
    if rating == Rating.NOT_RATED:
        services = services.filter(Q(current_rating=rating) | Q(current_rating__isnull=True))
    elif rating:
        services = services.filter(current_rating=rating)
    if filters.get("officer"):
        services = services.filter(contract_officer=filters["officer"])
    if filters.get("area") == "in":
        services = services.filter(in_area=True)
    elif filters.get("area") == "out":
        services = services.filter(in_area=False)
    if filters.get("status") == "open":
        services = services.open()
    elif filters.get("status") == "closed":
        services = services.closed()
    if filters.get("contracted") == "yes":
        services = services.filter(is_contracted=True)
    elif filters.get("contracted") == "no":
        services = services.filter(is_contracted=False)

    _label, ordering = SORTS.get(filters.get("sort") or "name", SORTS["name"])
    return services.order_by(*ordering)


def with_live_spend(services: QuerySet, *, today: datetime.date | None = None) -> QuerySet:
    """Add ``live_spend``: the annual spend on the service's contracts live today."""
    today = today or timezone.localdate()
    spend = (
        Contract.objects.live_on(today)
        .filter(service=OuterRef("pk"))
        .values("service")
        .annotate(total=Sum("annual_spend"))
        .values("total")
    )
    return services.annotate(
        live_spend=Coalesce(
            Subquery(spend, output_field=DecimalField(max_digits=14, decimal_places=2)),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
    )


def my_services(*, user, filters: dict | None = None) -> QuerySet[Service]:
    """The signed-in person's portfolio: services they are contract officer or clinical
    nurse for."""
    return service_list(user=user, filters=filters).filter(
        Q(contract_officer=user) | Q(clinical_nurse=user)
    )


def contract_officers() -> QuerySet[User]:
    """People who can hold a portfolio (the contract officer role), for filters and forms."""
    return User.objects.active_with_role(Role.CONTRACT_OFFICER).order_by("full_name")


def clinical_nurses() -> QuerySet[User]:
    return User.objects.active_with_role(Role.CLINICAL_NURSE).order_by("full_name")


# --- one service ---------------------------------------------------------------------------
def service_detail(*, user, pk: int) -> Service:
    """One service with everything its page shows at the top, or 404."""
    services = with_register_annotations(
        services_for(user).select_related(
            "provider", "contract_officer", "clinical_nurse", "host_authority"
        )
    )
    return get_object_or_404(services, pk=pk)


def service_for_change(*, user, pk: int) -> Service:
    """A service to check a change permission against (404 when it does not exist)."""
    return get_object_or_404(services_for(user).select_related("provider"), pk=pk)


def contracts_for_service(
    *, user, service: Service, today: datetime.date | None = None
) -> QuerySet[Contract]:
    """The service's contracts, newest first, or none for people who may not see them."""
    if not user.has_perm("providers.see_contracts"):
        return Contract.objects.none()
    today = today or timezone.localdate()
    return service.contracts.annotate(
        is_live=Case(
            When(ContractQuerySet.live_q(today), then=Value(True)),
            default=Value(False),
        ),
        people_funded_total=people_funded_expression(),
    ).order_by("-start_date", "-pk")


def contract_for_change(*, pk: int) -> Contract:
    """A contract with its service, to check a change permission against (404 if missing)."""
    return get_object_or_404(Contract.objects.select_related("service", "service__provider"), pk=pk)


def rating_history(*, service: Service) -> QuerySet[CQCRating]:
    return service.ratings.order_by(F("published_on").desc(nulls_last=True), "-created_at")


def latest_bcp_check(*, service: Service) -> BusinessContinuityCheck | None:
    return service.bcp_checks.select_related("checked_by").order_by("-checked_on", "-pk").first()


# --- one provider --------------------------------------------------------------------------
def provider_detail(*, user, pk: int) -> Provider:
    providers = (
        Provider.objects.all()
        if user.has_perm("providers.view_provider")
        else Provider.objects.none()
    )
    return get_object_or_404(providers, pk=pk)


def provider_services(*, user, provider: Provider) -> QuerySet[Service]:
    """The provider's services with register annotations, in-area ones first."""
    return with_register_annotations(
        services_for(user)
        .filter(provider=provider)
        .select_related("contract_officer", "host_authority")
    ).order_by("-in_area", "name_key", "pk")


def provider_live_spend(*, provider: Provider, today: datetime.date | None = None) -> Decimal:
    """Total annual spend on the provider's contracts that are live today."""
    today = today or timezone.localdate()
    total = (
        Contract.objects.live_on(today)
        .filter(service__provider=provider)
        .aggregate(total=Sum("annual_spend"))["total"]
    )
    return total or Decimal("0")


def providers_for_choice() -> QuerySet[Provider]:
    return Provider.objects.only("pk", "name").order_by("name")
