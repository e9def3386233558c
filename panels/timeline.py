"""The panels' entries on the service timeline: each published decision about the service."""

from __future__ import annotations

from django.urls import reverse

from core.timeline import TimelineEntry, TimelineTag, register
from panels.models import AgendaItem, MeetingStatus
from panels.selectors import meetings_for


def _decision_entries(*, service, user, limit):
    items = (
        AgendaItem.objects.filter(
            service=service,
            meeting__status=MeetingStatus.PUBLISHED,
            meeting__in=meetings_for(user),
        )
        .exclude(decision="")
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-pk")[:limit]
    )
    for item in items:
        meeting = item.meeting
        details = [("Rationale", item.rationale)]
        if item.to_level is not None:
            details.append(("New level", item.get_to_level_display()))
        if item.sanctions_recommended:
            details.append(("Sanctions recommended", item.sanctions_recommended))
        yield TimelineEntry(
            kind="panel",
            date=meeting.date,
            title=f"{meeting.short_title}: {item.get_decision_display().lower()}",
            byline=str(meeting.get_panel_display()),
            tags=(TimelineTag(item.get_outcome_display(), "govuk-tag--purple"),)
            if item.outcome
            else (),
            url=reverse("panels:item", args=[meeting.pk, item.pk]),
            link_text="Read the minutes",
            recorded_at=meeting.published_at,
            details=tuple(details),
        )


def register_panel_sources() -> None:
    register("panel", "Panel decisions", _decision_entries, order=45)
