"""URLs of quality assurance: visits, evidence, intelligence, call monitoring, action plans,
the schedule, the calendar feed and the service timeline."""

from django.urls import path

from quality import views

app_name = "quality"

urlpatterns = [
    # The schedule and the calendar feed.
    path("visits/", views.ScheduleView.as_view(), name="schedule"),
    path("visits/calendar/", views.CalendarView.as_view(), name="calendar"),
    path("visits/calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="calendar-feed"),
    # Visits.
    path("services/<int:pk>/visits/plan/", views.VisitPlanView.as_view(), name="visit-plan"),
    path("services/<int:pk>/visits/new/", views.VisitNewView.as_view(), name="visit-new"),
    path(
        "services/<int:pk>/visits/new/<slug:visit_type>/",
        views.VisitRecordView.as_view(),
        name="visit-record",
    ),
    path("visits/<int:pk>/", views.VisitDetailView.as_view(), name="visit-detail"),
    path("visits/<int:pk>/record/", views.VisitEditView.as_view(), name="visit-edit"),
    path("visits/<int:pk>/amend/", views.VisitAmendView.as_view(), name="visit-amend"),
    path("visits/<int:pk>/cancel/", views.VisitCancelView.as_view(), name="visit-cancel"),
    # Evidence files.
    path("visits/<int:pk>/files/", views.EvidenceUploadView.as_view(), name="evidence-upload"),
    path("files/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence-download"),
    path("files/<int:pk>/remove/", views.EvidenceRemoveView.as_view(), name="evidence-remove"),
    # Intelligence.
    path(
        "services/<int:pk>/intelligence/add/",
        views.IntelligenceAddView.as_view(),
        name="intelligence-add",
    ),
    path(
        "intelligence/<int:pk>/",
        views.IntelligenceDetailView.as_view(),
        name="intelligence-detail",
    ),
    # Call monitoring (home support).
    path("services/<int:pk>/monitoring/", views.MonitoringView.as_view(), name="monitoring"),
    path(
        "services/<int:pk>/monitoring/add/",
        views.MonitoringAddView.as_view(),
        name="monitoring-add",
    ),
    path(
        "services/<int:pk>/monitoring/import/",
        views.MonitoringImportView.as_view(),
        name="monitoring-import",
    ),
    path(
        "monitoring/template.csv",
        views.MonitoringTemplateView.as_view(),
        name="monitoring-template",
    ),
    path("monitoring/<int:pk>/edit/", views.MonitoringEditView.as_view(), name="monitoring-edit"),
    # Action plans.
    path("services/<int:pk>/actions/", views.ActionListView.as_view(), name="actions"),
    path("services/<int:pk>/actions/add/", views.ActionCreateView.as_view(), name="action-create"),
    path("actions/<int:pk>/edit/", views.ActionEditView.as_view(), name="action-edit"),
    # The service timeline.
    path(
        "services/<int:pk>/timeline/",
        views.ServiceTimelineView.as_view(),
        name="service-timeline",
    ),
]
