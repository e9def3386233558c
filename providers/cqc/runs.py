"""The bookkeeping of CQC sync runs: their errors, the summary people read, and the advisory
lock that lets one run per area go at a time (PostgreSQL frees it if the worker dies)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from providers.cqc import mapping
from providers.cqc.client import CQCAPIError
from providers.models import CQCSyncRun

ADVISORY_LOCK_CLASS = 47_201  # first key of the two-key advisory lock: "CQC sync"


class CQCSyncError(Exception):
    """The sync did not finish cleanly; ``run`` is the CQCSyncRun that records it."""

    def __init__(self, message: str, run: CQCSyncRun | None = None):
        super().__init__(message)
        self.run = run


class CQCSyncAlreadyRunning(CQCSyncError):
    """Another sync for the same area is running now."""


def cqc_sync_summary(run: CQCSyncRun, *, short: bool = False) -> str:
    """What the run changed, for people; ``short`` leaves out what it checked."""
    parts = [
        f"{run.services_created} {plural(run.services_created, 'service')} created",
        f"{run.services_updated} updated",
        f"{run.services_closed} closed",
        f"{run.ratings_written} new {plural(run.ratings_written, 'rating')}",
        f"{run.providers_created} {plural(run.providers_created, 'provider')} added",
    ]
    text = ", ".join(parts[:-1]) + " and " + parts[-1] + "."
    if short:
        return text
    text += (
        f" {run.locations_seen} CQC {plural(run.locations_seen, 'location')} checked,"
        f" {run.skipped_not_social_care} not adult social care."
    )
    return text


def plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def describe(exc: BaseException) -> str:
    if isinstance(exc, CQCAPIError | CQCSyncError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"[:500]


def close_abandoned_runs(local_authority: str) -> None:
    """Runs of this area still marked running died with their worker (we hold the lock)."""
    CQCSyncRun.objects.filter(
        local_authority__iexact=local_authority, status=CQCSyncRun.Status.RUNNING
    ).update(
        status=CQCSyncRun.Status.FAILED,
        error="Stopped before it finished (the background worker was interrupted).",
        finished_at=timezone.now(),
    )


def area_lock_key(local_authority: str) -> tuple[int, int]:
    """The two int4 keys of the area's advisory lock."""
    key = zlib.crc32(b"cqc_sync:" + mapping.same_area_key(local_authority).encode())
    return ADVISORY_LOCK_CLASS, key - 2**32 if key >= 2**31 else key  # int4 is signed


@contextmanager
def one_run_per_area(local_authority: str) -> Iterator[None]:
    """Hold a session-level advisory lock for the area; PostgreSQL frees it if we die."""
    key = area_lock_key(local_authority)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", list(key))
        locked = cursor.fetchone()[0]
    if not locked:
        raise CQCSyncAlreadyRunning(
            f"A CQC import for {local_authority} is already running. Wait for it to finish."
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", list(key))
