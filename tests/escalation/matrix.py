"""Permission matrix rows for the escalation app (escalation:*).

Everyone who can view a service (providers.view_service: every role) can view its risk score.
"""

from __future__ import annotations

from tests.matrix import Row, everyone
from tests.providers.factories import ServiceFactory


def build_world(world):
    world.risk_service = ServiceFactory(name="Risk Matrix House")


ROWS = [
    Row(
        "escalation:service-risk",
        everyone(200),
        kwargs=lambda w: {"pk": w.risk_service.pk},
    ),
    Row(
        "escalation:service-risk",
        everyone(404),
        kwargs=lambda w: {"pk": 999_999},
        note="a service that does not exist",
    ),
]
