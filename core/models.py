"""Shared model pieces."""

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
