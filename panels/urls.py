"""URLs of the panels app."""

from django.urls import path

from panels.views import agenda, meetings, minutes

app_name = "panels"

meeting = "meetings/<int:pk>/"
item = meeting + "items/<int:item_pk>/"

urlpatterns = [
    path("", meetings.MeetingListView.as_view(), name="meeting-list"),
    path("schedule/", meetings.MeetingScheduleView.as_view(), name="meeting-schedule"),
    path(meeting, meetings.MeetingDetailView.as_view(), name="meeting-detail"),
    path(meeting + "agenda/build/", agenda.AgendaBuildView.as_view(), name="agenda-build"),
    path(meeting + "agenda/add/", agenda.ItemAddView.as_view(), name="item-add"),
    path(item, minutes.ItemView.as_view(), name="item"),
    path(item + "move/", agenda.ItemMoveView.as_view(), name="item-move"),
    path(item + "remove/", agenda.ItemRemoveView.as_view(), name="item-remove"),
    path(item + "actions/add/", minutes.ActionAddView.as_view(), name="action-add"),
    path(
        meeting + "actions/<int:action_pk>/done/",
        minutes.ActionDoneView.as_view(),
        name="action-done",
    ),
    path(meeting + "attendees/add/", meetings.AttendeeAddView.as_view(), name="attendee-add"),
    path(
        meeting + "attendees/<int:attendee_pk>/",
        meetings.AttendanceView.as_view(),
        name="attendance",
    ),
    path(meeting + "invitation.ics", meetings.InvitationView.as_view(), name="invitation"),
    path(meeting + "pack/", meetings.PackView.as_view(), name="pack"),
    path(meeting + "publish/", minutes.PublishView.as_view(), name="publish"),
    path(meeting + "minutes.pdf", meetings.MinutesPdfView.as_view(), name="minutes-pdf"),
]
