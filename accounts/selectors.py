"""Reads for the accounts app."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from pghistory.models import Events

from accounts.models import AccessLog


def audit_trail_for(obj: models.Model, *, limit: int = 500) -> dict:
    """The change history (pghistory events) and access log of one record, newest first."""
    changes = [
        {
            "when": event.pgh_created_at,
            "label": event.pgh_label,
            "who": (event.pgh_context or {}).get("user_email") or "System or import",
            "diff": event.pgh_diff or {},
        }
        for event in Events.objects.tracks(obj).order_by("-pgh_created_at")[:limit]
    ]
    views = list(
        AccessLog.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .select_related("user")
        .order_by("-accessed_at")[:limit]
    )
    return {"changes": changes, "views": views}
