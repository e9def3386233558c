"""Administrators edit the risk weights here. Saving never changes a version: it saves a new
one (``escalation.services.weight_set_revise``) so old scores keep the weights they used."""

from __future__ import annotations

from django.contrib import admin

from escalation.models import RiskScore, WeightSet
from escalation.services import weight_set_revise


@admin.register(WeightSet)
class WeightSetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "service_type", "version", "is_current", "created_at", "created_by"]
    list_filter = ["is_current", "service_type"]
    fields = ["service_type", "version", "weights", "thresholds", "inadequate_floor", "note"]
    readonly_fields = ["service_type", "version"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        original = WeightSet.objects.get(pk=obj.pk)
        revised = weight_set_revise(
            weight_set=original,
            weights=form.cleaned_data["weights"],
            thresholds=form.cleaned_data["thresholds"],
            inadequate_floor=form.cleaned_data["inadequate_floor"],
            note=form.cleaned_data["note"],
            acting_user=request.user,
        )
        obj.pk = revised.pk
        obj.version = revised.version

    def save_related(self, request, form, formsets, change):
        """Nothing related to save; the original version must not be written back."""


@admin.register(RiskScore)
class RiskScoreAdmin(admin.ModelAdmin):
    list_display = ["service", "score", "suggested_level", "weight_set", "calculated_at"]
    list_select_related = ["service", "weight_set"]
    readonly_fields = [
        "service",
        "weight_set",
        "score",
        "suggested_level",
        "calculated_at",
        "factors",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
