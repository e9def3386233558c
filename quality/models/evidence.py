"""Files attached to visits (photos, reports, audits), kept behind a permission check."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

import pghistory
from django.conf import settings
from django.db import models

from core.models import TimeStampedModel
from providers.models import Service
from quality.models.visits import Visit


class EvidenceKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document"
    XLSX = "xlsx", "Excel spreadsheet"
    JPEG = "jpg", "JPEG image"
    PNG = "png", "PNG image"


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    """A random name under the service's folder: the person's file name is never a path."""
    extension = PurePosixPath(filename).suffix.lower().lstrip(".") or "bin"
    return f"evidence/{instance.service_id}/{uuid.uuid4().hex}.{extension}"


# Removing a file is recorded as well as adding one.
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class EvidenceFile(TimeStampedModel):
    """A file attached to a visit (a photo, a report, an audit). Served only through a view
    that checks the person may see it; there is no public address for it."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="evidence_files")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="evidence_files")
    file = models.FileField(upload_to=evidence_path, max_length=255)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
