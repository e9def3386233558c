"""Queue a background task by its registered name.

Tasks are thin: each ``tasks.py`` imports its app's services and calls one. A service that starts
background work (a PDF, an email, a recalculation) therefore must not import its ``tasks``
module back; it names the task instead. The name is the task's registered name,
``"<app>.tasks.<function>"``; an unknown name raises ``KeyError`` at once, so a typo fails the
first test that takes that path rather than passing silently.

With ``REDIS_URL`` unset (development, most tests), Celery runs the task eagerly in-process:
looking a task up by name changes nothing about that.
"""

from __future__ import annotations

from typing import Any

from celery import Task, current_app


def task_named(name: str) -> Task:
    """The registered task called ``name``, importing the apps' task modules on first use."""
    tasks = current_app.tasks
    if name not in tasks:
        # The web process has not imported the tasks modules yet: Celery's autodiscovery runs
        # them on this signal (a worker does it at start-up).
        current_app.loader.import_default_modules()
    return tasks[name]


def enqueue(name: str, *args: Any, **kwargs: Any) -> None:
    """Send the task now (outside a transaction, or when it must not wait for one)."""
    task_named(name).delay(*args, **kwargs)


def enqueue_on_commit(name: str, *args: Any, **kwargs: Any) -> None:
    """Send the task once the current transaction commits, so it never sees uncommitted rows
    (and is never sent for a transaction that rolled back)."""
    task_named(name).delay_on_commit(*args, **kwargs)
