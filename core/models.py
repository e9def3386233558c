"""Shared model pieces."""

import uuid

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Base for every model of the product: when a row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """A row written by the Celery worker each minute (beat), so /healthz can show it is alive."""

    hostname = models.CharField(max_length=255)
    recorded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        get_latest_by = "recorded_at"

    def __str__(self) -> str:
        return f"{self.hostname} at {self.recorded_at:%Y-%m-%d %H:%M}"


class Job(models.Model):
    """A long background task someone started from the browser, with progress they can watch.

    Only the person who started a job (or an administrator) may see it. Parameters never hold
    personal data about people receiving care.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs"
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    result_url = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
