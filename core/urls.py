from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accessibility",
        views.PublicPageView.as_view(template_name="core/accessibility.html"),
        name="accessibility",
    ),
    path(
        "privacy", views.PublicPageView.as_view(template_name="core/privacy.html"), name="privacy"
    ),
    path(
        "cookies", views.PublicPageView.as_view(template_name="core/cookies.html"), name="cookies"
    ),
    path("jobs/<uuid:pk>", views.JobView.as_view(), name="job"),
    path("jobs/<uuid:pk>/status", views.job_status, name="job-status"),
    path("jobs/<uuid:pk>/download", views.job_download, name="job-download"),
]
