"""Who or what made a change: the one way to put the acting user on the change history.

Web requests get the signed-in person from ``accounts.middleware.HistoryContextMiddleware``.
Services that are also called without a request (imports, commands, Celery tasks) and every
Celery task that changes data say who acts with ``acting_as``, so each pghistory event records a
person, or the process that made the change when no person did::

    with acting_as(acting_user):                      # in a service: one transaction
        ...
    with acting_as(None, process="panels.agendas_build_due_task"):   # in a task
        agendas_build_due()
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pghistory
from django.db import transaction


@contextlib.contextmanager
def acting_as(user, *, process: str | None = None, atomic: bool = True) -> Iterator[None]:
    """Record ``user`` (id and email) and ``process`` on every history event written inside.

    With ``atomic`` (the default) the block is one transaction. A task whose service commits
    step by step (progress a person watches, a run that commits per batch) passes
    ``atomic=False`` so those commits still happen as they go. With neither a user nor a
    process nothing is added, so a surrounding context (the web request's) is left as it is.
    """
    metadata: dict[str, object] = {}
    if user is not None:
        metadata.update(user=user.pk, user_email=user.email)
    if process:
        metadata["process"] = process
    with contextlib.ExitStack() as stack:
        if atomic:
            stack.enter_context(transaction.atomic())
        if metadata:
            stack.enter_context(pghistory.context(**metadata))
        yield
