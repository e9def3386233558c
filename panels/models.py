"""PEP and QPSG meetings: schedule defaults, members, meetings, agendas, minutes and actions
(DOMAIN.md, "Panels"; docs/adr/0011-panels.md)."""

from __future__ import annotations

import datetime

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel
from escalation.models import Authority, LevelChange
from providers.levels import Level
from providers.models import Service


class Panel(models.TextChoices):
    PEP = "pep", "Provider Escalation Panel"
    QPSG = "qpsg", "Quality Peer Support Group"


# The levels each panel oversees (DOMAIN.md): PEP levels 3-4, QPSG level 2.
PANEL_LEVELS = {Panel.PEP: (Level.THREE, Level.FOUR), Panel.QPSG: (Level.TWO,)}
PANEL_AUTHORITY: dict[str, str] = {Panel.PEP: Authority.PEP, Panel.QPSG: Authority.QPSG}
PANEL_SHORT = {Panel.PEP: "PEP", Panel.QPSG: "QPSG"}


class PanelSettings(TimeStampedModel):
    """How often a panel meets, by default (administrators change it in the Django admin).

    PEP: monthly on the ``week_of_month``-th ``weekday`` (second Tuesday). QPSG: every
    ``interval_weeks`` weeks on ``weekday`` (fortnightly). The agenda closes
    ``cutoff_working_days`` working days before the meeting.
    """

    panel = models.CharField(max_length=10, choices=Panel.choices, unique=True)
    weekday = models.PositiveSmallIntegerField(
        choices=[(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday")]
    )
    week_of_month = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a monthly panel: 1 is the first such weekday."
    )
    interval_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a panel that meets every few weeks."
    )
    start_time = models.TimeField(default=datetime.time(10, 0))
    duration_minutes = models.PositiveSmallIntegerField(default=120)
    location = models.CharField(max_length=255, blank=True)
    cutoff_working_days = models.PositiveSmallIntegerField(default=5)

    class Meta:
        verbose_name_plural = "panel settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(week_of_month__isnull=False) | Q(interval_weeks__isnull=False),
                name="panel_settings_has_a_rhythm",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_panel_display()} defaults"


class PanelMember(TimeStampedModel):
    """Someone who sits on a panel, and the agency they represent there."""

    panel = models.CharField(max_length=10, choices=Panel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_memberships"
    )
    agency = models.CharField(max_length=150)

    class Meta:
        ordering = ["panel", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="one_membership_per_panel")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.agency}), {self.get_panel_display()}"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Minutes published"
    CANCELLED = "cancelled", "Cancelled"


class MeetingQuerySet(models.QuerySet):
    """Which meetings were held."""

    @staticmethod
    def held_q(now: datetime.datetime) -> Q:
        """A meeting was held by ``now`` when it had started by then and was not cancelled."""
        return Q(starts_at__lte=now) & ~Q(status=MeetingStatus.CANCELLED)

    def held_by(self, now: datetime.datetime) -> MeetingQuerySet:
        """Meetings held by ``now`` (``held_q``)."""
        return self.filter(self.held_q(now))


@pghistory.track()
class Meeting(TimeStampedModel):
    """One meeting of a panel. Its minutes are its agenda items' records, published once."""

    panel = models.CharField(max_length=10, choices=Panel.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meetings_chaired"
    )
    agenda_built_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    minutes_pdf = models.FileField(upload_to="minutes/%Y/%m/", blank=True)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE: bumped on change

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["panel", "starts_at"])]
        permissions = [("chair_meeting", "Can run panel meetings and record decisions")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_meeting_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def date(self) -> datetime.date:
        from django.utils import timezone

        return timezone.localtime(self.starts_at).date()

    @property
    def reference(self) -> str:
        """How a decision names its authority: "Provider Escalation Panel, 12 November 2026"."""
        return f"{self.get_panel_display()}, {self.date:%-d %B %Y}"

    @property
    def short_title(self) -> str:
        return f"{PANEL_SHORT[Panel(self.panel)]} {self.date:%-d %B %Y}"

    @property
    def is_published(self) -> bool:
        return self.status == MeetingStatus.PUBLISHED

    @property
    def levels(self) -> tuple[int, ...]:
        return PANEL_LEVELS[Panel(self.panel)]


class Attendance(models.TextChoices):
    EXPECTED = "expected", "Expected"
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"


class Attendee(TimeStampedModel):
    """A member or invited attendee of one meeting, with their agency and attendance."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.CharField(max_length=150)
    is_member = models.BooleanField(default=True)
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.EXPECTED
    )

    class Meta:
        ordering = ["-is_member", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_attendee_row_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.agency})"


class ItemKind(models.TextChoices):
    MATTERS_ARISING = "matters_arising", "Matters arising"
    SERVICE = "service", "Service at the panel's level"
    REFERRAL = "referral", "Proposed escalation"
    CANDIDATE_OUT = "candidate_out", "Proposed de-escalation"
    ADDED = "added", "Service added by the chair"
    OTHER = "other", "Other business"


SERVICE_KINDS = (ItemKind.SERVICE, ItemKind.REFERRAL, ItemKind.CANDIDATE_OUT, ItemKind.ADDED)


class Decision(models.TextChoices):
    MAINTAIN = "maintain", "Maintain the level"
    ESCALATE = "escalate", "Escalate"
    DE_ESCALATE = "de_escalate", "De-escalate"
    CLOSE = "close", "Close (leaves the panel's oversight)"


class ItemOutcome(models.TextChoices):
    """What publishing did with the item's decision in the risk register."""

    NONE = "", "—"
    CONFIRMED = "confirmed", "Level change confirmed"
    DECLINED = "declined", "Proposal not agreed"
    REFERRED = "referred", "Referred to the Provider Escalation Panel"
    UNCHANGED = "unchanged", "Level maintained"


@pghistory.track()
class AgendaItem(TimeStampedModel):
    """One item of a meeting's agenda and, once discussed, its minutes.

    ``minutes_version`` goes up by one on every save of the minutes: a save that started from
    an older version is refused (optimistic concurrency, docs/adr/0011-panels.md).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    proposal = models.ForeignKey(
        LevelChange, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.ForeignKey(
        "PanelAction", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=255, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    to_level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    rationale = models.TextField("Discussion and rationale", blank=True)
    sanctions_recommended = models.TextField(blank=True)
    minutes_version = models.PositiveIntegerField(default=0)
    minutes_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minutes_saved_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ItemOutcome.choices, blank=True)
    level_change = models.ForeignKey(
        LevelChange, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "service"],
                condition=Q(service__isnull=False),
                name="one_item_per_service_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["meeting", "action"],
                condition=Q(action__isnull=False),
                name="one_item_per_action_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(to_level__isnull=True) | Q(to_level__lte=4),
                name="item_level_0_to_4",
            ),
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        if self.kind == ItemKind.MATTERS_ARISING and self.action is not None:
            return f"Matters arising: {self.action.description[:80]}"
        if self.service is not None:
            return self.service.name
        return self.title

    @property
    def is_service_item(self) -> bool:
        return self.kind in SERVICE_KINDS


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class PanelActionQuerySet(models.QuerySet):
    """Which actions were still to do on a day."""

    @staticmethod
    def not_done_q(day: datetime.date) -> Q:
        """An action is still to do at the end of ``day`` unless it was done by then: done on
        ``day`` or before it."""
        return Q(done_on__isnull=True) | Q(done_on__gt=day)


@pghistory.track()
class PanelAction(TimeStampedModel):
    """An action a panel agreed: tracked until done, and back as a matter arising at every
    later meeting of the same panel until then."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="panel_actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_actions"
    )
    due_on = models.DateField("Due date")
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default="open")
    done_on = models.DateField(null=True, blank=True)
    done_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = PanelActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="done_panel_action_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN
