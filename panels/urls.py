"""URLs of the panels app."""

from django.urls import path

from panels import views

app_name = "panels"

meeting = "meetings/<int:pk>/"
item = meeting + "items/<int:item_pk>/"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting-list"),
    path("schedule/", views.MeetingScheduleView.as_view(), name="meeting-schedule"),
    path(meeting, views.MeetingDetailView.as_view(), name="meeting-detail"),
    path(meeting + "agenda/build/", views.AgendaBuildView.as_view(), name="agenda-build"),
    path(meeting + "agenda/add/", views.ItemAddView.as_view(), name="item-add"),
    path(item, views.ItemView.as_view(), name="item"),
    path(item + "move/", views.ItemMoveView.as_view(), name="item-move"),
    path(item + "remove/", views.ItemRemoveView.as_view(), name="item-remove"),
    path(item + "actions/add/", views.ActionAddView.as_view(), name="action-add"),
    path(
        meeting + "actions/<int:action_pk>/done/",
        views.ActionDoneView.as_view(),
        name="action-done",
    ),
    path(meeting + "attendees/add/", views.AttendeeAddView.as_view(), name="attendee-add"),
    path(
        meeting + "attendees/<int:attendee_pk>/",
        views.AttendanceView.as_view(),
        name="attendance",
    ),
    path(meeting + "invitation.ics", views.InvitationView.as_view(), name="invitation"),
    path(meeting + "pack/", views.PackView.as_view(), name="pack"),
    path(meeting + "publish/", views.PublishView.as_view(), name="publish"),
    path(meeting + "minutes.pdf", views.MinutesPdfView.as_view(), name="minutes-pdf"),
]
