"""Quality assurance in the Django admin: the visit frequencies administrators configure.

Saving goes through quality.services.visit_frequency_update, like any other change. Visits,
intelligence and actions are worked on in the service pages, not here.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError

from quality import services
from quality.models import VisitFrequency


@admin.register(VisitFrequency)
class VisitFrequencyAdmin(admin.ModelAdmin):
    list_display = ("level", "interval_months", "interval_days", "unannounced", "updated_at")
    fields = ("level", "interval_months", "interval_days", "unannounced")
    readonly_fields = ("level",)
    ordering = ("level",)

    def has_add_permission(self, request):
        return False  # one row per level, made by migration 0002

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            services.visit_frequency_update(
                acting_user=request.user,
                frequency=obj,
                interval_months=form.cleaned_data["interval_months"],
                interval_days=form.cleaned_data["interval_days"],
                unannounced=form.cleaned_data["unannounced"],
            )
        except ValidationError as error:
            # The admin form has already saved nothing; show why.
            self.message_user(request, "; ".join(error.messages), level="error")
