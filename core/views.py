"""The home page, the standard service pages and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from core.health import broker_state, database_state, worker_last_seen
from core.selectors import job_for_user


class HomeView(TemplateView):
    """The signed-in user's starting page."""

    template_name = "core/home.html"


@method_decorator(login_not_required, name="dispatch")
class PublicPageView(TemplateView):
    """A standard page anyone may read: accessibility statement, privacy notice, cookies."""


@login_not_required
@never_cache
def healthz(request):
    """200 with the state of each dependency, or 503 when the database cannot be reached."""
    database = database_state()
    last_seen = worker_last_seen() if database == "ok" else None
    body = {
        "status": "ok" if database == "ok" else "unavailable",
        "database": database,
        "broker": broker_state(),
        "worker_last_seen": last_seen.isoformat() if last_seen else None,
    }
    return JsonResponse(body, status=200 if database == "ok" else 503)


class JobView(TemplateView):
    """Progress of a background job; the page refreshes itself until the job finishes."""

    template_name = "core/job.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job"] = job_for_user(user=self.request.user, job_id=self.kwargs["pk"])
        return context


def job_status(request, pk):
    """The job's progress as JSON, for scripts and the enhanced progress bar."""
    job = job_for_user(user=request.user, job_id=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "message": job.message,
            "finished": job.is_finished,
            "download_url": reverse("core:job-download", args=[job.pk]) if job.result_file else "",
            "result_url": job.result_url,
        }
    )


def job_download(request, pk):
    """The job's result file, to the person who started it."""
    job = job_for_user(user=request.user, job_id=pk)
    if not job.result_file:
        raise Http404("This job has no file")
    return FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=(job.result_file.name or "").rsplit("/", 1)[-1],
    )
