"""The home page, the standard service pages and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from core.health import broker_state, database_state, worker_last_seen


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
