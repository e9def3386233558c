"""Letters to providers and the council's wording for each kind."""

from __future__ import annotations

import pghistory
from django.db import models

from core.models import TimeStampedModel
from providers.models import Service


class LetterKind(models.TextChoices):
    NOTICE_OF_CONCERN = "notice_of_concern", "Notice of concern"
    POTENTIAL_BREACH = "potential_breach", "Potential breach of contract"
    RECTIFICATION_NOTICE = "rectification_notice", "Rectification notice"
    FINAL_WARNING = "final_warning", "Final warning"
    TERMINATION = "termination", "Termination of contract"


@pghistory.track()
class LetterTemplate(TimeStampedModel):
    """The council's wording for one kind of letter (administrators edit it).

    ``body`` is plain text with placeholders in braces, e.g. ``{service_name}``; the allowed
    placeholders are listed in ``escalation.letters.PLACEHOLDERS``.
    """

    kind = models.CharField(max_length=30, choices=LetterKind.choices, unique=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    signatory = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class LetterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"


@pghistory.track()
class Letter(TimeStampedModel):
    """A letter to a provider about one service, kept against the service once issued.

    The text is copied from the template when the letter is drafted, so a later change to the
    template never alters a letter already sent. ``pdf`` is written when the letter is issued.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    status = models.CharField(
        max_length=20, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    subject = models.CharField(max_length=255)
    body = models.TextField()
    signatory = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    issued_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_on = models.DateField(null=True, blank=True)
    pdf = models.FileField(upload_to="letters/%Y/%m/", blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("issue_letter", "Can issue letters to providers")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="issued")
                | models.Q(issued_on__isnull=False, issued_by__isnull=False),
                name="issued_letter_has_date_and_issuer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.service}"
