"""The visit schedule and the personal calendar feed of planned visits."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInRequest
from core import ical
from core.pagination import pagination
from quality import selectors, services
from quality.forms.filters import ScheduleFilterForm
from quality.services.calendar import token_hash

PAGE_SIZE = 50
CALENDAR_TOKEN_SESSION_KEY = "quality_calendar_token"


class ScheduleView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Visits due and overdue: an officer's portfolio, or the whole team for managers."""

    request: SignedInRequest
    permission_required = "quality.view_schedule"
    template_name = "quality/schedule.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        team = selectors.sees_whole_team(user)
        form = ScheduleFilterForm(self.request.GET or None, team=team)
        filters = form.filters() if self.request.GET else {}
        today = timezone.localdate()
        everything = selectors.schedule(user=user, officer=filters.get("officer"), today=today)
        rows = (
            everything.filter(due_status=filters["status"]) if filters.get("status") else everything
        )
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "form": form,
                "team": team,
                "today": today,
                "counts": selectors.schedule_counts(everything),
                "page_obj": page,
                "rows": page.object_list,
                "pagination": pagination(page, query.urlencode()),
                "status": filters.get("status", ""),
                "officer": filters.get("officer"),
                "status_labels": dict(ScheduleFilterForm.STATUSES),
                "can_use_calendar": user.has_perm("quality.use_calendar_feed"),
            }
        )
        return context


class CalendarView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A private calendar feed of the planned visits you carry out: make, replace or stop it."""

    request: SignedInRequest
    permission_required = "quality.use_calendar_feed"
    template_name = "quality/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = self.request.session.pop(CALENDAR_TOKEN_SESSION_KEY, None)
        feed_url = ""
        if token:
            feed_url = self.request.build_absolute_uri(
                reverse("quality:calendar-feed", args=[token])
            )
        context.update(
            {
                "feed": getattr(self.request.user, "calendar_feed", None),
                "feed_url": feed_url,
                "planned": selectors.planned_visits_for_feed(user=self.request.user)[:20],
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "stop":
            services.calendar_feed_revoke(acting_user=request.user)
            messages.success(request, "Your calendar feed is turned off")
        else:
            token = services.calendar_feed_create(acting_user=request.user)
            # Shown once on the next page, then forgotten: only its hash is stored.
            request.session[CALENDAR_TOKEN_SESSION_KEY] = token
        return redirect("quality:calendar")


@method_decorator([login_not_required, never_cache], name="dispatch")
class CalendarFeedView(View):
    """The calendar feed itself (text/calendar): no sign-in; the secret token is the key."""

    def get(self, request, token: str):
        feed = selectors.feed_for_token_hash(token_hash(token))
        if feed is None:
            raise Http404("No such calendar")
        feed.__class__.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
        events = []
        for visit in selectors.planned_visits_for_feed(user=feed.user):
            service = visit.service
            # Only the service and the kind of visit: no notes, nothing about any person.
            events.append(
                ical.CalendarEvent(
                    uid=f"visit-{visit.pk}@{request.get_host().split(':')[0]}",
                    day=visit.planned_date,
                    summary=f"{visit.get_visit_type_display()}: {service.name}",
                    location=service.address,
                    url=request.build_absolute_uri(
                        reverse("quality:visit-detail", args=[visit.pk])
                    ),
                    description="Planned in Oversight. Sign in to see or record the visit.",
                    last_modified=visit.updated_at,
                )
            )
        body = ical.calendar(
            events,
            name=f"{settings.OVERSIGHT_SERVICE_NAME}: planned visits",
            product=f"-//{settings.OVERSIGHT_COUNCIL_NAME}//Oversight//EN",
            now=timezone.now(),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="oversight-visits.ics"'
        response["X-Robots-Tag"] = "noindex"
        return response
