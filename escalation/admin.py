"""Administrators edit the risk weights here. Saving never changes a version: it saves a new
one (``escalation.services.weight_set_revise``) so old scores keep the weights they used."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from escalation.letters import PLACEHOLDERS, placeholder_help, unknown_placeholders
from escalation.models import LetterTemplate, RiskScore, WeightSet
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


# --- letter templates ----------------------------------------------------------------------------


class LetterTemplateAdminForm(forms.ModelForm):
    """Refuses a placeholder Oversight cannot fill, naming it and the ones it can."""

    class Meta:
        model = LetterTemplate
        fields = ["subject", "body", "signatory"]
        help_texts = {
            "subject": "You may use placeholders here too.",
            "body": (
                "Plain text. Leave a blank line between paragraphs. Placeholders in braces are "
                "filled in when a letter is drafted: "
                + "; ".join(f"{{{name}}} {what}" for name, what in PLACEHOLDERS.items())
                + ". Letters already drafted or issued keep their own wording."
            ),
            "signatory": "The job title printed under the letter, for example Head of "
            "Commissioning.",
        }

    def _refuse_unknown(self, field: str) -> str:
        text = self.cleaned_data.get(field, "")
        unknown = unknown_placeholders(text)
        if unknown:
            raise forms.ValidationError(
                [
                    f"Remove {{{name}}}: it is not a placeholder Oversight knows. "
                    f"Use one of: {placeholder_help()}"
                    for name in unknown
                ]
            )
        return text

    def clean_subject(self):
        return self._refuse_unknown("subject")

    def clean_body(self):
        return self._refuse_unknown("body")


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """The council's wording of each kind of letter. There is one template per kind, so
    administrators change them but neither add nor delete them."""

    form = LetterTemplateAdminForm
    list_display = ["__str__", "subject", "signatory", "updated_at"]
    readonly_fields = ["kind"]
    fields = ["kind", "subject", "body", "signatory"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
