"""People who sign in, and the append-only log of who viewed personal data."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from accounts.roles import GROUP_NAMES, Role


class UserQuerySet(models.QuerySet):
    """Who holds which role."""

    def with_role(self, *roles: Role | str) -> UserQuerySet:
        """People holding any of ``roles`` (a role is the group named ``GROUP_NAMES[role]``),
        each person once; with no roles given, people holding any role at all."""
        if not roles:
            return self.filter(groups__isnull=False).distinct()
        names = [GROUP_NAMES[Role(role)] for role in roles]
        return self.filter(groups__name__in=names).distinct()

    def active_with_role(self, *roles: Role | str) -> UserQuerySet:
        """Active accounts holding any of ``roles`` (``with_role``): the people who can be
        given work or told about it."""
        return self.filter(is_active=True).with_role(*roles)


# django-stubs' plugin cannot type a class built by from_queryset() as a base class: the stub
# falls short here, the code is Django's documented way to put queryset methods on a manager.
class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


@pghistory.track(exclude=["password", "last_login", "unread_notifications"])
class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff or a partner who signs in with their email address."""

    email = models.EmailField("Email address", unique=True)
    full_name = models.CharField("Full name", max_length=150)
    job_title = models.CharField("Job title", max_length=150, blank=True)
    organisation = models.CharField(
        "Organisation",
        max_length=150,
        blank=True,
        help_text="For partner members: the agency they represent, such as the ICB or CQC.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("Can use the Django admin", default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Kept by notifications.services so every page's header shows it without a query.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"), name="accounts_user_email_ci_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_role(self, role: Role | str) -> bool:
        return GROUP_NAMES[Role(role)] in self.role_names

    @property
    def role_names(self) -> list[str]:
        # Cached on the instance: templates ask several times per page.
        if not hasattr(self, "_role_names"):
            self._role_names = sorted(self.groups.values_list("name", flat=True))
        return self._role_names

    @property
    def role_label(self) -> str:
        return ", ".join(self.role_names) or "No role"


class AccessLog(models.Model):
    """One view (or export) of a page holding personal data. Rows are never changed or deleted.

    A database trigger refuses UPDATE and DELETE, so not even a bug or a shell session can
    rewrite the trail.
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"
        DOWNLOAD = "download", "Downloaded"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_log")
    accessed_at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices, default=Action.VIEW)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    path = models.CharField(max_length=500)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-accessed_at"]
        indexes = [models.Index(fields=["content_type", "object_id", "-accessed_at"])]
        permissions = [("view_audit_trail", "Can read the audit trail of any record")]
        triggers = [
            pgtrigger.Protect(
                name="access_log_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display().lower()} {self.object_repr} at {self.accessed_at:%Y-%m-%d %H:%M}"
