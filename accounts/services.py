"""Every change the accounts app makes: users, roles and the access log."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from accounts.models import AccessLog, User
from accounts.roles import GROUP_NAMES, Role


def access_log_record(
    *,
    user: User,
    obj: models.Model | None,
    path: str,
    action: str = AccessLog.Action.VIEW,
    ip_address: str | None = None,
) -> AccessLog:
    """Record that ``user`` viewed (or exported) personal data about ``obj`` at ``path``."""
    return AccessLog.objects.create(
        user=user,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        path=path[:500],
        ip_address=ip_address,
    )


@transaction.atomic
def user_create(
    *,
    acting_user: User | None,
    email: str,
    full_name: str,
    role: Role | str,
    password: str | None = None,
    job_title: str = "",
    organisation: str = "",
) -> User:
    """Create a user holding one role. ``acting_user`` is None only for seeding commands."""
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        job_title=job_title,
        organisation=organisation,
        is_staff=Role(role) == Role.ADMINISTRATOR,
    )
    user.groups.add(Group.objects.get(name=GROUP_NAMES[Role(role)]))
    return user
