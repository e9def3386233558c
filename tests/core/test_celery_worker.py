"""A real Celery worker, in-process, consumes a task from real Redis that writes to PostgreSQL."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app
from core.models import WorkerHeartbeat
from core.tasks import heartbeat_record


@pytest.fixture
def real_worker(redis_url):
    saved = {
        key: celery_app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")
    }
    celery_app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield celery_app
    finally:
        celery_app.conf.update(saved)


@pytest.mark.django_db(transaction=True)
def test_a_task_goes_through_redis_to_a_real_worker_and_writes_to_postgres(real_worker):
    before = WorkerHeartbeat.objects.count()
    result = heartbeat_record.delay()
    heartbeat_pk = result.get(timeout=30)
    assert result.successful()
    assert WorkerHeartbeat.objects.count() == before + 1
    assert WorkerHeartbeat.objects.filter(pk=heartbeat_pk).exists()


def test_celery_is_configured_for_json_and_time_limits():
    conf = celery_app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit
    # acks_late is opted into per task, only where a task is idempotent.
    assert conf.task_acks_late is False
    assert heartbeat_record.acks_late is True
