"""Pages of the panels: meetings, the agenda, running the meeting item by item, minutes."""

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
from panels.models import Attendee, PanelAction
from providers.models import Service


class MeetingMixin:
    """Looks up the meeting in the URL among those the user may see (404 otherwise)."""

    permission_required = "panels.see_meeting"

    def get_meeting(self):
        if not hasattr(self, "_meeting"):
            self._meeting = selectors.meeting_for(user=self.request.user, pk=self.kwargs["pk"])
        return self._meeting

    def get_permission_object(self):
        return self.get_meeting()

    def get_caption(self) -> str:
        return self.get_meeting().reference

    def get_back_url(self) -> str:
        return reverse("panels:meeting-detail", args=[self.get_meeting().pk])


class ItemMixin(MeetingMixin):
    def get_item(self):
        if not hasattr(self, "_item"):
            self._item = selectors.item_for(
                meeting=self.get_meeting(), item_pk=self.kwargs["item_pk"]
            )
        return self._item

    def get_back_url(self) -> str:
        return reverse("panels:item", args=[self.get_meeting().pk, self.get_item().pk])


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
                meeting.date, services.panel_settings(meeting.panel).cutoff_working_days
            ),
        )
        return context


class RunMeetingPostView(LoginRequiredMixin, MeetingMixin, PermissionRequiredMixin, View):
    """Base for the chair's buttons: POST only, then back to the meeting."""

    permission_required = "panels.run_meeting"
    http_method_names = ["post"]

    def act(self, request) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            message = self.act(request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if message:
                messages.success(request, message)
        return redirect(self.get_redirect())

    def get_redirect(self) -> str:
        return reverse("panels:meeting-detail", args=[self.get_meeting().pk]) + "#agenda"


class AgendaBuildView(RunMeetingPostView):
    """Build (or top up) the agenda from the register."""

    def act(self, request) -> str:
        added = services.agenda_build(meeting=self.get_meeting(), acting_user=request.user)
        return f"Agenda built: {added} item{'s' if added != 1 else ''} added"


class ItemMoveView(ItemMixin, RunMeetingPostView):
    """Move an agenda item up or down."""

    def act(self, request) -> str:
        services.agenda_item_move(
            item=self.get_item(),
            direction=request.POST.get("direction", ""),
            acting_user=request.user,
        )
        return ""


class ItemRemoveView(ItemMixin, RunMeetingPostView):
    """Take an item off the agenda."""

    def act(self, request) -> str:
        heading = self.get_item().heading
        services.agenda_item_remove(item=self.get_item(), acting_user=request.user)
        return f"Removed from the agenda: {heading}"


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


class ItemAddView(
    LoginRequiredMixin,
    MeetingMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """The chair adds a service or other business to the agenda."""

    permission_required = "panels.run_meeting"
    heading = "Add an agenda item"
    form_class = forms.ItemAddForm

    def get_form_kwargs(self):
        services_qs = Service.objects.open().order_by("name")
        return {**super().get_form_kwargs(), "services": services_qs}

    def perform(self, form):
        services.agenda_item_add(
            meeting=self.get_meeting(), acting_user=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, "Added to the agenda")
        return redirect(self.get_back_url() + "#agenda")


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


class ItemView(LoginRequiredMixin, ItemMixin, PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Running the meeting: one item's briefing, and the chair's minutes and decision.

    A save that started from older minutes is refused: the chair is shown the newer text and
    keeps their own in the form (docs/adr/0011-panels.md)."""

    template_name = "panels/item.html"
    form_class = forms.MinutesForm

    def get_permission_required(self):
        if self.request.method == "POST":
            return ["panels.run_meeting"]
        return ["panels.see_meeting"]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["service_item"] = self.get_item().is_service_item
        return kwargs

    def get_initial(self):
        item = self.get_item()
        return {
            "version": item.minutes_version,
            "decision": item.decision,
            "to_level": item.to_level,
            "rationale": item.rationale,
            "sanctions_recommended": item.sanctions_recommended,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.get_item()
        meeting = self.get_meeting()
        previous, following = selectors.neighbours(item=item)
        context.update(
            meeting=meeting,
            item=item,
            briefing=selectors.item_briefing(item=item),
            previous=previous,
            following=following,
            can_run=self.request.user.has_perm("panels.run_meeting", meeting),
            actions=list(item.actions.select_related("owner")),
        )
        return context

    def perform(self, form):
        item = self.get_item()
        data = form.cleaned_data
        try:
            services.minutes_save(
                item=item,
                expected_version=data["version"],
                acting_user=self.request.user,
                rationale=data["rationale"],
                decision=data.get("decision", ""),
                to_level=data.get("to_level"),
                sanctions_recommended=data.get("sanctions_recommended", ""),
            )
        except services.MinutesConflict as conflict:
            return self.conflict(form, conflict.current)
        messages.success(self.request, "Minutes saved")
        _, following = selectors.neighbours(item=item)
        if following is not None and "next" in self.request.POST:
            return redirect("panels:item", pk=item.meeting_id, item_pk=following.pk)
        return redirect("panels:item", pk=item.meeting_id, item_pk=item.pk)

    def conflict(self, form, current):
        """Keep this person's text, show the newer minutes, and let a second save (from the
        newer version) replace them knowingly."""
        data = self.request.POST.copy()
        data["version"] = str(current.minutes_version)
        kept = self.get_form_class()(data=data, service_item=current.is_service_item)
        kept.is_valid()
        kept.add_error(None, "Someone else saved these minutes while you were editing")
        self._item = selectors.item_for(meeting=self.get_meeting(), item_pk=current.pk)
        return self.render_to_response(self.get_context_data(form=kept, conflict=self._item))


class ActionAddView(
    LoginRequiredMixin,
    ItemMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Record an action the panel agreed on an item."""

    permission_required = "panels.run_meeting"
    heading = "Add an action"
    form_class = forms.ActionForm

    def get_caption(self) -> str:
        return self.get_item().heading

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "people": selectors.owner_choices()}

    def perform(self, form):
        services.panel_action_add(
            item=self.get_item(), acting_user=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, "Action added")
        return redirect(self.get_back_url() + "#actions")


class ActionDoneView(
    LoginRequiredMixin,
    MeetingMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Mark a panel action done (its owner or a chair)."""

    permission_required = "panels.complete_action"
    heading = "Mark the action as done"
    form_class = forms.ActionDoneForm

    def get_action(self) -> PanelAction:
        if not hasattr(self, "_action"):
            self._action = get_object_or_404(
                PanelAction.objects.select_related("owner", "meeting"),
                pk=self.kwargs["action_pk"],
                meeting__panel=self.get_meeting().panel,
            )
        return self._action

    def get_permission_object(self):
        return self.get_action()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.get_action()
        context["intro"] = (
            f"{action.description} (owner {action.owner}, due {action.due_on:%-d %B %Y})"
        )
        return context

    def perform(self, form):
        services.panel_action_complete(
            action=self.get_action(), acting_user=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, "Action marked as done")
        return redirect(self.get_back_url() + "#actions")


class PublishView(
    LoginRequiredMixin,
    MeetingMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Publish the minutes: the decisions go into the risk register."""

    permission_required = "panels.run_meeting"
    heading = "Publish the minutes"
    form_class = forms.PublishForm
    template_name = "panels/publish.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meeting"] = self.get_meeting()
        context["items"] = selectors.agenda(meeting=self.get_meeting())
        return context

    def perform(self, form):
        meeting = self.get_meeting()
        services.minutes_publish(meeting=meeting, acting_user=self.request.user)
        messages.success(self.request, "Minutes published. The decisions are in the register.")
        return redirect("panels:meeting-detail", pk=meeting.pk)


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
