"""Reads of the people affected. Names are read only by ``people_for`` and ``person_for``;
views call them only after checking ``failure_plan.see_people`` and write the access log.
``people_figures`` counts without reading a single name."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from failure_plan.models import (
    NEEDS_FLAGS,
    AffectedPerson,
    Funding,
    Incident,
    Reservation,
    ReviewStatus,
)
from failure_plan.rules.dates import WELLBEING_CHECK_BY_DAYS, WELLBEING_CHECK_FROM_DAYS
from failure_plan.rules.duties import responsibility_for


def placed_q(today: datetime.date) -> Q:
    has_destination = ~Q(destination="") | Q(destination_service__isnull=False)
    return has_destination & Q(move_date__isnull=False, move_date__lte=today)


@dataclass(frozen=True)
class PeopleFigures:
    total: int
    placed: int
    reviewed: int
    reserved: int
    wellbeing_done: int
    wellbeing_due: int
    wellbeing_overdue: int
    by_funding: list[tuple[str, str, int]]  # (funding, label, count)
    by_responsibility: list[tuple[str, int]]
    needs: list[tuple[str, int]]

    @property
    def not_placed(self) -> int:
        return self.total - self.placed


def people_figures(*, incident: Incident, today: datetime.date) -> PeopleFigures:
    """Counts about the people affected, without reading a single name (one query)."""
    # People whose check window has opened, and whose window has closed, by today.
    opens = today - datetime.timedelta(days=WELLBEING_CHECK_FROM_DAYS)
    closes = today - datetime.timedelta(days=WELLBEING_CHECK_BY_DAYS)
    aggregates = {
        "total": Count("pk"),
        "placed": Count("pk", filter=placed_q(today)),
        "reviewed": Count("pk", filter=Q(review_status=ReviewStatus.DONE)),
        "wellbeing_done": Count("pk", filter=Q(wellbeing_checked_on__isnull=False)),
        # Due: the window (28 to 42 days after the move) has opened and not yet closed.
        "wellbeing_due": Count(
            "pk",
            filter=Q(
                wellbeing_checked_on__isnull=True,
                move_date__lte=opens,
                move_date__gte=closes,
            ),
        ),
        "wellbeing_overdue": Count(
            "pk", filter=Q(wellbeing_checked_on__isnull=True, move_date__lt=closes)
        ),
    }
    for funding in Funding.values:
        aggregates[f"funding_{funding}"] = Count("pk", filter=Q(funding=funding))
    for flag in NEEDS_FLAGS:
        aggregates[f"flag_{flag}"] = Count("pk", filter=Q(**{flag: True}))
    row = AffectedPerson.objects.filter(incident=incident).aggregate(**aggregates)
    reserved = Reservation.objects.filter(
        person__incident=incident, released_at__isnull=True
    ).count()
    by_funding = [(value, label, row[f"funding_{value}"]) for value, label in Funding.choices]
    responsibility: dict[str, int] = {}
    for value, _label, count in by_funding:
        if not count:
            continue
        who = responsibility_for(funding=value, placing_council="the placing council")
        if value in (Funding.SELF_FUNDER, Funding.OTHER_COUNCIL):
            payer = "the person" if value == Funding.SELF_FUNDER else "the placing council"
            key = f"The council co-ordinates; {payer} funds and plans"
        else:
            key = who.responsible
        responsibility[key] = responsibility.get(key, 0) + count
    return PeopleFigures(
        total=row["total"],
        placed=row["placed"],
        reviewed=row["reviewed"],
        reserved=reserved,
        wellbeing_done=row["wellbeing_done"],
        wellbeing_due=row["wellbeing_due"],
        wellbeing_overdue=row["wellbeing_overdue"],
        by_funding=by_funding,
        by_responsibility=list(responsibility.items()),
        needs=[(label, row[f"flag_{flag}"]) for flag, label in NEEDS_FLAGS.items()],
    )


# --- people (names: check failure_plan.see_people first) ----------------------------------
def live_reservations() -> Prefetch:
    return Prefetch(
        "reservations",
        queryset=Reservation.objects.filter(released_at__isnull=True).select_related(
            "vacancy__service"
        ),
        to_attr="live_reservations",
    )


PEOPLE_FILTERS = {
    "not_placed": "Not yet placed",
    "not_reviewed": "Not reviewed yet",
    "wellbeing_due": "Wellbeing check due or overdue",
}


def people_for(
    *, incident: Incident, show: str = "", today: datetime.date | None = None
) -> QuerySet[AffectedPerson]:
    """The incident's people with what the list shows (three queries however many)."""
    today = today or timezone.localdate()
    people = (
        incident.people.select_related("service", "placing_council", "destination_service")
        .prefetch_related(live_reservations())
        .order_by("full_name", "pk")
    )
    if show == "not_placed":
        people = people.exclude(placed_q(today))
    elif show == "not_reviewed":
        people = people.exclude(review_status=ReviewStatus.DONE)
    elif show == "wellbeing_due":
        people = people.filter(
            wellbeing_checked_on__isnull=True,
            move_date__lte=today - datetime.timedelta(days=WELLBEING_CHECK_FROM_DAYS),
        )
    return people


def person_for(*, incident: Incident, pk: int) -> AffectedPerson:
    return get_object_or_404(
        incident.people.select_related(
            "service", "placing_council", "destination_service"
        ).prefetch_related(live_reservations()),
        pk=pk,
    )


def reservation_for(*, person: AffectedPerson) -> Reservation | None:
    return (
        Reservation.objects.filter(person=person, released_at__isnull=True)
        .select_related("vacancy__service")
        .first()
    )
