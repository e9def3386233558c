"""Administrators set each panel's scheduling defaults and its members here. Meetings and
minutes are kept through the panels' own pages (the services check every change)."""

from django.contrib import admin

from panels.models import PanelMember, PanelSettings


@admin.register(PanelSettings)
class PanelSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "panel",
        "weekday",
        "week_of_month",
        "interval_weeks",
        "start_time",
        "duration_minutes",
        "cutoff_working_days",
    ]


@admin.register(PanelMember)
class PanelMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "panel", "agency"]
    list_filter = ["panel"]
    search_fields = ["user__full_name", "user__email", "agency"]
    autocomplete_fields = ["user"]
