"""The CQC sync: bring the market register in line with what CQC publishes for one area.

Decisions (someone would otherwise undo them):

* **Idempotent.** A field is written only when its value differs, a rating row only when the
  judgement or its publication date differs from the current row, so running the sync twice
  changes nothing the second time (no saves, no ``updated_at`` bumps, no history events).
  ``Service.cqc_synced_at`` therefore means "last changed by the CQC sync".
* **The whole local market.** Every registered adult social care location of the area becomes
  a service, contracted or not, so commissioners see the market they could buy from.
* **Deregistration closes, never deletes.** A known service whose location CQC deregistered is
  closed on the deregistration date; its visits, intelligence and history stay. A deregistered
  location the register never knew is not created: the register describes the current market.
  The sync never reopens a closed service (a closure recorded by hand stands).
* **Providers** are matched by CQC provider ID or created with CQC's name for them, scale
  "local" and size "small" (the model's defaults: CQC publishes neither, commissioners set
  them). When CQC has no provider detail (404), the first location's name stands in until a
  later sync finds the detail.
* **Incremental** runs ask CQC for the locations changed since the newest successful run for
  the same area started (or run in full when there is none). The changes feed covers all of
  England, so it is narrowed to the area's current location list plus services already in the
  register, then to the detail's ``localAuthority`` for new services.
* **One location, one transaction.** A failure never leaves a half-written service. API
  failures stop the run; a location whose data cannot be stored is logged and skipped, and the
  run is then recorded as failed so the next incremental run starts early enough to retry it.
* **One run per area at a time**, enforced with a PostgreSQL advisory lock that the database
  releases by itself if the worker dies.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone

from providers.cqc import mapping
from providers.cqc.client import CQCAPIError, CQCClient
from providers.models import CQCRating, CQCSyncRun, LocalAuthority, Provider, Service
from providers.services import rating_record

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
ADVISORY_LOCK_CLASS = 47_201  # first key of the two-key advisory lock: "CQC sync"
MAX_ERRORS_KEPT = 10
# Errors that mean "this location's data cannot be stored", as opposed to the run failing.
DATA_PROBLEMS = (
    IntegrityError,
    DataError,
    ValidationError,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
)


class CQCSyncError(Exception):
    """The sync did not finish cleanly; ``run`` is the CQCSyncRun that records it."""

    def __init__(self, message: str, run: CQCSyncRun | None = None):
        super().__init__(message)
        self.run = run


class CQCSyncAlreadyRunning(CQCSyncError):
    """Another sync for the same area is running now."""


def cqc_sync_run(
    *,
    acting_user,
    local_authority: str,
    mode: str = CQCSyncRun.Mode.FULL,
    progress: Progress | None = None,
    client: CQCClient | None = None,
) -> CQCSyncRun:
    """Import one local authority's adult social care services and ratings from CQC.

    ``mode`` is ``"full"`` (every location CQC lists for the area) or ``"incremental"`` (the
    locations CQC changed since the last successful run for the area; full if there is none).
    ``progress(done, total)`` is called as locations are processed. Returns the finished
    CQCSyncRun with its counts; raises CQCSyncError (carrying the run, recorded as failed) when
    CQC cannot be reached or a location could not be stored. See the module docstring for the
    rules it follows.
    """
    local_authority = " ".join((local_authority or "").split())
    if not local_authority:
        raise ValueError("Name the local authority to import, as CQC names it")
    if mode not in CQCSyncRun.Mode.values:
        raise ValueError(f"Unknown sync mode {mode!r}")
    client = client or CQCClient()
    with _one_run_per_area(local_authority):
        _close_abandoned_runs(local_authority)
        run = CQCSyncRun.objects.create(
            local_authority=local_authority, mode=mode, started_by=acting_user
        )
        sync = _Sync(run=run, client=client, progress=progress)
        try:
            with pghistory.context(
                user=getattr(acting_user, "pk", None),
                user_email=getattr(acting_user, "email", None),
                source="cqc_sync",
                cqc_sync_run=run.pk,
            ):
                sync.execute()
        except Exception as exc:
            run.status = CQCSyncRun.Status.FAILED
            run.error = _describe(exc)
            run.finished_at = timezone.now()
            run.save()
            logger.exception("CQC sync for %s failed", local_authority)
            raise CQCSyncError(run.error, run) from exc
        run.finished_at = timezone.now()
        if sync.errors:
            run.status = CQCSyncRun.Status.FAILED
            run.error = f"{len(sync.errors)} location(s) could not be imported: " + "; ".join(
                sync.errors[:MAX_ERRORS_KEPT]
            )
            run.save()
            raise CQCSyncError(run.error, run)
        run.status = CQCSyncRun.Status.SUCCEEDED
        run.save()
    return run


def cqc_sync_summary(run: CQCSyncRun, *, short: bool = False) -> str:
    """What the run changed, for people; ``short`` leaves out what it checked."""
    parts = [
        f"{run.services_created} {_plural(run.services_created, 'service')} created",
        f"{run.services_updated} updated",
        f"{run.services_closed} closed",
        f"{run.ratings_written} new {_plural(run.ratings_written, 'rating')}",
        f"{run.providers_created} {_plural(run.providers_created, 'provider')} added",
    ]
    text = ", ".join(parts[:-1]) + " and " + parts[-1] + "."
    if short:
        return text
    text += (
        f" {run.locations_seen} CQC {_plural(run.locations_seen, 'location')} checked,"
        f" {run.skipped_not_social_care} not adult social care."
    )
    return text


# --- the run ---------------------------------------------------------------------------------


class _Sync:
    """The state of one run: the client, the counts on ``run``, caches for the run's life."""

    def __init__(self, *, run: CQCSyncRun, client: CQCClient, progress: Progress | None):
        self.run = run
        self.client = client
        self.progress = progress or (lambda done, total: None)
        self.now = timezone.now()
        self.errors: list[str] = []
        self.provider_details: dict[str, dict | None] = {}
        self.providers_refreshed: set[str] = set()
        own_area = settings.OVERSIGHT_CQC_LOCAL_AUTHORITY
        self.in_area = not own_area or mapping.same_area(own_area, run.local_authority)
        self.host_authority = (
            None
            if self.in_area
            else LocalAuthority.objects.filter(name__iexact=run.local_authority).first()
        )

    def execute(self) -> None:
        location_ids = self.location_ids()
        total = len(location_ids)
        self.progress(0, total)
        for done, location_id in enumerate(location_ids, start=1):
            self.run.locations_seen += 1
            self.sync_location(location_id)
            self.progress(done, total)

    def location_ids(self) -> list[str]:
        run = self.run
        area_ids = self.client.location_ids(local_authority=run.local_authority)
        if run.mode == CQCSyncRun.Mode.FULL:
            return area_ids
        last = (
            CQCSyncRun.objects.filter(
                local_authority__iexact=run.local_authority, status=CQCSyncRun.Status.SUCCEEDED
            )
            .exclude(pk=run.pk)
            .order_by("-started_at")
            .first()
        )
        if last is None:
            logger.info("No earlier CQC sync for %s: running in full", run.local_authority)
            run.mode = CQCSyncRun.Mode.FULL
            return area_ids
        run.changes_since = last.started_at
        changed = self.client.changed_location_ids(start=last.started_at, end=run.started_at)
        # The feed covers England: keep this area's locations and services we already hold.
        relevant = set(area_ids) | set(
            Service.objects.filter(cqc_location_id__in=changed).values_list(
                "cqc_location_id", flat=True
            )
        )
        return [location_id for location_id in changed if location_id in relevant]

    def sync_location(self, location_id: str) -> None:
        detail = self.client.get_location(location_id)
        if detail is None:
            logger.info("CQC no longer knows location %s", location_id)
            return
        if not mapping.is_social_care(detail):
            self.run.skipped_not_social_care += 1
            return
        provider_detail = None
        if mapping.is_registered(detail) and detail.get("providerId"):
            # Fetched before the transaction: no database lock is held across a network call.
            provider_detail = self.provider_detail(detail["providerId"])
        try:
            with transaction.atomic():
                counts = self.store_location(detail, provider_detail)
        except DATA_PROBLEMS as exc:
            # One bad record must not stop the market import; the run is marked failed.
            logger.exception("CQC location %s could not be imported", location_id)
            self.errors.append(f"{location_id} ({_describe(exc)})")
            return
        # Counted only once the location's writes are all in, so counts match the database.
        counts.add_to(self)

    def provider_detail(self, provider_id: str) -> dict | None:
        if provider_id not in self.provider_details:
            self.provider_details[provider_id] = self.client.get_provider(provider_id)
        return self.provider_details[provider_id]

    # --- writes (inside the location's transaction) ---------------------------------------

    def store_location(self, detail: dict, provider_detail: dict | None) -> _Counts:
        """Create, update or close the location's service and record its rating."""
        counts = _Counts()
        service = (
            Service.objects.select_for_update(of=("self",))
            .select_related("provider")
            .filter(cqc_location_id=detail["locationId"])
            .first()
        )
        if mapping.is_deregistered(detail):
            if service is not None:
                counts.closed += self.close_service(service, detail)
        elif mapping.is_registered(detail):
            if service is None:
                if not mapping.same_area(detail.get("localAuthority"), self.run.local_authority):
                    return counts  # a change elsewhere in England
                service = self.create_service(detail, provider_detail, counts)
                counts.ratings += self.record_rating(service, detail, new_service=True)
            else:
                self.update_service(service, detail, provider_detail, counts)
                counts.ratings += self.record_rating(service, detail)
        return counts

    def create_service(self, detail: dict, provider_detail: dict | None, counts) -> Service:
        provider = self.provider_for(detail, provider_detail, counts)
        values = mapping.service_create_values(detail)
        service = Service.objects.create(
            provider=provider,
            in_area=self.in_area,
            host_authority=self.host_authority,
            cqc_synced_at=self.now,
            **values,
        )
        counts.created += 1
        return service

    def update_service(self, service: Service, detail, provider_detail, counts) -> None:
        changed = _assign(
            service,
            mapping.service_refresh_values(detail, current_service_type=service.service_type),
        )
        provider_id = detail.get("providerId")
        if provider_id and service.provider.cqc_provider_id != provider_id:
            provider = self.provider_for(detail, provider_detail, counts, adopt=service.provider)
            if provider.pk != service.provider_id:
                service.provider = provider
                changed.append("provider")
        else:
            self.refresh_provider(service.provider, provider_detail, counts)
        if changed:
            service.cqc_synced_at = self.now
            service.save(update_fields=[*changed, "cqc_synced_at", "updated_at"])
            counts.updated += 1

    def close_service(self, service: Service, detail: dict) -> int:
        if service.closed_on is not None:
            return 0
        closed_on = mapping.deregistration_date(detail) or timezone.localdate()
        if service.registered_on and closed_on < service.registered_on:
            closed_on = service.registered_on  # CQC's dates disagree; keep the row valid
        service.closed_on = closed_on
        service.cqc_synced_at = self.now
        service.save(update_fields=["closed_on", "cqc_synced_at", "updated_at"])
        return 1

    def provider_for(self, detail, provider_detail, counts, *, adopt: Provider | None = None):
        """The provider CQC registers for this location: matched, adopted or created.

        ``adopt`` is the service's current provider: if it has no CQC provider ID yet (it was
        entered by hand) and no other provider holds this one, it takes the ID.
        """
        provider_id = detail["providerId"]
        provider = Provider.objects.select_for_update().filter(cqc_provider_id=provider_id).first()
        if provider is None and adopt is not None and adopt.cqc_provider_id is None:
            adopt.cqc_provider_id = provider_id
            adopt.save(update_fields=["cqc_provider_id", "updated_at"])
            provider = adopt
        if provider is None:
            values = mapping.provider_values(provider_detail) if provider_detail else {}
            values.setdefault("name", mapping.service_refresh_values(detail)["name"])
            provider = Provider.objects.create(cqc_provider_id=provider_id, **values)
            counts.providers += 1
            counts.providers_refreshed.add(provider_id)
            return provider
        self.refresh_provider(provider, provider_detail, counts)
        return provider

    def refresh_provider(self, provider: Provider, provider_detail: dict | None, counts) -> None:
        """Bring a provider's CQC fields up to date, once a run, when CQC has its detail."""
        if provider_detail is None or provider.cqc_provider_id in self.providers_refreshed:
            return
        changed = _assign(provider, mapping.provider_values(provider_detail))
        if changed:
            provider.save(update_fields=[*changed, "updated_at"])
        counts.providers_refreshed.add(provider.cqc_provider_id)

    def record_rating(self, service: Service, detail: dict, *, new_service=False) -> int:
        """Write a new current rating if CQC's differs from the current one; 1 if written."""
        values = mapping.rating_values(detail)
        if values is None:
            return 0  # not yet rated: absence of a rating row says so
        current = None if new_service else service.ratings.current().first()
        if current is not None:
            if current.same_judgement_as(values):
                return 0
            if _later(current.published_on, values["published_on"]):
                # A newer rating was entered by hand before CQC's API caught up; recording
                # CQC's older one would only add the same history row every night.
                return 0
        # The register's own service flips the current rating in the same transaction.
        rating_record(
            acting_user=self.run.started_by,
            service=service,
            source=CQCRating.Source.CQC_API,
            **values,
        )
        return 1


class _Counts:
    """What one location's transaction changed, added to the run once it has committed."""

    def __init__(self):
        self.created = self.updated = self.closed = self.ratings = self.providers = 0
        self.providers_refreshed: set[str] = set()

    def add_to(self, sync: _Sync) -> None:
        run = sync.run
        run.services_created += self.created
        run.services_updated += self.updated
        run.services_closed += self.closed
        run.ratings_written += self.ratings
        run.providers_created += self.providers
        sync.providers_refreshed |= self.providers_refreshed


# --- helpers ---------------------------------------------------------------------------------


def _assign(instance, values: dict) -> list[str]:
    """Set the values that differ; return the names of the fields changed."""
    changed = []
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed


def _later(a: date | None, b: date | None) -> bool:
    return a is not None and b is not None and a > b


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, CQCAPIError | CQCSyncError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"[:500]


def _close_abandoned_runs(local_authority: str) -> None:
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
def _one_run_per_area(local_authority: str) -> Iterator[None]:
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
