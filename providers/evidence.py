"""The evidence hook: apps that gather evidence about a service say so here, and apps that
act on evidence listen, without the gatherers importing the listeners.

quality records evidence (a visit completed, intelligence received, monitoring figures, an
action gone overdue) and must mark the service's risk score for recalculation in the same
transaction; escalation owns the score but sits above quality in the layering, so quality
cannot import it. quality calls ``evidence_changed``; escalation registers its handler with
``on_evidence_changed`` in ``EscalationConfig.ready()`` (docs/adr/0013-evidence-hook.md).

This is an explicit call, not a model signal: it runs synchronously in the caller's
transaction, exactly where the caller says evidence changed (not on every save), and a
handler's exception propagates to the caller.
"""

from __future__ import annotations

from collections.abc import Callable

EvidenceHandler = Callable[..., None]

_handlers: list[EvidenceHandler] = []


def on_evidence_changed(handler: EvidenceHandler) -> EvidenceHandler:
    """Register ``handler(*, service_id, reason)`` to be called whenever evidence about a
    service changes. Registering the same handler twice has no effect. Returns the handler,
    so it can be used as a decorator."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def evidence_changed(*, service_id: int, reason: str) -> None:
    """New evidence about the service: call every registered handler, in registration order,
    in the caller's transaction."""
    for handler in list(_handlers):
        handler(service_id=service_id, reason=reason)
