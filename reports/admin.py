"""Administrators keep the comparator group's CQC rating shares here, beside England's
(Providers > National rating benchmarks). Reports are built and read on the Reports pages."""

from django.contrib import admin

from reports.models import ComparatorBenchmark


@admin.register(ComparatorBenchmark)
class ComparatorBenchmarkAdmin(admin.ModelAdmin):
    list_display = ["group_name", "category", "rating", "percent", "as_of", "source"]
    list_filter = ["category"]
