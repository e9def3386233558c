"""URLs of quality assurance: visits, evidence, intelligence, call monitoring, action plans,
the schedule, the calendar feed and the service timeline."""

from django.urls import path

from quality.views.actions import ActionCreateView, ActionEditView, ActionListView
from quality.views.evidence import EvidenceDownloadView, EvidenceRemoveView, EvidenceUploadView
from quality.views.intelligence import IntelligenceAddView, IntelligenceDetailView
from quality.views.monitoring import (
    MonitoringAddView,
    MonitoringEditView,
    MonitoringImportView,
    MonitoringTemplateView,
    MonitoringView,
)
from quality.views.recording import VisitAmendView, VisitEditView, VisitRecordView
from quality.views.schedule import CalendarFeedView, CalendarView, ScheduleView
from quality.views.timeline import ServiceTimelineView
from quality.views.visits import VisitCancelView, VisitDetailView, VisitNewView, VisitPlanView

app_name = "quality"

urlpatterns = [
    # The schedule and the calendar feed.
    path("visits/", ScheduleView.as_view(), name="schedule"),
    path("visits/calendar/", CalendarView.as_view(), name="calendar"),
    path("visits/calendar/<str:token>.ics", CalendarFeedView.as_view(), name="calendar-feed"),
    # Visits.
    path("services/<int:pk>/visits/plan/", VisitPlanView.as_view(), name="visit-plan"),
    path("services/<int:pk>/visits/new/", VisitNewView.as_view(), name="visit-new"),
    path(
        "services/<int:pk>/visits/new/<slug:visit_type>/",
        VisitRecordView.as_view(),
        name="visit-record",
    ),
    path("visits/<int:pk>/", VisitDetailView.as_view(), name="visit-detail"),
    path("visits/<int:pk>/record/", VisitEditView.as_view(), name="visit-edit"),
    path("visits/<int:pk>/amend/", VisitAmendView.as_view(), name="visit-amend"),
    path("visits/<int:pk>/cancel/", VisitCancelView.as_view(), name="visit-cancel"),
    # Evidence files.
    path("visits/<int:pk>/files/", EvidenceUploadView.as_view(), name="evidence-upload"),
    path("files/<int:pk>/", EvidenceDownloadView.as_view(), name="evidence-download"),
    path("files/<int:pk>/remove/", EvidenceRemoveView.as_view(), name="evidence-remove"),
    # Intelligence.
    path(
        "services/<int:pk>/intelligence/add/",
        IntelligenceAddView.as_view(),
        name="intelligence-add",
    ),
    path("intelligence/<int:pk>/", IntelligenceDetailView.as_view(), name="intelligence-detail"),
    # Call monitoring (home support).
    path("services/<int:pk>/monitoring/", MonitoringView.as_view(), name="monitoring"),
    path("services/<int:pk>/monitoring/add/", MonitoringAddView.as_view(), name="monitoring-add"),
    path(
        "services/<int:pk>/monitoring/import/",
        MonitoringImportView.as_view(),
        name="monitoring-import",
    ),
    path("monitoring/template.csv", MonitoringTemplateView.as_view(), name="monitoring-template"),
    path("monitoring/<int:pk>/edit/", MonitoringEditView.as_view(), name="monitoring-edit"),
    # Action plans.
    path("services/<int:pk>/actions/", ActionListView.as_view(), name="actions"),
    path("services/<int:pk>/actions/add/", ActionCreateView.as_view(), name="action-create"),
    path("actions/<int:pk>/edit/", ActionEditView.as_view(), name="action-edit"),
    # The service timeline.
    path("services/<int:pk>/timeline/", ServiceTimelineView.as_view(), name="service-timeline"),
]
