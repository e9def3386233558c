"""Failure incidents open at any time in the period (both reports)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from failure_plan.models import Incident
from reports.figures.common import ONE_DAY, Figures, iso, moment
from reports.rules import Period


def incidents_section(period: Period) -> Figures:
    """Every failure incident open at any time in the period: opened, closed, open at its end,
    and each one's outcome, with the people affected and how many had moved by the end
    (counts only: a board report never names people receiving care)."""
    begins, ends = moment(period.start), moment(period.end + ONE_DAY)
    placed = (~Q(people__destination="") | Q(people__destination_service__isnull=False)) & Q(
        people__move_date__isnull=False, people__move_date__lte=period.end
    )
    incidents = list(
        Incident.objects.open_between(begins, ends)
        .annotate(
            people_now=Count("people", distinct=True),
            people_placed=Count("people", filter=placed, distinct=True),
        )
        .prefetch_related("services")
        .order_by("notice_at", "pk")
    )
    rows = []
    for incident in incidents:
        closed_in_time = incident.closed_at is not None and incident.closed_at < ends
        people = incident.people_now + incident.people_purged_count
        if closed_in_time:
            outcome = f"Closed on {timezone.localtime(incident.closed_at):%-d %B %Y}"
        else:
            outcome = "Open at the end of the period"
        rows.append(
            {
                "reference": incident.reference,
                "title": incident.title,
                "cause": incident.get_cause_display(),
                "emergency": incident.is_emergency,
                "services": ", ".join(s.name for s in incident.services.all()),
                "notice": iso(timezone.localtime(incident.notice_at).date()),
                "opened_in_period": incident.notice_at >= begins,
                "closed_in_period": closed_in_time,
                "outcome": outcome,
                "people": people,
                # After the retention purge only the count is left, not where people went.
                "placed": None if incident.people_purged_at else incident.people_placed,
            }
        )
    return {
        "incidents": rows,
        "opened": sum(1 for row in rows if row["opened_in_period"]),
        "closed": sum(1 for row in rows if row["closed_in_period"]),
        "open_at_end": sum(1 for row in rows if not row["closed_in_period"]),
        "emergencies": sum(1 for row in rows if row["emergency"]),
        "people": sum(row["people"] for row in rows),
    }
