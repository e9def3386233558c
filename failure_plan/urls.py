"""URLs of the failure plan: the playbook, incidents and everything in them, capacity."""

from django.urls import path

from failure_plan import views

app_name = "failure_plan"

incident = "failures/<int:pk>/"
person = incident + "people/<int:person_pk>/"

urlpatterns = [
    path("failures/", views.IncidentListView.as_view(), name="incident-list"),
    path("failures/open/", views.IncidentOpenView.as_view(), name="incident-create"),
    path("failures/playbook/", views.PlaybookView.as_view(), name="playbook"),
    path(
        "failures/playbook/checklist/",
        views.ChecklistTemplateView.as_view(),
        name="checklist-template",
    ),
    path("failures/capacity/", views.CapacityFinderView.as_view(), name="capacity-finder"),
    path("failures/capacity/record/", views.VacancyRecordView.as_view(), name="vacancy-record"),
    path("failures/capacity/import/", views.VacancyImportView.as_view(), name="vacancy-import"),
    path(
        "failures/capacity/import/template.csv",
        views.VacancyImportTemplateView.as_view(),
        name="vacancy-import-template",
    ),
    path(incident, views.IncidentDetailView.as_view(), name="incident-detail"),
    path(incident + "edit/", views.IncidentUpdateView.as_view(), name="incident-update"),
    path(incident + "team/add/", views.TeamMemberAddView.as_view(), name="team-member-add"),
    path(
        incident + "team/<int:member_pk>/remove/",
        views.TeamMemberRemoveView.as_view(),
        name="team-member-remove",
    ),
    path(incident + "checklist/", views.ChecklistView.as_view(), name="checklist"),
    path(
        incident + "checklist/<int:task_pk>/",
        views.ChecklistTaskUpdateView.as_view(),
        name="task-update",
    ),
    path(incident + "people/", views.PeopleListView.as_view(), name="people-list"),
    path(incident + "people/add/", views.PersonAddView.as_view(), name="person-add"),
    path(incident + "people/import/", views.PeopleImportView.as_view(), name="people-import"),
    path(
        incident + "people/import/template.csv",
        views.PeopleImportTemplateView.as_view(),
        name="people-import-template",
    ),
    path(incident + "people/export.csv", views.PeopleExportView.as_view(), name="people-export"),
    path(person, views.PersonDetailView.as_view(), name="person-detail"),
    path(person + "edit/", views.PersonUpdateView.as_view(), name="person-update"),
    path(person + "wellbeing/", views.WellbeingCheckView.as_view(), name="person-wellbeing"),
    path(person + "reserve/", views.PersonReserveView.as_view(), name="person-reserve"),
    path(person + "release/", views.ReservationReleaseView.as_view(), name="reservation-release"),
    path(
        incident + "communications/add/",
        views.CommunicationAddView.as_view(),
        name="communication-add",
    ),
    path(incident + "close/", views.IncidentCloseView.as_view(), name="incident-close"),
    path(incident + "briefing/", views.BriefingView.as_view(), name="briefing"),
]
