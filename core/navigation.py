"""The service navigation: one entry per area, shown to the roles that may use it.

Later apps add their entries here; an entry whose URL does not exist yet is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None  # a django-rules / Django permission name, None = any user


NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "core:home"),
    NavItem("Services", "providers:service-list", "providers.view_service"),
    NavItem("Risk register", "escalation:register", "escalation.view_register"),
    NavItem("Visits", "quality:schedule", "quality.view_schedule"),
    NavItem("Decisions", "escalation:decisions", "escalation.decide_level"),
    NavItem("Market", "providers:market-analysis", "providers.view_market_analysis"),
    NavItem("Failures", "failure_plan:incident-list", "failure_plan.view_incidents"),
    NavItem("Panels", "panels:meeting-list", "panels.view_meetings"),
    NavItem("Reports", "reports:index", "reports.view_reports"),
    NavItem("CQC import", "providers:cqc-sync", "providers.run_cqc_sync"),
]


def items_for(request) -> list[dict]:
    # Requests that never went through the middleware (the test server's static file
    # handler rendering a 404) have no user: they get no navigation, not an error.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        if item.permission and not user.has_perm(item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return items
