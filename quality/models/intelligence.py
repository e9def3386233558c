"""Intelligence: what is learned about a service between visits."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models

from core.models import TimeStampedModel
from providers.models import Service
from quality.models.visits import Area


class IntelligenceSource(models.TextChoices):
    SAFEGUARDING = "safeguarding", "Safeguarding concern"
    COMPLAINT = "complaint", "Complaint"
    WHISTLEBLOWING = "whistleblowing", "Whistleblowing"
    CQC = "cqc", "CQC information"
    SOCIAL_WORKER = "social_worker", "Feedback from a social worker"
    DISTRICT_NURSE = "district_nurse", "Feedback from a district nurse"
    FAMILY = "family", "Feedback from a family"
    SIGNIFICANT_EVENT = "significant_event", "Notified significant event"
    HOSPITAL_ADMISSION = "hospital_admission", "Hospital admission"
    FINANCIAL = "financial", "Financial warning sign"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class Section42(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known yet"


@pghistory.track()
class Intelligence(TimeStampedModel):
    """Something learned about a service between visits.

    ``summary`` is shown on the service's timeline to everyone who reads the register, so it
    must not name people receiving care; ``details`` may, and every view of them is logged.
    """

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="intelligence")
    source = models.CharField(max_length=30, choices=IntelligenceSource.choices)
    received_on = models.DateField("Date received")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    section_42 = models.CharField(
        "Section 42 enquiry followed", max_length=10, choices=Section42.choices
    )
    clinical_area = models.CharField(max_length=30, choices=Area.choices, blank=True)
    summary = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-created_at"]
        verbose_name_plural = "intelligence"
        indexes = [models.Index(fields=["service", "-received_on"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} about {self.service} ({self.received_on:%-d %b %Y})"
