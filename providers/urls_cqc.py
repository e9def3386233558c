"""Starting and following the CQC import from the browser (administrators)."""

from django.urls import path

from providers import views

urlpatterns = [
    path("cqc/sync/", views.CQCSyncView.as_view(), name="cqc-sync"),
]
