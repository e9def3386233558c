"""The visit schedule, computed in the database: each service's current level
(``providers.levels.current_level_expression``) picks its visit frequency, which is added
to the date of its last completed visit; a planned visit that is earlier wins. One query
serves any number of services.

Also who sees whose schedule: an officer's or nurse's portfolio, or the whole team.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from accounts.rules import is_clinical_nurse, is_contract_officer
from providers.levels import current_level_expression
from providers.models import Service, ServiceQuerySet
from providers.selectors import services_for
from quality.models import Visit, VisitFrequency, VisitStatus
from quality.rules import DUE_SOON_DAYS

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType
    from django_stubs_ext import WithAnnotations

    # A service with the annotations with_schedule adds.
    ScheduledService = WithAnnotations[Service, "ScheduleAnnotations"]


class ScheduleAnnotations(TypedDict):
    """What with_schedule adds to each service (for the type checker)."""

    current_level: int
    interval_months: int
    interval_days: int
    unannounced: bool
    last_visit_on: datetime.date | None
    next_planned_on: datetime.date | None
    next_planned_id: int | None
    next_planned_type: str | None
    # NULL when never visited; typed as its DateField output (the plugin checks it so).
    due_by_level: datetime.date
    next_due: datetime.date | None
    due_status: str
    due_rank: int


# Defaults used if an administrator deletes a level's frequency row: the routine interval.
FALLBACK_MONTHS = 12


# --- database expressions ---------------------------------------------------------------------
class AddMonthsAndDays(Func):
    """``date + make_interval(months => m, days => d)``, as a date (PostgreSQL)."""

    output_field = DateField()

    def __init__(self, date, months, days):
        super().__init__(date, months, days)

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> _AsSqlType:
        parts: list[str] = []
        params: list[Any] = []
        for expression in self.source_expressions:
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        date_sql, months_sql, days_sql = parts
        return (
            f"(({date_sql}) + make_interval(months => ({months_sql})::integer, "
            f"days => ({days_sql})::integer))::date",
            # A list, as Django 5.2's own expressions return (its lookups extend it); the
            # stubs already type params as Django 6's tuple.
            params,  # type: ignore[return-value]
        )


def _frequency(field: str) -> Subquery:
    return Subquery(
        VisitFrequency.objects.filter(level=OuterRef("current_level")).values(field)[:1]
    )


def with_schedule(
    services: QuerySet[Service], *, today: datetime.date
) -> QuerySet[ScheduledService]:
    """Annotate each service with its visit schedule:

    current_level, interval_months, interval_days, unannounced   from its level's frequency
    last_visit_on        the date of its last completed visit
    next_planned_on / next_planned_id / next_planned_type / next_planned_officer_id
                         its earliest planned visit
    due_by_level         last_visit_on + the interval for its current level
    next_due             the earlier of next_planned_on and due_by_level (None: never visited
                         and nothing planned)
    due_status           overdue / due_soon / scheduled / never (quality.rules.due_status)
    """
    completed = Visit.objects.filter(service=OuterRef("pk"), status=VisitStatus.COMPLETED)
    planned = Visit.objects.filter(service=OuterRef("pk"), status=VisitStatus.PLANNED).order_by(
        "planned_date", "pk"
    )
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return (
        services.annotate(
            current_level=current_level_expression(),
            interval_months=Coalesce(_frequency("interval_months"), Value(FALLBACK_MONTHS)),
            interval_days=Coalesce(_frequency("interval_days"), Value(0)),
            unannounced=Coalesce(
                _frequency("unannounced"), Value(False), output_field=BooleanField()
            ),
            last_visit_on=Subquery(
                completed.order_by("-visit_date").values("visit_date")[:1],
                output_field=DateField(),
            ),
            next_planned_on=Subquery(planned.values("planned_date")[:1]),
            next_planned_id=Subquery(planned.values("pk")[:1]),
            next_planned_type=Subquery(planned.values("visit_type")[:1]),
        )
        .annotate(
            due_by_level=AddMonthsAndDays("last_visit_on", "interval_months", "interval_days"),
        )
        .annotate(next_due=Least("next_planned_on", "due_by_level", output_field=DateField()))
        .annotate(
            due_status=Case(
                When(next_due__isnull=True, then=Value("never")),
                When(next_due__lt=today, then=Value("overdue")),
                When(next_due__lte=soon, then=Value("due_soon")),
                default=Value("scheduled"),
                output_field=CharField(),
            ),
            due_rank=Case(
                When(next_due__lt=today, then=Value(0)),
                When(next_due__isnull=True, then=Value(1)),
                When(next_due__lte=soon, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
        )
    )


# --- scope -------------------------------------------------------------------------------------
def sees_whole_team(user) -> bool:
    """Panel chairs, directors and administrators see the whole team's schedule; officers
    and nurses see their own portfolio."""
    return user.has_perm("quality.view_schedule") and not (
        is_contract_officer(user) or is_clinical_nurse(user)
    )


def portfolio_q(user, prefix: str = "") -> Q:
    """The services in ``user``'s portfolio: as contract officer, or as clinical nurse."""
    return Q(**{f"{prefix}contract_officer": user}) | Q(**{f"{prefix}clinical_nurse": user})


def schedule(
    *, user, officer=None, status: str = "", today: datetime.date | None = None
) -> QuerySet[ScheduledService]:
    """The open services whose visits ``user`` plans, with their schedule, most urgent first:
    an officer's or nurse's own portfolio, or (for managers) the whole team, optionally one
    officer's portfolio."""
    today = today or timezone.localdate()
    # services_for is typed as a plain QuerySet; it is the register's ServiceQuerySet.
    services = cast(ServiceQuerySet, services_for(user)).open()
    if not user.has_perm("quality.view_schedule"):
        services = services.none()
    elif not sees_whole_team(user):
        services = services.filter(portfolio_q(user))
    elif officer is not None:
        services = services.filter(contract_officer=officer)
    rows = with_schedule(
        services.select_related("provider", "contract_officer", "clinical_nurse"), today=today
    )
    if status:
        rows = rows.filter(due_status=status)
    return rows.order_by("due_rank", "next_due", "name", "pk")


def schedule_counts(rows: QuerySet[ScheduledService]) -> dict[str, int]:
    """How many services are overdue, due soon, never visited and scheduled."""
    counts = rows.order_by().aggregate(
        overdue=Count("pk", filter=Q(due_status="overdue")),
        due_soon=Count("pk", filter=Q(due_status="due_soon")),
        never=Count("pk", filter=Q(due_status="never")),
        scheduled=Count("pk", filter=Q(due_status="scheduled")),
    )
    counts["total"] = sum(counts.values())
    return counts


def next_visit(*, service: Service, today: datetime.date | None = None) -> ScheduledService:
    """One service with its schedule annotations."""
    today = today or timezone.localdate()
    return with_schedule(Service.objects.filter(pk=service.pk), today=today).get()
