"""Private calendar feeds: a secret address per person; only its hash is stored."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction

from accounts.models import User
from quality.models import CalendarFeed

TOKEN_BYTES = 32  # 256 bits: not guessable


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_create(*, acting_user: User) -> str:
    """Make a new secret feed address for ``acting_user`` (any earlier one stops working)
    and return its token. The token is not stored, only its hash: show it now or never."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(
            user=acting_user, defaults={"token_hash": token_hash(token), "last_used_at": None}
        )
    return token


def calendar_feed_revoke(*, acting_user: User) -> None:
    """Turn off ``acting_user``'s calendar feed."""
    with transaction.atomic():
        CalendarFeed.objects.filter(user=acting_user).delete()
