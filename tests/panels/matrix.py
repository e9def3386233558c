"""Permission matrix rows for the panels (panels:*).

The world: a scheduled PEP meeting (``partner`` sits on PEP) with one service item and an
action owned by ``officer``; a QPSG meeting, which ``partner`` does not sit on (404); a
published PEP meeting with its minutes PDF. Chairs and directors run meetings; every council
and ICB role reads them.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.matrix import Row, everyone, only

CHAIRS = ["chair", "director"]


def build_world(world):
    from panels.models import MeetingStatus, Panel
    from tests.panels.factories import (
        MeetingFactory,
        PanelActionFactory,
        PanelMemberFactory,
        service_at,
    )

    PanelMemberFactory(panel=Panel.PEP, user=world.partner, agency="Northmoor ICB")
    world.pep = MeetingFactory(panel=Panel.PEP, chair=world.chair)
    service = service_at(3, by=world.chair, name="Matrix Manor")
    world.pep_item = world.pep.items.create(position=1, kind="service", service=service)
    world.pep.items.create(position=2, kind="other", title="Any other business")
    world.pep_attendee = world.pep.attendees.create(user=world.partner, agency="Northmoor ICB")
    world.pep_action = PanelActionFactory(
        meeting=world.pep, item=world.pep_item, owner=world.officer, created_by=world.chair
    )
    world.qpsg = MeetingFactory(panel=Panel.QPSG, chair=world.chair)
    world.qpsg_item = world.qpsg.items.create(position=1, kind="other", title="Market update")
    world.published = MeetingFactory(
        panel=Panel.PEP,
        chair=world.chair,
        status=MeetingStatus.PUBLISHED,
        published_at=timezone.now(),
        published_by=world.chair,
    )
    world.published.minutes_pdf.save("minutes.pdf", ContentFile(b"%PDF-1.7 test"), save=True)


def _pep(w):
    return {"pk": w.pep.pk}


def _qpsg(w):
    return {"pk": w.qpsg.pk}


def _pep_item(w):
    return {"pk": w.pep.pk, "item_pk": w.pep_item.pk}


def _qpsg_item(w):
    return {"pk": w.qpsg.pk, "item_pk": w.qpsg_item.pk}


NOT_MEMBER = {"partner": 404}

ROWS = [
    Row("panels:meeting-list", everyone(200)),
    Row("panels:meeting-schedule", only(200, CHAIRS)),
    Row("panels:meeting-detail", everyone(200), kwargs=_pep),
    Row(
        "panels:meeting-detail",
        everyone(200, **NOT_MEMBER),
        kwargs=_qpsg,
        note="a partner who does not sit on QPSG",
    ),
    Row("panels:meeting-detail", everyone(404), kwargs=lambda w: {"pk": 999_999}),
    Row("panels:agenda-build", only(302, CHAIRS), kwargs=_pep, method="post"),
    Row(
        "panels:agenda-build",
        only(302, CHAIRS, others=403) | NOT_MEMBER,
        kwargs=_qpsg,
        method="post",
    ),
    Row("panels:item-add", only(200, CHAIRS), kwargs=_pep),
    Row("panels:item", everyone(200), kwargs=_pep_item),
    Row("panels:item", everyone(200, **NOT_MEMBER), kwargs=_qpsg_item),
    Row(
        "panels:item",
        only(200, CHAIRS),
        kwargs=_pep_item,
        method="post",
        data=lambda w: {},
        note="an empty form is shown again with its errors",
    ),
    Row(
        "panels:item-move",
        only(302, CHAIRS),
        kwargs=_pep_item,
        method="post",
        data=lambda w: {"direction": "down"},
    ),
    Row(
        "panels:item-remove",
        only(405, CHAIRS),
        kwargs=_pep_item,
        note="POST only; a GET shows who may reach it without removing anything",
    ),
    Row("panels:action-add", only(200, CHAIRS), kwargs=_pep_item),
    Row(
        "panels:action-done",
        only(200, ["officer", *CHAIRS]),
        kwargs=lambda w: {"pk": w.pep.pk, "action_pk": w.pep_action.pk},
        note="the action's owner or a chair",
    ),
    Row("panels:attendee-add", only(200, CHAIRS), kwargs=_pep),
    Row(
        "panels:attendance",
        only(302, CHAIRS),
        kwargs=lambda w: {"pk": w.pep.pk, "attendee_pk": w.pep_attendee.pk},
        method="post",
        data=lambda w: {"attendance": "present"},
    ),
    Row("panels:invitation", everyone(200), kwargs=_pep),
    Row("panels:invitation", everyone(200, **NOT_MEMBER), kwargs=_qpsg),
    Row(
        "panels:pack",
        everyone(302),
        kwargs=_pep,
        method="post",
        note="redirects to the job's progress page",
    ),
    Row("panels:pack", everyone(302, **NOT_MEMBER), kwargs=_qpsg, method="post"),
    Row("panels:publish", only(200, CHAIRS), kwargs=_pep),
    Row(
        "panels:publish",
        only(403, []),
        kwargs=lambda w: {"pk": w.published.pk},
        note="published minutes are closed",
    ),
    Row("panels:minutes-pdf", everyone(200), kwargs=lambda w: {"pk": w.published.pk}),
    Row(
        "panels:minutes-pdf",
        everyone(404),
        kwargs=_pep,
        note="not published yet",
    ),
]
