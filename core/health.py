"""Health of the parts the service depends on, for /healthz."""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from core.models import WorkerHeartbeat


def database_state() -> str:
    """'ok' when a query round-trips to PostgreSQL, otherwise 'unreachable'."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        return "unreachable"
    return "ok"


def broker_state() -> str:
    """'ok' when Redis answers PING, 'eager' when no broker is configured, else 'unreachable'."""
    if not settings.REDIS_URL:
        return "eager"
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        client.ping()
    except Exception:  # noqa: BLE001
        return "unreachable"
    return "ok"


def worker_last_seen():
    """When a worker last wrote its heartbeat, or None (also None if the database is down)."""
    try:
        beat = (
            WorkerHeartbeat.objects.order_by("-recorded_at")
            .values_list("recorded_at", flat=True)
            .first()
        )
    except Exception:  # noqa: BLE001
        return None
    return beat
