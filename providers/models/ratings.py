"""CQC ratings of services, the runs of the CQC import, and the national benchmarks."""

from __future__ import annotations

from typing import cast

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Now, TruncDate

from core.models import TimeStampedModel
from providers.models.choices import KEY_QUESTIONS, Rating, RatingCategory
from providers.models.register import Service


class CQCRatingQuerySet(models.QuerySet):
    """Which rating applies: the current one, or the one that applied on a day."""

    def current(self) -> CQCRatingQuerySet:
        """The current rating of each service (``is_current``: at most one per service)."""
        return self.filter(is_current=True)

    def applying_on(self, day) -> CQCRatingQuerySet:
        """Ratings published on or before ``day``, the one that applied that day first.

        A rating applies from its publication date until a later one is published; a rating
        entered without a publication date counts from the day it was entered. Each row is
        annotated with ``applies_from``; ties go to the latest entered, then the highest id.
        """
        published = Coalesce(
            "published_on", TruncDate("created_at"), output_field=models.DateField()
        )
        return (
            self.annotate(applies_from=published)
            .filter(applies_from__lte=day)
            .order_by("-applies_from", "-created_at", "-pk")
        )


@pghistory.track()
class CQCRating(TimeStampedModel):
    """A CQC rating of a service as published. History is kept: one row is current."""

    class Source(models.TextChoices):
        CQC_API = "cqc_api", "CQC API"
        MANUAL = "manual", "Entered by hand"
        IMPORT = "import", "Spreadsheet import"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="ratings")
    overall = models.CharField(max_length=30, choices=Rating.choices)
    safe = models.CharField(max_length=30, choices=Rating.choices, default=Rating.NOT_RATED)
    effective = models.CharField(max_length=30, choices=Rating.choices, default=Rating.NOT_RATED)
    caring = models.CharField(max_length=30, choices=Rating.choices, default=Rating.NOT_RATED)
    responsive = models.CharField(max_length=30, choices=Rating.choices, default=Rating.NOT_RATED)
    well_led = models.CharField(
        "Well-led", max_length=30, choices=Rating.choices, default=Rating.NOT_RATED
    )
    published_on = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(default=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)

    objects = CQCRatingQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-created_at"]
        verbose_name = "CQC rating"
        constraints = [
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(is_current=True),
                name="one_current_rating_per_service",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__lte=Now()),
                name="rating_not_published_in_future",
            ),
        ]
        indexes = [models.Index(fields=["service", "-published_on"])]

    def __str__(self) -> str:
        return f"{self.service}: {self.get_overall_display()}"

    def key_questions(self) -> list[tuple[str, str, str]]:
        """(name, value, label) for the five key questions, in CQC's order."""
        return [
            (
                cast(models.Field, self._meta.get_field(name)).verbose_name.capitalize(),
                getattr(self, name),
                getattr(self, f"get_{name}_display")(),
            )
            for name in KEY_QUESTIONS
        ]

    def same_judgement_as(self, other: CQCRating | dict) -> bool:
        fields = ("overall", *KEY_QUESTIONS, "published_on")
        get = other.get if isinstance(other, dict) else (lambda f: getattr(other, f))
        return all(getattr(self, f) == get(f) for f in fields)


class CQCSyncRun(models.Model):
    """One run of the CQC import: what it asked for and what it changed.

    The newest successful run's ``started_at`` is where the next incremental sync starts.
    """

    class Mode(models.TextChoices):
        FULL = "full", "Full"
        INCREMENTAL = "incremental", "Changes since the last run"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    local_authority = models.CharField(max_length=150)
    mode = models.CharField(max_length=20, choices=Mode.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    changes_since = models.DateTimeField(null=True, blank=True)
    locations_seen = models.PositiveIntegerField(default=0)
    services_created = models.PositiveIntegerField(default=0)
    services_updated = models.PositiveIntegerField(default=0)
    services_closed = models.PositiveIntegerField(default=0)
    providers_created = models.PositiveIntegerField(default=0)
    ratings_written = models.PositiveIntegerField(default=0)
    skipped_not_social_care = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "CQC sync run"
        permissions = [("run_cqc_sync", "Can start an import from the CQC API")]

    def __str__(self) -> str:
        return f"CQC {self.get_mode_display().lower()} sync for {self.local_authority} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.services_created
            + self.services_updated
            + self.services_closed
            + self.providers_created
            + self.ratings_written
        )


class RatingShare(TimeStampedModel):
    """The share of services at one CQC rating, for one rating category, in some wider
    population: England (``RatingBenchmark``) or the council's comparators
    (``reports.ComparatorBenchmark``)."""

    category = models.CharField(max_length=20, choices=RatingCategory.choices)
    rating = models.CharField(max_length=30, choices=Rating.choices)
    percent = models.DecimalField("Per cent of rated services", max_digits=4, decimal_places=1)
    as_of = models.DateField("Figures as at")
    source = models.CharField(max_length=255)

    class Meta:
        abstract = True
        ordering = ["category", "rating"]


class RatingBenchmark(RatingShare):
    """The national share of services at one CQC rating, for one rating category.

    Boards compare the local ratings with these figures (seeds 000 and 004). Administrators
    keep them up to date in the Django admin; migration 0004 loads illustrative figures.
    """

    class Meta(RatingShare.Meta):
        verbose_name = "national rating benchmark"
        constraints = [
            models.UniqueConstraint(
                fields=["category", "rating"], name="one_benchmark_per_category_and_rating"
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="benchmark_percent_between_0_and_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.get_rating_display()} {self.percent}%"
