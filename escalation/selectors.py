"""Reads for the escalation app."""

import datetime
from typing import Any, TypeVar

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone

from escalation.models import (
    EscalationTask,
    Letter,
    LevelChange,
    LevelChangeStatus,
    PlacementRatingOverride,
    PlacementRatingRule,
    RiskScore,
    Sanction,
    ServiceState,
)
from escalation.rules import sanction_review_due_by
from providers.levels import Level
from providers.selectors import service_for_change, services_for
from quality.selectors import portfolio_q, with_schedule

# The records that belong to one service and are looked up from a page's URL.
ServiceRecord = TypeVar("ServiceRecord", LevelChange, Sanction, EscalationTask, Letter)


def level_on(day: datetime.date, service=None):
    """An expression for the service's level on ``day``, from the level history: the
    ``to_level`` of the change in effect then (``LevelChange.objects.in_effect_on``), routine
    before any. ``service`` is the expression for the service's id (``OuterRef("pk")`` by
    default, for a queryset of services)."""
    decisions = LevelChange.objects.in_effect_on(day).filter(
        service=service if service is not None else OuterRef("pk")
    )
    return Coalesce(
        Subquery(decisions.values("to_level")[:1], output_field=IntegerField()),
        Value(Level.ROUTINE),
    )


def level_change_on(day: datetime.date, service=None):
    """An expression for the id of the decision behind the service's level on ``day`` (None
    at routine before any decision); ``service`` as for ``level_on``."""
    decisions = LevelChange.objects.in_effect_on(day).filter(
        service=service if service is not None else OuterRef("pk")
    )
    return Subquery(decisions.values("pk")[:1], output_field=IntegerField())


def score_on(day: datetime.date, field: str = "score"):
    """An expression for ``field`` (``score`` or ``suggested_level``) of the service's risk
    score as it stood at the end of ``day``: the latest calculated before the next midnight
    (None before the first). For a queryset of services (``OuterRef("pk")``)."""
    next_midnight = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
    calculated = (
        RiskScore.objects.filter(service=OuterRef("pk"), calculated_at__lt=next_midnight)
        .order_by("-calculated_at", "-pk")
        .values(field)[:1]
    )
    return Subquery(calculated, output_field=IntegerField())


def recent_scores(*, service, limit: int = 12) -> list:
    """The service's last ``limit`` risk scores, newest first, each with its weight set."""

    return list(
        RiskScore.objects.filter(service=service)
        .select_related("weight_set")
        .order_by("-calculated_at", "-pk")[:limit]
    )


def service_record_for_change(*, user, queryset: QuerySet[ServiceRecord], pk: int) -> ServiceRecord:
    """One of a service's records (a proposal, sanction, briefing task or letter) by ``pk``:
    404 when it is missing or its service is not one the user may see."""
    record = get_object_or_404(queryset, pk=pk)
    service_for_change(user=user, pk=record.service_id)
    return record


def decided_level(*, service) -> int:
    """The level people decided for the service (routine without a state row)."""

    state = ServiceState.objects.filter(service=service).values_list("level", flat=True).first()
    return Level.ROUTINE if state is None else state


def service_level_page(*, service) -> dict:
    """What the level page shows: the state, the open proposal, the history of decisions, the
    override in force, sanctions and briefing tasks — a fixed number of queries."""

    state = (
        ServiceState.objects.filter(service=service)
        .select_related("level_change", "level_change__decided_by")
        .first()
    )
    changes = list(
        LevelChange.objects.filter(service=service)
        .select_related("proposed_by", "decided_by")
        .order_by("-proposed_at", "-pk")
    )
    proposal = next((c for c in changes if c.status == LevelChangeStatus.PROPOSED), None)
    override = (
        PlacementRatingOverride.objects.filter(service=service, removed_at=None)
        .select_related("set_by")
        .first()
    )
    today = timezone.localdate()
    sanctions = list(
        Sanction.objects.filter(service=service).select_related("authorised_by", "recorded_by")
    )
    in_force = [s for s in sanctions if s.in_force_on(today)]
    tasks = list(
        EscalationTask.objects.filter(service=service)
        .select_related("done_by", "level_change")
        .order_by("done_at", "due_on", "pk")
    )
    latest = service.risk_scores.order_by("-calculated_at", "-pk").first()
    return {
        "state": state,
        "level": state.level if state else Level.ROUTINE,
        "placement_rating": state.placement_rating if state else "green",
        "changes": changes,
        "proposal": proposal,
        "override": override,
        "sanctions_in_force": in_force,
        "sanctions_past": [s for s in sanctions if s not in in_force],
        "tasks": tasks,
        "latest_score": latest,
        "today": today,
    }


def open_escalation_tasks():
    """Briefing tasks not yet done, oldest due first, with their service."""

    return (
        EscalationTask.objects.filter(done_at=None)
        .select_related("service", "service__provider", "level_change")
        .order_by("due_on", "pk")
    )


def open_proposals():
    """Proposed changes of level awaiting a decision, oldest first."""

    return (
        LevelChange.objects.filter(status=LevelChangeStatus.PROPOSED)
        .select_related("service", "service__provider", "proposed_by")
        .order_by("proposed_at", "pk")
    )


# --- the risk register ---------------------------------------------------------------------------

# Each column the register sorts by: the expression, and the direction a first click gives
# (the most concerning first: highest level, Red, highest score, longest at level, soonest due).
REGISTER_SORTS = {
    "name": ("Service", "name_key", "asc"),
    "level": ("Level", "current_level", "desc"),
    "rating": ("Placement rating", "rating_rank", "desc"),
    "score": ("Score", "score", "desc"),
    # Ascending time at level is the most recent level_since, so the date sorts the other way.
    "time": ("Time at level", "level_since", "desc"),
    "due": ("Next visit due", "next_due", "asc"),
}
REGISTER_DEFAULT_SORT = "level"
RATING_RANK = {"green": 0, "amber": 1, "red": 2}


def _register_rows(user, *, today):
    """Every service ``user`` may see, with what the register filters and sorts on."""
    in_force = Sanction.objects.in_force_on(today).filter(service=OuterRef("pk")).order_by()
    per_service = in_force.values("service")
    routine_rating = PlacementRatingRule.objects.filter(level=Level.ROUTINE).values("rating")[:1]
    previous = (
        RiskScore.objects.filter(service=OuterRef("pk"))
        .order_by("-calculated_at", "-pk")
        .values("score")[1:2]
    )
    visible = services_for(user)
    if not user.has_perm("escalation.view_register"):
        visible = visible.none()
    services = with_schedule(
        visible.select_related("provider", "contract_officer"),
        today=today,
    )
    return services.annotate(
        name_key=Lower("name"),
        # A service without a state row is routine, rated as the routine level rates.
        rating=Coalesce(
            "state__placement_rating",
            Subquery(routine_rating),
            Value("green"),
            output_field=CharField(),
        ),
        level_since=F("state__level_since"),
        score=F("state__score"),
        level_authority=F("state__level_change__authority"),
        level_authority_reference=F("state__level_change__authority_reference"),
        previous_score=Subquery(previous, output_field=IntegerField()),
        sanctions_in_force=Coalesce(
            Subquery(per_service.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
        sanction_kinds=Subquery(
            per_service.annotate(kinds=ArrayAgg("kind", distinct=True, order_by="kind")).values(
                "kinds"
            ),
            output_field=ArrayField(CharField()),
        ),
        next_review=Subquery(
            per_service.annotate(first=Min("review_date")).values("first"),
            output_field=DateField(),
        ),
        has_sanctions=Exists(in_force),
        proposed_level=Subquery(
            LevelChange.objects.filter(
                service=OuterRef("pk"), status=LevelChangeStatus.PROPOSED
            ).values("to_level")[:1],
            output_field=IntegerField(),
        ),
    ).annotate(
        rating_rank=Case(
            *[When(rating=value, then=Value(rank)) for value, rank in RATING_RANK.items()],
            default=Value(-1),
            output_field=IntegerField(),
        ),
        score_change=F("score") - F("previous_score"),
    )


def register_services(*, user, filters: dict[str, Any] | None = None, today=None):
    """The risk register as ``user`` may see it: one row per service with its level,
    placement rating, score and its change since the previous score, time at level and the
    authority for it, next visit due (``quality.selectors.with_schedule``), sanctions in force
    with their earliest review, and any open proposal — filtered and sorted, all in one query
    whatever the number of services.

    ``filters`` is ``RegisterFilterForm.filters()``: q, level (list), rating (list),
    service_type, officer, mine, sanctions, review_due, proposal, status (open/closed/all),
    sort and order (asc/desc).
    """
    filters = filters or {}
    today = today or timezone.localdate()
    services = _register_rows(user, today=today)

    status = filters.get("status") or "open"
    if status == "open":
        services = services.open()
    elif status == "closed":
        services = services.closed()
    query = (filters.get("q") or "").strip()
    if query:
        services = services.filter(Q(name__icontains=query) | Q(provider__name__icontains=query))
    if filters.get("level"):
        services = services.filter(current_level__in=[int(v) for v in filters["level"]])
    if filters.get("rating"):
        services = services.filter(rating__in=filters["rating"])
    if filters.get("service_type"):
        services = services.filter(service_type=filters["service_type"])
    if filters.get("officer"):
        services = services.filter(contract_officer=filters["officer"])
    if filters.get("mine"):
        services = services.filter(portfolio_q(user))
    if filters.get("sanctions"):
        services = services.filter(has_sanctions=True)
    if filters.get("review_due"):
        services = services.filter(next_review__lte=sanction_review_due_by(today))
    if filters.get("proposal"):
        services = services.filter(proposed_level__isnull=False)

    sort = filters.get("sort")
    key = sort if isinstance(sort, str) and sort in REGISTER_SORTS else REGISTER_DEFAULT_SORT
    _label, field, default_order = REGISTER_SORTS[key]
    order = filters.get("order") if filters.get("order") in ("asc", "desc") else default_order
    if key == "time":  # longer at the level = earlier date
        order = "asc" if order == "desc" else "desc"
    expression = F(field).asc(nulls_last=True) if order == "asc" else F(field).desc(nulls_last=True)
    return services.order_by(expression, "name_key", "pk")


def register_level_counts(services) -> list[dict]:
    """How many of ``services`` (a ``register_services`` queryset) are at each level, in one
    query: ``[{"level": 0, "label": "Routine", "count": 12}, ...]`` for every level."""
    counts = dict(
        services.order_by()
        .values_list("current_level")
        .annotate(n=Count("pk"))
        .values_list("current_level", "n")
    )
    return [
        {"level": level.value, "label": level.label, "count": counts.get(level.value, 0)}
        for level in Level
    ]
