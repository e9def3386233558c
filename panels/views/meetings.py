"""Meetings: the list, scheduling one, a meeting's page, who attends, its invitation,
briefing pack and minutes PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.mixins import FormPageMixin, ServiceFormMixin
from panels import forms, ical, rules, selectors, services
from panels.mixins import MeetingMixin, RunMeetingPostView
from panels.models import Attendee


class MeetingListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """PEP and QPSG meetings the user may see, newest first."""

    permission_required = "panels.view_meetings"
    template_name = "panels/meeting_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings = list(selectors.meeting_list(user=self.request.user))
        now = timezone.now()
        context["upcoming"] = [m for m in reversed(meetings) if m.ends_at >= now]
        context["past"] = [m for m in meetings if m.ends_at < now]
        context["can_schedule"] = self.request.user.has_perm("panels.chair")
        return context


class MeetingScheduleView(
    LoginRequiredMixin, PermissionRequiredMixin, FormPageMixin, ServiceFormMixin, FormView
):
    """Schedule a PEP or QPSG meeting; the date defaults to the panel's usual rhythm."""

    permission_required = "panels.chair"
    heading = "Schedule a meeting"
    form_class = forms.ScheduleForm
    intro = (
        "The Provider Escalation Panel meets monthly and the Quality Peer Support Group every "
        "two weeks. The panel's members are invited with their agencies."
    )

    def get_back_url(self) -> str:
        return reverse("panels:meeting-list")

    def perform(self, form):
        data = form.cleaned_data
        meeting = services.meeting_schedule(
            panel=data["panel"],
            day=data["day"],
            location=data["location"] or None,
            acting_user=self.request.user,
        )
        messages.success(self.request, f"Meeting scheduled: {meeting.reference}")
        return redirect("panels:meeting-detail", pk=meeting.pk)


class MeetingDetailView(LoginRequiredMixin, MeetingMixin, PermissionRequiredMixin, TemplateView):
    """A meeting: its agenda, attendees, actions, briefing pack and minutes."""

    template_name = "panels/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.get_meeting()
        user = self.request.user
        context.update(
            meeting=meeting,
            items=selectors.agenda(meeting=meeting),
            attendees=selectors.attendees(meeting=meeting),
            actions=selectors.meeting_actions(meeting=meeting),
            can_run=user.has_perm("panels.run_meeting", meeting),
            cutoff=rules.agenda_cutoff(
                meeting.date, selectors.panel_settings(panel=meeting.panel).cutoff_working_days
            ),
        )
        return context


class AttendanceView(RunMeetingPostView):
    """Record an attendee as present or sending apologies."""

    def act(self, request) -> str:
        attendee = get_object_or_404(
            Attendee.objects.select_related("user"),
            meeting=self.get_meeting(),
            pk=self.kwargs["attendee_pk"],
        )
        form = forms.AttendanceForm(request.POST)
        if not form.is_valid():
            raise ValidationError("Select present or apologies")
        services.attendance_record(
            attendee=attendee,
            attendance=form.cleaned_data["attendance"],
            acting_user=request.user,
        )
        return f"{attendee.user}: {attendee.get_attendance_display().lower()}"

    def get_redirect(self) -> str:
        return reverse("panels:meeting-detail", args=[self.get_meeting().pk]) + "#attendees"


class AttendeeAddView(
    LoginRequiredMixin,
    MeetingMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Invite someone who is not a member to this meeting."""

    permission_required = "panels.run_meeting"
    heading = "Invite someone to the meeting"
    form_class = forms.AttendeeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "people": selectors.owner_choices()}

    def perform(self, form):
        services.attendee_add(
            meeting=self.get_meeting(), acting_user=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, f"{form.cleaned_data['user']} invited")
        return redirect(self.get_back_url() + "#attendees")


class InvitationView(LoginRequiredMixin, MeetingMixin, PermissionRequiredMixin, View):
    """The meeting as an iCalendar invitation (METHOD:REQUEST) with its attendees."""

    def get(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        body = ical.invitation(
            meeting=meeting,
            attendees=selectors.attendees(meeting=meeting),
            url=request.build_absolute_uri(reverse("panels:meeting-detail", args=[meeting.pk])),
            now=timezone.now(),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8; method=REQUEST")
        response["Content-Disposition"] = (
            f'attachment; filename="{meeting.panel}-{meeting.date:%Y-%m-%d}.ics"'
        )
        return response


class PackView(LoginRequiredMixin, MeetingMixin, PermissionRequiredMixin, View):
    """Start making the briefing pack PDF; the job page shows its progress."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = services.pack_request(meeting=self.get_meeting(), acting_user=request.user)
        return redirect("core:job", pk=job.pk)


class MinutesPdfView(LoginRequiredMixin, MeetingMixin, PermissionRequiredMixin, View):
    """The published minutes as a PDF."""

    def get(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        if not (meeting.is_published and meeting.minutes_pdf):
            raise Http404("The minutes are not published yet")
        return FileResponse(
            meeting.minutes_pdf.open("rb"),
            as_attachment=True,
            filename=meeting.minutes_pdf.name.rsplit("/", 1)[-1],
        )
