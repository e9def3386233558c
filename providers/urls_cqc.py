"""Starting and following the CQC import from the browser (administrators)."""

from django.urls import path

from providers import views_cqc

urlpatterns = [
    path("cqc/sync/", views_cqc.CQCSyncView.as_view(), name="cqc-sync"),
]
