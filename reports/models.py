"""Board and management reports: each build of a report, kept with its PDF and its figures,
and the comparator figures the board compares local CQC ratings with (DOMAIN.md,
"Reporting"; docs/adr/0012-board-reports.md)."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel
from providers.models import RatingShare
from reports.rules import MMG_MONTHLY, PERIOD_WORD, SAB_QUARTERLY, Period


class ReportKind(models.TextChoices):
    SAB_QUARTERLY = SAB_QUARTERLY, "Safeguarding Adults Board quarterly report"
    MMG_MONTHLY = MMG_MONTHLY, "Market Management Group monthly report"


class ReportStatus(models.TextChoices):
    BUILDING = "building", "Being built"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


@pghistory.track()
class Report(TimeStampedModel):
    """One build of a report for one period. Every build is kept (the history a board can be
    shown), numbered per kind and period; a rebuild never overwrites an earlier PDF.

    ``figures`` holds every figure the PDF shows, as JSON, so the spreadsheet of the same
    figures and any later question ("what did we tell the board in July?") read the build,
    not today's data. ``requested_by`` is empty for the scheduled build after a period ends.
    """

    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.BUILDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports_requested",
    )
    job = models.OneToOneField(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="report"
    )
    pdf = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    figures = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    pages = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)
    build_seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-period_start", "-version"]
        indexes = [models.Index(fields=["kind", "-period_start", "-version"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_start", "version"], name="one_report_per_version"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | (Q(built_at__isnull=False) & ~Q(pdf="")),
                name="ready_report_has_pdf",
            ),
        ]
        permissions = [
            ("build_sab_report", "Can build and download the Safeguarding Adults Board report"),
            ("build_mmg_report", "Can build and download the Market Management Group report"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.period.label} (version {self.version})"

    @property
    def period(self) -> Period:
        return Period(PERIOD_WORD[self.kind], self.period_start, self.period_end)

    @property
    def title(self) -> str:
        if self.kind == ReportKind.SAB_QUARTERLY:
            return f"Safeguarding Adults Board report: {self.period.label}"
        return f"Market Management Group report: {self.period.label}"

    @property
    def file_stem(self) -> str:
        prefix = "safeguarding-adults-board" if self.kind == ReportKind.SAB_QUARTERLY else "mmg"
        return f"{prefix}-{self.period.slug}-v{self.version}"

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY


class ComparatorBenchmark(RatingShare):
    """The share of services at one CQC rating among the council's comparator group (its
    statistical neighbours, or the region), for one rating category.

    Boards read local ratings beside comparator and England figures (seed 004). England's
    figures are ``providers.RatingBenchmark``; administrators keep these beside them in the
    Django admin. Migration 0002 loads the illustrative comparator figures of seed 004.
    """

    group_name = models.CharField(
        "Comparator group", max_length=150, help_text="For example, statistical neighbours."
    )

    class Meta(RatingShare.Meta):
        verbose_name = "comparator rating benchmark"
        constraints = [
            models.UniqueConstraint(
                fields=["category", "rating"], name="one_comparator_per_category_and_rating"
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="comparator_percent_between_0_and_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_name}, {self.get_category_display()}: {self.percent}%"
