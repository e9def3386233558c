"""Reads for the CQC import pages."""

from __future__ import annotations

from django.db.models import QuerySet

from providers.models import CQCSyncRun


def cqc_sync_runs_recent(*, limit: int = 20) -> QuerySet[CQCSyncRun]:
    """The newest import runs first, with who started them."""
    return CQCSyncRun.objects.select_related("started_by").order_by("-started_at")[:limit]


def cqc_sync_last_success(*, local_authority: str) -> CQCSyncRun | None:
    """The newest successful run for an area: where the next incremental import starts."""
    return (
        CQCSyncRun.objects.filter(
            local_authority__iexact=local_authority, status=CQCSyncRun.Status.SUCCEEDED
        )
        .order_by("-started_at")
        .first()
    )
