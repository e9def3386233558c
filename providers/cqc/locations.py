"""One CQC sync run's work, location by location: each location is written in its own
transaction, and only the values that differ are written (see ``providers.cqc.sync``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from providers.cqc import mapping
from providers.cqc.client import CQCClient
from providers.cqc.runs import describe
from providers.models import CQCRating, CQCSyncRun, LocalAuthority, Provider, Service
from providers.services import rating_record

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


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


# --- the run ---------------------------------------------------------------------------------


class LocationSync:
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
            self.errors.append(f"{location_id} ({describe(exc)})")
            return
        # Counted only once the location's writes are all in, so counts match the database.
        counts.add_to(self)

    def provider_detail(self, provider_id: str) -> dict | None:
        if provider_id not in self.provider_details:
            self.provider_details[provider_id] = self.client.get_provider(provider_id)
        return self.provider_details[provider_id]

    # --- writes (inside the location's transaction) ---------------------------------------

    def store_location(self, detail: dict, provider_detail: dict | None) -> LocationCounts:
        """Create, update or close the location's service and record its rating."""
        counts = LocationCounts()
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


class LocationCounts:
    """What one location's transaction changed, added to the run once it has committed."""

    def __init__(self):
        self.created = self.updated = self.closed = self.ratings = self.providers = 0
        self.providers_refreshed: set[str] = set()

    def add_to(self, sync: LocationSync) -> None:
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
