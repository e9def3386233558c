"""The Celery application.

Policy, so that a lost worker never loses or doubles work silently:

* JSON only, so no pickled objects cross the broker and task arguments stay inspectable.
* Every task has a soft and a hard time limit (overridable per task).
* ``acks_late`` is off by default and switched on per task only where the task is idempotent
  (safe to run twice), because a late ack re-delivers a task whose worker died mid-way.
* Results expire after a day: progress bars read them, nothing else does.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("oversight")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_soft_time_limit=300,
    task_time_limit=360,
    task_acks_late=False,
    task_reject_on_worker_lost=False,
    worker_prefetch_multiplier=1,
    result_expires=86400,
    task_track_started=True,
    broker_connection_retry_on_startup=True,
    broker_transport_options={"visibility_timeout": 3600},
    timezone="Europe/London",
    beat_schedule={
        "worker-heartbeat": {
            "task": "core.tasks.heartbeat_record",
            "schedule": crontab(minute="*"),
        },
        # Actions that went overdue yesterday mark their services' risk for recalculation.
        "quality-actions-overdue-daily": {
            "task": "quality.tasks.actions_mark_overdue_task",
            "schedule": crontab(hour=1, minute=15),
        },
        # Every service's risk score, after overdue actions are marked.
        "escalation-risk-recalculate-nightly": {
            "task": "escalation.tasks.risk_recalculate_all_task",
            "schedule": crontab(hour=1, minute=45),
        },
        # CQC publishes overnight; the task reads OVERSIGHT_CQC_LOCAL_AUTHORITY (empty: skip).
        "cqc-sync-nightly": {
            "task": "providers.tasks.cqc_sync_task",
            "schedule": crontab(hour=2, minute=30),
            "kwargs": {"mode": "incremental"},
        },
        # Emails a temporary Notify failure left unsent are tried again.
        "notifications-retry-pending": {
            "task": "notifications.tasks.notifications_retry_pending_task",
            "schedule": crontab(minute="*/5"),
        },
        # Agendas build themselves at their cut-off, after the nightly scores (panels app).
        "panels-agendas-at-cutoff": {
            "task": "panels.tasks.agendas_build_due_task",
            "schedule": crontab(hour=6, minute=0),
        },
        # Board and management reports for the quarter or month that has just ended are
        # built once, after the nightly scores; a missed day catches up (reports app).
        "reports-build-due": {
            "task": "reports.tasks.reports_build_due_task",
            "schedule": crontab(hour=4, minute=0),
        },
        # Special category data about people affected by a failure is kept only as long as
        # OVERSIGHT_AFFECTED_PEOPLE_RETENTION_DAYS after the incident closes.
        "failure-plan-purge-expired-people": {
            "task": "failure_plan.tasks.purge_expired_people",
            "schedule": crontab(hour=3, minute=0),
        },
    },
)
app.autodiscover_tasks()
