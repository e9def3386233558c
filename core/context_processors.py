"""Template context every page needs: the service and council names, the phase."""

from django.conf import settings

from core.navigation import items_for


def service(request):
    return {
        "council_name": settings.OVERSIGHT_COUNCIL_NAME,
        "service_name": settings.OVERSIGHT_SERVICE_NAME,
        "service_phase": settings.OVERSIGHT_PHASE,
        "feedback_email": settings.OVERSIGHT_FEEDBACK_EMAIL,
    }


def navigation(request):
    return {"nav_items": items_for(request)}
