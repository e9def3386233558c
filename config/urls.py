"""Top-level URL configuration: each app owns its own urls.py."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Oversight administration"
admin.site.site_title = "Oversight administration"

urlpatterns = [
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("", include("providers.urls")),
    path("", include("quality.urls")),
    path("", include("escalation.urls")),
    path("", include("failure_plan.urls")),
    path("panels/", include("panels.urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    path("django-admin/", admin.site.urls),
]
