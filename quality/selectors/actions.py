"""Reads of action plans: a service's plan, one action to change, the overdue ones to chase."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from providers.models import Service
from providers.selectors import services_for
from quality.models import OPEN_ACTION_STATUSES, Action
from quality.selectors.schedule import portfolio_q, sees_whole_team


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
