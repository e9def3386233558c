"""Background tasks of the core app."""

import socket
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from core.audit import acting_as
from core.models import WorkerHeartbeat


@shared_task(acks_late=True, soft_time_limit=20, time_limit=30)
def heartbeat_record() -> int:
    """Write a heartbeat row and prune those older than a day. Idempotent enough to re-run."""
    with acting_as(None, process="core.heartbeat_record"):
        beat = WorkerHeartbeat.objects.create(hostname=socket.gethostname()[:255])
        WorkerHeartbeat.objects.filter(recorded_at__lt=timezone.now() - timedelta(days=1)).delete()
    return beat.pk
