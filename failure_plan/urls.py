"""URLs of the failure plan: the playbook, incidents and everything in them, capacity."""

from django.urls import path

from failure_plan.views import capacity, checklist, incidents, people

app_name = "failure_plan"

incident = "failures/<int:pk>/"
person = incident + "people/<int:person_pk>/"

urlpatterns = [
    path("failures/", incidents.IncidentListView.as_view(), name="incident-list"),
    path("failures/open/", incidents.IncidentOpenView.as_view(), name="incident-create"),
    path("failures/playbook/", checklist.PlaybookView.as_view(), name="playbook"),
    path(
        "failures/playbook/checklist/",
        checklist.ChecklistTemplateView.as_view(),
        name="checklist-template",
    ),
    path("failures/capacity/", capacity.CapacityFinderView.as_view(), name="capacity-finder"),
    path("failures/capacity/record/", capacity.VacancyRecordView.as_view(), name="vacancy-record"),
    path("failures/capacity/import/", capacity.VacancyImportView.as_view(), name="vacancy-import"),
    path(
        "failures/capacity/import/template.csv",
        capacity.VacancyImportTemplateView.as_view(),
        name="vacancy-import-template",
    ),
    path(incident, incidents.IncidentDetailView.as_view(), name="incident-detail"),
    path(incident + "edit/", incidents.IncidentUpdateView.as_view(), name="incident-update"),
    path(incident + "team/add/", incidents.TeamMemberAddView.as_view(), name="team-member-add"),
    path(
        incident + "team/<int:member_pk>/remove/",
        incidents.TeamMemberRemoveView.as_view(),
        name="team-member-remove",
    ),
    path(incident + "checklist/", checklist.ChecklistView.as_view(), name="checklist"),
    path(
        incident + "checklist/<int:task_pk>/",
        checklist.ChecklistTaskUpdateView.as_view(),
        name="task-update",
    ),
    path(incident + "people/", people.PeopleListView.as_view(), name="people-list"),
    path(incident + "people/add/", people.PersonAddView.as_view(), name="person-add"),
    path(incident + "people/import/", people.PeopleImportView.as_view(), name="people-import"),
    path(
        incident + "people/import/template.csv",
        people.PeopleImportTemplateView.as_view(),
        name="people-import-template",
    ),
    path(incident + "people/export.csv", people.PeopleExportView.as_view(), name="people-export"),
    path(person, people.PersonDetailView.as_view(), name="person-detail"),
    path(person + "edit/", people.PersonUpdateView.as_view(), name="person-update"),
    path(person + "wellbeing/", people.WellbeingCheckView.as_view(), name="person-wellbeing"),
    path(person + "reserve/", capacity.PersonReserveView.as_view(), name="person-reserve"),
    path(
        person + "release/", capacity.ReservationReleaseView.as_view(), name="reservation-release"
    ),
    path(
        incident + "communications/add/",
        incidents.CommunicationAddView.as_view(),
        name="communication-add",
    ),
    path(incident + "close/", incidents.IncidentCloseView.as_view(), name="incident-close"),
    path(incident + "briefing/", incidents.BriefingView.as_view(), name="briefing"),
]
