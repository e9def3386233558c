"""Permission matrix rows for quality assurance (quality:*).

The world: a care home and a home support service in ``officer``'s portfolio (``nurse`` is
the care home's clinical nurse), with a planned visit, a draft monitoring visit carrying a
file, a draft clinical visit, a completed visit, intelligence logged by ``partner`` and by
``officer``, a month of call monitoring figures, an action and ``officer``'s calendar feed.

Who may do what (quality/rules.py): the portfolio officer changes their services; a nurse
records clinical visits, logs intelligence and manages actions for any service; a partner
member reads and logs intelligence; chairs and directors read; administrators do everything.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from quality.models import Visit, VisitStatus, VisitType
from quality.services import calendar_feed_create, evidence_attach
from tests.matrix import Row, everyone, only
from tests.providers.factories import ServiceFactory
from tests.quality.factories import (
    ActionFactory,
    CompletedVisitFactory,
    HomeSupportServiceFactory,
    IntelligenceFactory,
    MonitoringFiguresFactory,
    PlannedVisitFactory,
)

STAFF = ["officer", "other_officer", "nurse", "chair", "director", "admin"]
PORTFOLIO = ["officer", "admin"]  # the portfolio officer and administrators
VISITORS = ["officer", "nurse", "admin"]  # may plan and record visits to the care home
CALENDAR = ["officer", "other_officer", "nurse", "admin"]
INTELLIGENCE = ["officer", "nurse", "partner", "admin"]
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def build_world(world):
    world.q_service = ServiceFactory(
        name="Quality Matrix House", contract_officer=world.officer, clinical_nurse=world.nurse
    )
    world.q_home = HomeSupportServiceFactory(
        name="Quality Matrix Homecare", contract_officer=world.officer
    )
    world.q_planned = PlannedVisitFactory(service=world.q_service, officer=world.officer)
    world.q_draft = Visit.objects.create(
        service=world.q_service,
        visit_type=VisitType.MONITORING,
        status=VisitStatus.DRAFT,
        officer=world.officer,
        created_by=world.officer,
    )
    world.q_clinical = Visit.objects.create(
        service=world.q_service,
        visit_type=VisitType.CLINICAL,
        status=VisitStatus.DRAFT,
        officer=world.nurse,
        created_by=world.nurse,
    )
    world.q_completed = CompletedVisitFactory(
        service=world.q_service, ratings={"safeguarding": "inadequate"}
    )
    world.q_file = evidence_attach(
        acting_user=world.officer,
        visit=world.q_draft,
        upload=SimpleUploadedFile("audit.pdf", PDF, content_type="application/pdf"),
    )
    world.q_intel_partner = IntelligenceFactory(service=world.q_service, logged_by=world.partner)
    world.q_intel_officer = IntelligenceFactory(service=world.q_service, logged_by=world.officer)
    world.q_figures = MonitoringFiguresFactory(service=world.q_home, entered_by=world.officer)
    world.q_action = ActionFactory(service=world.q_service, created_by=world.officer)
    world.q_token = calendar_feed_create(acting_user=world.officer)


def _service(world):
    return {"pk": world.q_service.pk}


def _home(world):
    return {"pk": world.q_home.pk}


def _intelligence_form(world):
    return {
        "source": "complaint",
        "received_on_day": "1",
        "received_on_month": "2",
        "received_on_year": "2025",
        "severity": "low",
        "section_42": "no",
        "summary": "A relative's complaint about laundry",
    }


ROWS = [
    # The schedule and the calendar feed.
    Row("quality:schedule", everyone(200, partner=403)),
    Row("quality:calendar", only(200, CALENDAR)),
    Row(
        "quality:calendar-feed",
        everyone(200, anonymous=200),
        kwargs=lambda w: {"token": w.q_token},
        note="the secret token is the key: no sign-in",
    ),
    Row(
        "quality:calendar-feed",
        everyone(404, anonymous=404),
        kwargs=lambda w: {"token": "not-the-token"},
        note="a wrong token finds nothing",
    ),
    # Planning and recording visits.
    Row("quality:visit-plan", only(200, VISITORS), kwargs=_service),
    Row("quality:visit-new", only(200, VISITORS), kwargs=_service),
    Row(
        "quality:visit-record",
        only(200, PORTFOLIO),
        kwargs=lambda w: {"pk": w.q_service.pk, "visit_type": "monitoring"},
        note="a nurse records clinical visits only",
    ),
    Row(
        "quality:visit-record",
        only(200, VISITORS),
        kwargs=lambda w: {"pk": w.q_service.pk, "visit_type": "clinical"},
    ),
    Row(
        "quality:visit-record",
        only(302, PORTFOLIO),
        kwargs=lambda w: {"pk": w.q_service.pk, "visit_type": "monitoring"},
        method="post",
        data=lambda w: {
            "intent": "draft",
            "visit_date_day": "1",
            "visit_date_month": "2",
            "visit_date_year": "2025",
        },
        note="saving a draft redirects to the draft",
    ),
    Row("quality:visit-detail", everyone(200), kwargs=lambda w: {"pk": w.q_completed.pk}),
    Row("quality:visit-detail", everyone(200), kwargs=lambda w: {"pk": w.q_planned.pk}),
    Row("quality:visit-edit", only(200, PORTFOLIO), kwargs=lambda w: {"pk": w.q_draft.pk}),
    Row("quality:visit-edit", only(200, VISITORS), kwargs=lambda w: {"pk": w.q_clinical.pk}),
    Row("quality:visit-edit", only(200, PORTFOLIO), kwargs=lambda w: {"pk": w.q_planned.pk}),
    Row(
        "quality:visit-edit",
        only(200, []),
        kwargs=lambda w: {"pk": w.q_completed.pk},
        note="a completed visit is locked: amend it instead",
    ),
    Row("quality:visit-amend", only(200, PORTFOLIO), kwargs=lambda w: {"pk": w.q_completed.pk}),
    Row("quality:visit-amend", only(200, []), kwargs=lambda w: {"pk": w.q_draft.pk}),
    Row("quality:visit-cancel", only(200, PORTFOLIO), kwargs=lambda w: {"pk": w.q_planned.pk}),
    # Evidence files: staff open them (not partner members); never a public address.
    Row("quality:evidence-upload", only(200, PORTFOLIO), kwargs=lambda w: {"pk": w.q_draft.pk}),
    Row("quality:evidence-download", only(200, STAFF), kwargs=lambda w: {"pk": w.q_file.pk}),
    Row("quality:evidence-remove", only(200, PORTFOLIO), kwargs=lambda w: {"pk": w.q_file.pk}),
    # Intelligence.
    Row("quality:intelligence-add", only(200, INTELLIGENCE), kwargs=_service),
    Row(
        "quality:intelligence-add",
        only(302, INTELLIGENCE),
        kwargs=_service,
        method="post",
        data=_intelligence_form,
    ),
    Row(
        "quality:intelligence-detail",
        everyone(200),
        kwargs=lambda w: {"pk": w.q_intel_partner.pk},
        note="the partner who logged it may read its details",
    ),
    Row(
        "quality:intelligence-detail",
        everyone(200, partner=403),
        kwargs=lambda w: {"pk": w.q_intel_officer.pk},
    ),
    # Call monitoring (home support only).
    Row("quality:monitoring", everyone(200), kwargs=_home),
    Row(
        "quality:monitoring",
        everyone(404),
        kwargs=_service,
        note="a care home has no call monitoring figures",
    ),
    Row("quality:monitoring-add", only(200, PORTFOLIO), kwargs=_home),
    Row("quality:monitoring-import", only(200, PORTFOLIO), kwargs=_home),
    Row("quality:monitoring-template", everyone(200)),
    Row("quality:monitoring-edit", only(200, PORTFOLIO), kwargs=lambda w: {"pk": w.q_figures.pk}),
    # Action plans.
    Row("quality:actions", everyone(200), kwargs=_service),
    Row("quality:action-create", only(200, VISITORS), kwargs=_service),
    Row("quality:action-edit", only(200, VISITORS), kwargs=lambda w: {"pk": w.q_action.pk}),
    # The timeline.
    Row("quality:service-timeline", everyone(200), kwargs=_service),
]
