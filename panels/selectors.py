"""Every read the panels' pages, PDFs and invitations need, scoped to what the user may see.

A partner member sees only the meetings of panels they sit on; anything else is a 404.
The briefing for any number of services is read in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from accounts.rules import is_council_or_icb_staff
from escalation.models import RiskScore, Sanction, ServiceState
from panels import rules
from panels.models import (
    ActionStatus,
    AgendaItem,
    Attendee,
    Meeting,
    MeetingStatus,
    Panel,
    PanelAction,
    PanelSettings,
)
from providers.levels import Level
from quality.models import OPEN_ACTION_STATUSES, Action, Intelligence, Visit, VisitStatus
from quality.models import ActionStatus as QualityActionStatus

# Used when an administrator has not saved settings for a panel (docs/adr/0011-panels.md).
DEFAULT_SETTINGS = {
    Panel.PEP: {"weekday": 1, "week_of_month": 2, "interval_weeks": None},
    Panel.QPSG: {"weekday": 3, "week_of_month": None, "interval_weeks": 2},
}

# Without an earlier meeting, a briefing looks back this far.
DEFAULT_LOOKBACK = {Panel.PEP: 31, Panel.QPSG: 14}


def meetings_for(user) -> QuerySet[Meeting]:
    """Meetings ``user`` may see: all for council and ICB staff, a partner's own panels."""
    if not (user and user.is_authenticated and user.has_perm("panels.view_meetings")):
        return Meeting.objects.none()
    meetings = Meeting.objects.all()
    if not is_council_or_icb_staff(user):
        meetings = meetings.filter(panel__in=user.panel_memberships.values("panel"))
    return meetings


def meeting_list(*, user) -> QuerySet[Meeting]:
    return (
        meetings_for(user)
        .select_related("chair")
        .annotate(item_count=Count("items"))
        .order_by("-starts_at")
    )


def meeting_for(*, user, pk: int) -> Meeting:
    """One meeting ``user`` may see (404 otherwise)."""
    return get_object_or_404(meetings_for(user).select_related("chair", "published_by"), pk=pk)


def agenda(*, meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order with everything its table shows, in one query."""
    return list(
        meeting.items.select_related(
            "service",
            "service__state",
            "service__provider",
            "action",
            "action__owner",
            "proposal",
            "level_change",
            "minutes_saved_by",
        )
        .annotate(action_count=Count("actions"))
        .order_by("position", "pk")
    )


def attendees(*, meeting: Meeting) -> list[Attendee]:
    return list(meeting.attendees.select_related("user"))


def meeting_actions(*, meeting: Meeting) -> list[PanelAction]:
    return list(meeting.actions.select_related("owner", "service", "item").order_by("due_on"))


def item_for(*, meeting: Meeting, item_pk: int) -> AgendaItem:
    return get_object_or_404(
        meeting.items.select_related(
            "service",
            "service__state",
            "service__provider",
            "action",
            "action__owner",
            "action__meeting",
            "proposal",
            "proposal__proposed_by",
            "level_change",
            "minutes_saved_by",
        ),
        pk=item_pk,
    )


def neighbours(*, item: AgendaItem) -> tuple[AgendaItem | None, AgendaItem | None]:
    """The items before and after ``item`` on its agenda (for previous/next links)."""
    items = item.meeting.items.order_by("position", "pk")
    before = (
        items.filter(Q(position__lt=item.position) | Q(position=item.position, pk__lt=item.pk))
        .order_by("-position", "-pk")
        .only("pk", "position")
        .first()
    )
    after = (
        items.filter(Q(position__gt=item.position) | Q(position=item.position, pk__gt=item.pk))
        .only("pk", "position")
        .first()
    )
    return before, after


def since_date(*, meeting: Meeting) -> datetime.date:
    """The briefing covers what happened since the panel's previous meeting."""
    previous = (
        Meeting.objects.filter(panel=meeting.panel, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if previous:
        return timezone.localtime(previous).date()
    return meeting.date - datetime.timedelta(days=DEFAULT_LOOKBACK[Panel(meeting.panel)])


@dataclass
class Briefing:
    """What the panel reads about one service before deciding."""

    level: int = Level.ROUTINE
    level_since: datetime.date | None = None
    days_at_level: int | None = None
    scores: list[tuple[datetime.date, int]] = field(default_factory=list)
    intelligence: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    actions_open: int = 0
    actions_overdue: int = 0
    actions_done: int = 0
    sanctions: list = field(default_factory=list)
    earlier: list = field(default_factory=list)
    panel_actions: list = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return Level(self.level).label

    @property
    def score(self) -> int | None:
        return self.scores[-1][1] if self.scores else None

    @property
    def trend(self) -> str:
        """Rising, falling or steady, from the first and last score of the period."""
        if len(self.scores) < 2:
            return "Not enough scores yet"
        first, last = self.scores[0][1], self.scores[-1][1]
        if last > first:
            return f"Rising, from {first} to {last}"
        if last < first:
            return f"Falling, from {first} to {last}"
        return f"Steady at {last}"

    @property
    def actions_total(self) -> int:
        return self.actions_open + self.actions_done


def briefings(
    *,
    service_ids: list[int],
    since: datetime.date,
    today: datetime.date,
    exclude_meeting: Meeting | None = None,
) -> dict[int, Briefing]:
    """Briefings for many services in eight queries, however many there are."""
    result = {pk: Briefing() for pk in service_ids}
    if not service_ids:
        return result
    for state in ServiceState.objects.filter(service_id__in=service_ids):
        brief = result[state.service_id]
        brief.level, brief.level_since = state.level, state.level_since
        brief.days_at_level = (today - state.level_since).days
    year_ago = timezone.now() - datetime.timedelta(days=365)
    for service_id, score, at in (
        RiskScore.objects.filter(service_id__in=service_ids, calculated_at__gte=year_ago)
        .order_by("calculated_at", "pk")
        .values_list("service_id", "score", "calculated_at")
    ):
        result[service_id].scores.append((timezone.localtime(at).date(), score))
    for brief in result.values():
        brief.scores = brief.scores[-6:]
    for intelligence in Intelligence.objects.filter(
        service_id__in=service_ids, received_on__gte=since
    ).order_by("-received_on", "-pk"):
        result[intelligence.service_id].intelligence.append(intelligence)
    for visit in (
        Visit.objects.filter(
            service_id__in=service_ids, status=VisitStatus.COMPLETED, visit_date__gte=since
        )
        .select_related("officer")
        .order_by("-visit_date", "-pk")
    ):
        result[visit.service_id].visits.append(visit)
    for row in (
        Action.objects.filter(service_id__in=service_ids)
        .values("service_id")
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_ACTION_STATUSES)),
            overdue=Count("pk", filter=Q(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)),
            done=Count("pk", filter=Q(status=QualityActionStatus.DONE)),
        )
    ):
        brief = result[row["service_id"]]
        brief.actions_open, brief.actions_overdue = row["open"], row["overdue"]
        brief.actions_done = row["done"]
    for sanction in (
        Sanction.objects.in_force_on(today)
        .filter(service_id__in=service_ids)
        .order_by("start_date")
    ):
        result[sanction.service_id].sanctions.append(sanction)
    earlier = (
        AgendaItem.objects.filter(
            service_id__in=service_ids, meeting__status=MeetingStatus.PUBLISHED
        )
        .exclude(decision="")
        .select_related("meeting")
        .order_by("-meeting__starts_at")
    )
    if exclude_meeting is not None:
        earlier = earlier.exclude(meeting=exclude_meeting)
    for item in earlier:
        assert item.service_id is not None  # only service items, by the filter above
        result[item.service_id].earlier.append(item)
    for action in (
        PanelAction.objects.filter(service_id__in=service_ids, status=ActionStatus.OPEN)
        .select_related("owner")
        .order_by("due_on")
    ):
        assert action.service_id is not None  # by the filter above
        result[action.service_id].panel_actions.append(action)
    return result


def item_briefing(*, item: AgendaItem) -> Briefing | None:
    if not item.service_id:
        return None
    today = timezone.localdate()
    return briefings(
        service_ids=[item.service_id],
        since=since_date(meeting=item.meeting),
        today=today,
        exclude_meeting=item.meeting,
    )[item.service_id]


def pack_context(*, meeting_id: int) -> dict:
    """Everything the members' briefing pack shows."""
    meeting = Meeting.objects.select_related("chair").get(pk=meeting_id)
    items = agenda(meeting=meeting)
    since = since_date(meeting=meeting)
    today = timezone.localdate()
    briefs = briefings(
        service_ids=[item.service_id for item in items if item.service_id],
        since=since,
        today=today,
        exclude_meeting=meeting,
    )
    return {
        "meeting": meeting,
        "rows": [
            (item, briefs.get(item.service_id) if item.service_id else None) for item in items
        ],
        "attendees": attendees(meeting=meeting),
        "since": since,
    }


def minutes_context(*, meeting_id: int) -> dict:
    """Everything the published minutes show."""
    meeting = Meeting.objects.select_related("chair", "published_by").get(pk=meeting_id)
    items = list(
        meeting.items.select_related("service", "action", "action__owner", "level_change")
        .prefetch_related(Prefetch("actions", queryset=PanelAction.objects.select_related("owner")))
        .order_by("position", "pk")
    )
    return {"meeting": meeting, "items": items, "attendees": attendees(meeting=meeting)}


def owner_choices():
    """People who can own an action: active staff with a role."""
    return User.objects.active_with_role().order_by("full_name")


def panel_settings(*, panel: str) -> PanelSettings:
    """The council's defaults for a panel, or the built-in ones (unsaved) when none are set."""
    found = PanelSettings.objects.filter(panel=panel).first()
    return found or PanelSettings(panel=panel, **DEFAULT_SETTINGS[Panel(panel)])


def next_meeting_day(*, panel: str, after: datetime.date) -> datetime.date:
    """The panel's next meeting day after ``after``, by its settings and its last meeting."""
    settings = panel_settings(panel=panel)
    last = (
        Meeting.objects.filter(panel=panel)
        .exclude(status=MeetingStatus.CANCELLED)
        .aggregate(last=Max("starts_at"))["last"]
    )
    return rules.next_meeting_date(
        weekday=settings.weekday,
        after=after,
        week_of_month=settings.week_of_month,
        interval_weeks=settings.interval_weeks,
        last_meeting=timezone.localtime(last).date() if last else None,
    )
