"""Tags for quality pages and for the sections quality adds to the service and home pages.

The service page (templates/providers/service_detail.html) and the home page include these
inclusion tags; each runs quality's own selectors, so those pages' views need not know about
visits, actions or call monitoring.
"""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import format_html

from core import timeline
from providers.levels import Level
from quality import selectors
from quality.charts import monitoring_chart
from quality.colours import (
    ACTION_STATUS_COLOURS,
    AREA_RATING_COLOURS,
    SEVERITY_COLOURS,
    VISIT_STATUS_COLOURS,
)
from quality.forms.filters import TimelineFilterForm
from quality.models import AreaRating, Severity, VisitStatus, interval_label
from quality.rules import DUE_SOON_DAYS, is_home_support

register = template.Library()

DUE_STATUS = {
    "overdue": ("Overdue", "govuk-tag--red"),
    "due_soon": ("Due soon", "govuk-tag--yellow"),
    "never": ("Not yet visited", "govuk-tag--orange"),
    "scheduled": ("Not due yet", "govuk-tag--grey"),
}
LEVEL_COLOURS = {0: "govuk-tag--grey", 1: "govuk-tag--yellow", 2: "govuk-tag--orange"}


def _tag(text, colour):
    return format_html('<strong class="govuk-tag {}">{}</strong>', colour, text)


@register.filter
def area_rating_tag(value):
    """An area (or overall) rating as a GOV.UK tag; "Not rated yet" when empty."""
    if not value:
        return _tag("Not rated yet", "govuk-tag--grey")
    return _tag(AreaRating(value).label, AREA_RATING_COLOURS.get(value, "govuk-tag--grey"))


@register.filter
def due_status_tag(value):
    text, colour = DUE_STATUS.get(value, ("", "govuk-tag--grey"))
    return _tag(text, colour) if text else ""


@register.filter
def severity_tag(value):
    return _tag(Severity(value).label, SEVERITY_COLOURS.get(value, "govuk-tag--grey"))


@register.filter
def visit_status_tag(value):
    return _tag(VisitStatus(value).label, VISIT_STATUS_COLOURS.get(value, "govuk-tag--grey"))


@register.filter
def action_status_tag(action):
    """The action's status; an open action past its due date shows a red "Overdue" too."""
    status = _tag(action.get_status_display(), ACTION_STATUS_COLOURS.get(action.status, ""))
    overdue = getattr(action, "overdue", None)
    if overdue is None:
        overdue = action.is_overdue_on(timezone.localdate())
    if overdue:
        return format_html("{} {}", status, _tag("Overdue", "govuk-tag--red"))
    return status


@register.filter
def level_tag(level):
    level = Level(level if level is not None else 0)
    return _tag(level.label, LEVEL_COLOURS.get(level.value, "govuk-tag--red"))


@register.filter
def interval_text(service) -> str:
    return interval_label(service.interval_months, service.interval_days)


# --- sections of the service page ----------------------------------------------------------------
@register.inclusion_tag("quality/includes/service_actions.html", takes_context=True)
def quality_service_actions(context, service):
    """The quality links in the service page's side column."""
    user = context["request"].user
    return {
        "service": service,
        "can_record": user.has_perm("quality.record_visit", service),
        "can_plan": user.has_perm("quality.plan_visit", service),
        "can_add_intelligence": user.has_perm("quality.log_intelligence", service),
        "can_manage_actions": user.has_perm("quality.manage_actions", service),
        "can_record_monitoring": user.has_perm("quality.record_monitoring", service),
    }


@register.inclusion_tag("quality/includes/service_sections.html", takes_context=True)
def quality_service_sections(context, service):
    """Visits and the schedule, the action plan, call monitoring (home support) and the
    timeline, for the service page."""
    request = context["request"]
    user = request.user
    today = timezone.localdate()
    form = TimelineFilterForm(request.GET if "kind" in request.GET else None)
    kind = form.chosen_kind() if form.is_bound else ""
    home_support = is_home_support(service)
    trend = selectors.monitoring_trend(service=service, today=today) if home_support else None
    visits = list(selectors.visits_for_service(service=service)[:6])
    return {
        "request": request,
        "service": service,
        "today": today,
        "schedule": selectors.next_visit(service=service, today=today),
        "visits": visits,
        "actions": list(
            selectors.actions_for_service(service=service, open_only=True, today=today)
        ),
        "home_support": home_support,
        "trend": trend,
        "chart": monitoring_chart(trend) if trend else None,
        "timeline_form": form,
        "timeline_kind": kind,
        "entries": timeline.service_timeline(service=service, user=user, kind=kind, limit=15),
        "can_record": user.has_perm("quality.record_visit", service),
        "can_plan": user.has_perm("quality.plan_visit", service),
        "can_add_intelligence": user.has_perm("quality.log_intelligence", service),
        "can_manage_actions": user.has_perm("quality.manage_actions", service),
        "can_record_monitoring": user.has_perm("quality.record_monitoring", service),
    }


# --- the home page ---------------------------------------------------------------------------------
@register.inclusion_tag("quality/includes/home_panels.html", takes_context=True)
def quality_home_panels(context):
    """Visits due and overdue and overdue actions: an officer's or nurse's own, or (for
    managers) the team's."""
    user = context["request"].user
    if not user.is_authenticated or not user.has_perm("quality.view_schedule"):
        return {"show": False}
    today = timezone.localdate()
    rows = selectors.schedule(user=user, today=today)
    due = rows.filter(due_status__in=["overdue", "due_soon", "never"])
    return {
        "show": True,
        "team": selectors.sees_whole_team(user),
        "today": today,
        "due_soon_days": DUE_SOON_DAYS,
        "counts": selectors.schedule_counts(rows),
        "due": list(due[:8]),
        "overdue_actions": list(selectors.overdue_actions_for(user=user, today=today, limit=8)),
    }


@register.filter
def get_area(mapping, key):
    return mapping.get(key, []) if mapping else []


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def can_plan(service, user) -> bool:
    return user.has_perm("quality.plan_visit", service)
