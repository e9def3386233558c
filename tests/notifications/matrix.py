"""Permission matrix rows for notifications (notifications:*).

Everyone signed in has a notifications page of their own; one person's notification is a 404
to everybody else. The world: one notification for ``officer``.
"""

from __future__ import annotations

from tests.matrix import Row, everyone


def build_world(world):
    from notifications.models import Reason
    from notifications.services import notify

    (world.notification,) = notify(
        recipients=[world.officer],
        subject="Matrix Manor: now level 2",
        body="Moved from level 1 to level 2.",
        url="/services/",
        reason=Reason.LEVEL_CHANGE,
    )


ROWS = [
    Row("notifications:list", everyone(200)),
    Row(
        "notifications:open",
        everyone(404, officer=302),
        kwargs=lambda w: {"pk": w.notification.pk},
        note="opening marks it read and goes to what it is about",
    ),
    Row("notifications:mark-read", everyone(302), method="post"),
    Row("notifications:mark-read", everyone(405), note="GET is not allowed"),
]
