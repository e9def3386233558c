"""The market register in the Django admin, for administrators.

Adding or changing a provider, service or contract here goes through the same service
functions as the pages (providers.services), so the history records who did it. Ratings and
BCP checks are read-only here: they are recorded from the service page or the CQC import.
The national rating benchmarks are configuration and are edited here.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from django.contrib import admin

from providers import services
from providers.models import (
    BusinessContinuityCheck,
    Contract,
    CQCRating,
    LocalAuthority,
    Provider,
    RatingBenchmark,
    Service,
)


class ServiceFunctionAdmin(admin.ModelAdmin):
    """Saves through a create and an update service function instead of ``obj.save()``."""

    editable_fields: AbstractSet[str] = frozenset()

    def create(self, request, obj, data: dict):
        """``obj`` is the unsaved instance the admin form built (for fields such as the
        contract's service that the service function takes separately)."""
        raise NotImplementedError

    def update(self, request, obj, data: dict):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        data = {k: v for k, v in form.cleaned_data.items() if k in self.editable_fields}
        if change:
            self.update(request, obj, data)
        else:
            created = self.create(request, obj, data)
            obj.pk = created.pk
            obj._state.adding = False


@admin.register(Provider)
class ProviderAdmin(ServiceFunctionAdmin):
    list_display = ["name", "cqc_provider_id", "scale", "size"]
    list_filter = ["scale", "size"]
    search_fields = ["name", "cqc_provider_id"]
    editable_fields = services.PROVIDER_FIELDS

    def create(self, request, obj, data):
        return services.provider_create(acting_user=request.user, **data)

    def update(self, request, obj, data):
        return services.provider_update(acting_user=request.user, provider=obj, **data)


@admin.register(Service)
class ServiceAdmin(ServiceFunctionAdmin):
    list_display = [
        "name",
        "provider",
        "service_type",
        "client_group",
        "in_area",
        "contract_officer",
    ]
    list_filter = ["service_type", "client_group", "in_area"]
    list_select_related = ["provider", "contract_officer"]
    search_fields = ["name", "postcode", "cqc_location_id", "provider__name"]
    autocomplete_fields = ["provider"]
    raw_id_fields = ["contract_officer", "clinical_nurse"]
    readonly_fields = ["cqc_synced_at"]
    editable_fields = services.SERVICE_FIELDS

    def create(self, request, obj, data):
        return services.service_create(acting_user=request.user, **data)

    def update(self, request, obj, data):
        return services.service_update(acting_user=request.user, service=obj, **data)


@admin.register(Contract)
class ContractAdmin(ServiceFunctionAdmin):
    list_display = [
        "reference",
        "service",
        "contract_type",
        "start_date",
        "end_date",
        "annual_spend",
    ]
    list_filter = ["contract_type"]
    list_select_related = ["service"]
    search_fields = ["reference", "service__name"]
    autocomplete_fields = ["service"]
    editable_fields = services.CONTRACT_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return ["service"] if obj else []

    def create(self, request, obj, data):
        return services.contract_create(acting_user=request.user, service=obj.service, **data)

    def update(self, request, obj, data):
        return services.contract_update(acting_user=request.user, contract=obj, **data)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CQCRating)
class CQCRatingAdmin(ReadOnlyAdmin):
    list_display = ["service", "overall", "published_on", "is_current", "source"]
    list_filter = ["overall", "is_current", "source"]
    list_select_related = ["service"]
    search_fields = ["service__name", "service__cqc_location_id"]


@admin.register(BusinessContinuityCheck)
class BusinessContinuityCheckAdmin(ReadOnlyAdmin):
    list_display = ["service", "checked_on", "outcome", "checked_by"]
    list_filter = ["outcome"]
    list_select_related = ["service", "checked_by"]
    search_fields = ["service__name"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(ReadOnlyAdmin):
    list_display = ["name", "gss_code", "code"]
    search_fields = ["name", "official_name", "gss_code", "code"]


@admin.register(RatingBenchmark)
class RatingBenchmarkAdmin(admin.ModelAdmin):
    list_display = ["category", "rating", "percent", "as_of", "source"]
    list_filter = ["category"]
    list_editable = ["percent"]
    ordering = ["category", "rating"]
