"""Who hears about panel business: an action's owner, and the members and attendees when the
minutes are published. Messages name meetings, services and actions only (ADR 0010)."""

from __future__ import annotations

from django.urls import reverse

from notifications.models import Reason
from notifications.services import notify
from panels.models import Meeting, PanelAction, PanelMember


def action_assigned(*, action: PanelAction, acting_user) -> None:
    """The owner of a new action is told what and by when."""
    meeting = action.meeting
    notify(
        recipients=[action.owner],
        subject=f"Action for you from {meeting.short_title}",
        body=f"{action.description} — due {action.due_on:%-d %B %Y}.",
        url=reverse("panels:meeting-detail", args=[meeting.pk]) + "#actions",
        reason=Reason.PANEL,
        acting_user=acting_user,
    )


def minutes_published(*, meeting: Meeting, acting_user) -> None:
    """The panel's members and the meeting's attendees are told the minutes are out."""
    people = [a.user for a in meeting.attendees.select_related("user")]
    people += [
        m.user for m in PanelMember.objects.filter(panel=meeting.panel).select_related("user")
    ]
    decisions = meeting.items.exclude(decision="").count()
    notify(
        recipients=people,
        subject=f"Minutes published: {meeting.short_title}",
        body=(
            f"The minutes of the {meeting.reference} are published, with "
            f"{decisions} decision{'s' if decisions != 1 else ''}."
        ),
        url=reverse("panels:meeting-detail", args=[meeting.pk]),
        reason=Reason.PANEL,
        acting_user=acting_user,
    )
