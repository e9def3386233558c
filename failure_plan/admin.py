"""The playbook is maintained here by administrators: scenarios, the stakeholder matrix and
the checklist template. Incidents are listed read-only; the people affected are not in the
admin at all (special category data is seen only through the logged pages)."""

from django.contrib import admin

from failure_plan.models import Incident, Scenario, StakeholderResponsibility, TaskTemplate


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["service_type", "approach", "key_factors"]
    list_filter = ["approach"]


@admin.register(StakeholderResponsibility)
class StakeholderResponsibilityAdmin(admin.ModelAdmin):
    list_display = ["service_type", "council", "icb", "cqc", "order"]
    list_editable = ["order"]


@admin.register(TaskTemplate)
class TaskTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "for_building", "for_home", "order", "is_active"]
    list_filter = ["area", "for_building", "for_home", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["title", "guidance"]


# Shown, and never changed here: incidents change through the app's pages and services.
INCIDENT_FIELDS = (
    "title",
    "cause",
    "status",
    "notice_at",
    "closed_at",
    "is_emergency",
    "lead",
    "people_purged_at",
    "people_purged_count",
)


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Read-only: incidents change through the app's pages and services."""

    list_display = ["title", "cause", "status", "notice_at", "is_emergency", "lead"]
    list_filter = ["status", "cause", "is_emergency"]
    search_fields = ["title"]
    fields = INCIDENT_FIELDS
    readonly_fields = INCIDENT_FIELDS

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
