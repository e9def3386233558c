"""The Provider Escalation Panel and the Quality Peer Support Group: meetings held, what they
decided (from published minutes) and their actions (quarterly report)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from panels.models import (
    PANEL_SHORT,
    SERVICE_KINDS,
    AgendaItem,
    Decision,
    ItemOutcome,
    Meeting,
    MeetingQuerySet,
    MeetingStatus,
    Panel,
    PanelAction,
    PanelActionQuerySet,
)
from reports.figures.common import ONE_DAY, Figures, iso, moment
from reports.rules import Period


def panels_section(period: Period, *, now: datetime.datetime | None = None) -> Figures:
    """Meetings of each panel in the period, what they discussed and decided (from published
    minutes), and their actions: agreed, done, and open at the end of the period."""
    now = now or timezone.now()
    begins, ends = moment(period.start), moment(period.end + ONE_DAY)
    meetings = Meeting.objects.filter(starts_at__gte=begins, starts_at__lt=ends)
    held_q = MeetingQuerySet.held_q(now)
    meeting_counts = {
        row["panel"]: row
        for row in meetings.order_by()
        .values("panel")
        .annotate(
            held=Count("pk", filter=held_q),
            published=Count("pk", filter=Q(status=MeetingStatus.PUBLISHED)),
            cancelled=Count("pk", filter=Q(status=MeetingStatus.CANCELLED)),
        )
    }
    published_items = AgendaItem.objects.filter(
        meeting__in=meetings.filter(status=MeetingStatus.PUBLISHED), kind__in=SERVICE_KINDS
    )
    decision_aggregates = {
        "services": Count("service", distinct=True),
        "referred": Count("pk", filter=Q(outcome=ItemOutcome.REFERRED)),
    }
    for decision in Decision:
        decision_aggregates[decision.value] = Count("pk", filter=Q(decision=decision))
    decisions = {
        row["meeting__panel"]: row
        for row in published_items.order_by()
        .values("meeting__panel")
        .annotate(**decision_aggregates)
    }
    # Agreed by the end of the period and not done by then.
    open_at_end = Q(meeting__starts_at__lt=ends) & PanelActionQuerySet.not_done_q(period.end)
    actions = {
        row["meeting__panel"]: row
        for row in PanelAction.objects.order_by()
        .values("meeting__panel")
        .annotate(
            agreed=Count(
                "pk", filter=Q(meeting__starts_at__gte=begins, meeting__starts_at__lt=ends)
            ),
            done=Count("pk", filter=Q(done_on__gte=period.start, done_on__lte=period.end)),
            open=Count("pk", filter=open_at_end),
            overdue=Count("pk", filter=open_at_end & Q(due_on__lte=period.end)),
        )
    }
    panels = []
    nothing: dict[str, int] = {}
    for panel in Panel:
        m = meeting_counts.get(panel, nothing)
        d = decisions.get(panel, nothing)
        a = actions.get(panel, nothing)
        panels.append(
            {
                "panel": panel.value,
                "label": panel.label,
                "short": PANEL_SHORT[panel],
                "held": m.get("held", 0),
                "published": m.get("published", 0),
                "cancelled": m.get("cancelled", 0),
                "services": d.get("services", 0),
                **{decision.value: d.get(decision.value, 0) for decision in Decision},
                "referred": d.get("referred", 0),
                "actions_agreed": a.get("agreed", 0),
                "actions_done": a.get("done", 0),
                "actions_open": a.get("open", 0),
                "actions_overdue": a.get("overdue", 0),
            }
        )
    listed = (
        meetings.held_by(now)
        .annotate(
            services=Count("items", filter=Q(items__kind__in=SERVICE_KINDS), distinct=True),
            actions_agreed=Count("actions", distinct=True),
        )
        .order_by("starts_at", "pk")
    )
    return {
        "panels": panels,
        "meetings": [
            {
                "on": iso(timezone.localtime(meeting.starts_at).date()),
                "panel": PANEL_SHORT[Panel(meeting.panel)],
                "services": meeting.services,
                "actions": meeting.actions_agreed,
                "minutes": "Published" if meeting.is_published else "Not yet published",
            }
            for meeting in listed
        ],
    }
