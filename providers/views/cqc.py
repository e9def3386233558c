"""Starting and following the CQC import from the browser (administrators)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect
from django.views.generic import FormView

from core.jobs import job_create
from core.mixins import ServiceFormMixin
from providers.cqc.forms import CQCSyncForm
from providers.cqc.selectors import cqc_sync_last_success, cqc_sync_runs_recent
from providers.models import CQCSyncRun
from providers.tasks import cqc_sync_task


class CQCSyncView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Recent CQC imports, and a form that starts one as a background job."""

    permission_required = "providers.run_cqc_sync"
    template_name = "providers/cqc_sync.html"
    form_class = CQCSyncForm

    def get_initial(self):
        area = settings.OVERSIGHT_CQC_LOCAL_AUTHORITY
        has_run = bool(area) and cqc_sync_last_success(local_authority=area) is not None
        return {
            "local_authority": area,
            "mode": CQCSyncRun.Mode.INCREMENTAL if has_run else CQCSyncRun.Mode.FULL,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["runs"] = cqc_sync_runs_recent()
        context["api_base_url"] = settings.CQC_API_BASE_URL
        context["api_key_set"] = bool(settings.CQC_API_KEY)
        context["own_area"] = settings.OVERSIGHT_CQC_LOCAL_AUTHORITY
        return context

    def perform(self, form):
        area = form.cleaned_data["local_authority"]
        mode = form.cleaned_data["mode"]
        job = job_create(
            acting_user=self.request.user,
            kind="cqc_sync",
            title=f"CQC import for {area}",
            params={"local_authority": area, "mode": mode},
        )
        # Queued once the job row is committed, so the worker can always find it.
        cqc_sync_task.delay_on_commit(job_id=str(job.pk), local_authority=area, mode=mode)
        return redirect("core:job", pk=job.pk)
