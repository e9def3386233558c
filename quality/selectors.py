"""Every read the quality pages need, scoped to the person asking.

The visit schedule is computed in the database: each service's current level
(``providers.levels.current_level_expression``) picks its visit frequency, which is added
to the date of its last completed visit; a planned visit that is earlier wins. One query
serves any number of services.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.rules import is_clinical_nurse, is_contract_officer
from providers.levels import current_level_expression
from providers.models import Service
from providers.selectors import services_for
from quality.models import (
    OPEN_ACTION_STATUSES,
    Action,
    CalendarFeed,
    EvidenceFile,
    Intelligence,
    MonitoringFigures,
    Visit,
    VisitAmendment,
    VisitFrequency,
    VisitStatus,
)
from quality.rules import DUE_SOON_DAYS

# Defaults used if an administrator deletes a level's frequency row: the routine interval.
FALLBACK_MONTHS = 12


# --- database expressions ---------------------------------------------------------------------
class AddMonthsAndDays(Func):
    """``date + make_interval(months => m, days => d)``, as a date (PostgreSQL)."""

    output_field = DateField()

    def __init__(self, date, months, days):
        super().__init__(date, months, days)

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.source_expressions:
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        date_sql, months_sql, days_sql = parts
        return (
            f"(({date_sql}) + make_interval(months => ({months_sql})::integer, "
            f"days => ({days_sql})::integer))::date",
            params,
        )


def _frequency(field: str):
    return Subquery(
        VisitFrequency.objects.filter(level=OuterRef("current_level")).values(field)[:1]
    )


def with_schedule(services: QuerySet[Service], *, today: datetime.date) -> QuerySet[Service]:
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
) -> QuerySet[Service]:
    """The open services whose visits ``user`` plans, with their schedule, most urgent first:
    an officer's or nurse's own portfolio, or (for managers) the whole team, optionally one
    officer's portfolio."""
    today = today or timezone.localdate()
    services = services_for(user).open()
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


def schedule_counts(rows: QuerySet[Service]) -> dict[str, int]:
    """How many services are overdue, due soon, never visited and scheduled."""
    counts = rows.order_by().aggregate(
        overdue=Count("pk", filter=Q(due_status="overdue")),
        due_soon=Count("pk", filter=Q(due_status="due_soon")),
        never=Count("pk", filter=Q(due_status="never")),
        scheduled=Count("pk", filter=Q(due_status="scheduled")),
    )
    counts["total"] = sum(counts.values())
    return counts


def next_visit(*, service: Service, today: datetime.date | None = None) -> Service:
    """One service with its schedule annotations."""
    today = today or timezone.localdate()
    return with_schedule(Service.objects.filter(pk=service.pk), today=today).get()


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


# --- actions -----------------------------------------------------------------------------------
def with_overdue(actions: QuerySet[Action], *, today: datetime.date) -> QuerySet[Action]:
    return actions.annotate(
        overdue=Case(
            When(Q(status__in=OPEN_ACTION_STATUSES) & Q(due_on__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def actions_for_service(
    *, service: Service, open_only: bool = False, today: datetime.date | None = None
) -> QuerySet[Action]:
    """The service's action plan: open and in-progress actions first (soonest due first),
    then done and cancelled ones."""
    today = today or timezone.localdate()
    actions = service.actions.select_related("owner", "visit")
    if open_only:
        actions = actions.filter(status__in=OPEN_ACTION_STATUSES)
    return (
        with_overdue(actions, today=today)
        .annotate(
            closed_rank=Case(
                When(status__in=OPEN_ACTION_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed_rank", "due_on", "pk")
    )


def action_for_change(*, user, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.filter(service__in=services_for(user)).select_related(
            "service", "service__provider", "visit", "owner"
        ),
        pk=pk,
    )


def overdue_actions_for(
    *, user, today: datetime.date | None = None, limit: int = 10
) -> QuerySet[Action]:
    """Overdue actions a person should chase: on their portfolio's services or owned by them
    (managers: the whole team's)."""
    today = today or timezone.localdate()
    actions = Action.objects.filter(
        service__in=services_for(user), status__in=OPEN_ACTION_STATUSES, due_on__lt=today
    )
    if not sees_whole_team(user):
        actions = actions.filter(portfolio_q(user, "service__") | Q(owner=user))
    return actions.select_related("service", "owner").order_by("due_on", "pk")[:limit]


# --- call monitoring ---------------------------------------------------------------------------
def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_back(day: datetime.date, count: int) -> list[datetime.date]:
    """The ``count`` months ending with ``day``'s month, oldest first."""
    year, month = day.year, day.month
    months = []
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


@dataclass
class MonitoringTrend:
    months: list[datetime.date]
    rows: list[MonitoringFigures | None]  # one per month, None when not recorded

    @property
    def recorded(self) -> list[MonitoringFigures]:
        return [row for row in self.rows if row is not None]

    @property
    def latest(self) -> MonitoringFigures | None:
        recorded = self.recorded
        return recorded[-1] if recorded else None


def monitoring_trend(
    *, service: Service, months: int = 12, today: datetime.date | None = None
) -> MonitoringTrend:
    """The last ``months`` months of figures ending with the latest month recorded (or this
    month), one entry per month."""
    today = today or timezone.localdate()
    figures = list(
        service.monitoring_figures.filter(month__lte=month_start(today)).order_by("-month")[
            : months * 2
        ]
    )
    end = figures[0].month if figures else month_start(today)
    window = months_back(end, months)
    by_month = {row.month: row for row in figures}
    return MonitoringTrend(months=window, rows=[by_month.get(m) for m in window])


def monitoring_for_service(*, service: Service) -> QuerySet[MonitoringFigures]:
    return service.monitoring_figures.select_related("entered_by").order_by("-month")


def monitoring_for_change(*, user, pk: int) -> MonitoringFigures:
    return get_object_or_404(
        MonitoringFigures.objects.filter(service__in=services_for(user)).select_related(
            "service", "service__provider"
        ),
        pk=pk,
    )
