"""Everything known about a service, newest first."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInRequest
from core import timeline
from core.pagination import page_url
from quality.forms.filters import TimelineFilterForm
from quality.views.mixins import ServiceMixin

TIMELINE_PAGE_SIZE = 25


class ServiceTimelineView(LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, TemplateView):
    """Everything known about a service, newest first, one kind or all."""

    request: SignedInRequest
    permission_required = "quality.view_quality"
    template_name = "quality/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = TimelineFilterForm(self.request.GET or None)
        kind = form.chosen_kind() if self.request.GET else ""
        requested = self.request.GET.get("page", "1")
        page_number = int(requested) if requested.isdigit() and int(requested) > 0 else 1
        # One more than the page needs tells whether there is a next page.
        wanted = page_number * TIMELINE_PAGE_SIZE + 1
        entries = timeline.service_timeline(
            service=self.get_service(), user=self.request.user, kind=kind, limit=wanted
        )
        start = (page_number - 1) * TIMELINE_PAGE_SIZE
        params = self.request.GET.copy()
        params.pop("page", None)
        # Newer and older only: the merged history has no page count to number pages by.
        query = params.urlencode()
        context.update(
            {
                "form": form,
                "kind": kind,
                "entries": entries[start : start + TIMELINE_PAGE_SIZE],
                "page_number": page_number,
                "previous_url": page_url(query, page_number - 1) if page_number > 1 else "",
                "next_url": page_url(query, page_number + 1)
                if len(entries) > start + TIMELINE_PAGE_SIZE
                else "",
            }
        )
        return context
