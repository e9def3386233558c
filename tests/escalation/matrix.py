"""Permission matrix rows for the escalation app (escalation:*).

Everyone who can view a service (providers.view_service: every role) can view its risk score,
its level, placement rating and sanctions. The service's contract officer, clinical nurses,
chairs and directors propose changes of level; chairs and directors decide them, record
sanctions, override placement ratings and complete briefing tasks. Administrators configure,
they do not decide.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from escalation.models import (
    LetterKind,
    LetterStatus,
    SanctionImposition,
    SanctionKind,
    SanctionScope,
)
from escalation.services import (
    letter_draft,
    level_change_confirm,
    level_change_propose,
    sanction_record,
)
from providers.levels import Level
from tests.matrix import Row, everyone, only
from tests.providers.factories import ServiceFactory

DECIDERS = ["chair", "director"]
PROPOSERS = ["officer", "nurse", "chair", "director"]
LETTER_DRAFTERS = ["officer", "chair", "director"]


def build_world(world):
    world.risk_service = ServiceFactory(name="Risk Matrix House", contract_officer=world.officer)
    # A level 3 service (urgent decision: briefing task), with a sanction in force...
    world.level_service = ServiceFactory(name="Level Matrix House", contract_officer=world.officer)
    change = level_change_propose(
        service=world.level_service,
        to_level=Level.THREE,
        rationale="Three safeguarding concerns",
        acting_user=world.officer,
    )
    level_change_confirm(change=change, acting_user=world.chair, urgent=True, note="Cannot wait")
    world.level_task = change.tasks.first()
    world.sanction = sanction_record(
        service=world.level_service,
        kind=SanctionKind.PLACEMENT_STOP,
        imposition=SanctionImposition.IMPOSED,
        scope=SanctionScope.WHOLE,
        reason="Safeguarding",
        start_date=datetime.date(2026, 1, 5),
        review_date=datetime.date(2026, 2, 5),
        authorised_by=world.chair,
        acting_user=world.chair,
    )
    _build_letters(world)
    # ...and an open proposal for the other service.
    world.proposal = level_change_propose(
        service=world.risk_service,
        to_level=Level.ONE,
        rationale="An infection control failure",
        acting_user=world.officer,
    )


def _build_letters(world):
    """A draft letter and an issued one. The issued letter is written directly, with a stand-in
    PDF: rendering a real one for every row of the whole matrix would only slow it down
    (tests/escalation/test_letters.py renders and reads real ones)."""
    world.letters_service = ServiceFactory(
        name="Letters Matrix House", contract_officer=world.officer
    )
    world.draft_letter = letter_draft(
        service=world.letters_service,
        kind=LetterKind.NOTICE_OF_CONCERN,
        acting_user=world.officer,
    )
    world.issued_letter = letter_draft(
        service=world.letters_service, kind=LetterKind.FINAL_WARNING, acting_user=world.officer
    )
    world.issued_letter.status = LetterStatus.ISSUED
    world.issued_letter.issued_by = world.chair
    world.issued_letter.issued_on = datetime.date(2026, 1, 6)
    world.issued_letter.pdf.save("matrix.pdf", ContentFile(b"%PDF-1.7 stand-in"), save=True)


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
    Row("escalation:service-level", everyone(200), kwargs=lambda w: {"pk": w.level_service.pk}),
    Row(
        "escalation:level-propose",
        only(200, PROPOSERS),
        kwargs=lambda w: {"pk": w.level_service.pk},
        note="the officer's portfolio; another officer may not",
    ),
    Row(
        "escalation:level-decide",
        only(200, DECIDERS),
        kwargs=lambda w: {"pk": w.proposal.pk},
    ),
    Row(
        "escalation:level-withdraw",
        only(302, ["officer", *DECIDERS]),
        kwargs=lambda w: {"pk": w.proposal.pk},
        method="post",
        note="its proposer or a chair",
    ),
    Row(
        "escalation:rating-override",
        only(200, DECIDERS),
        kwargs=lambda w: {"pk": w.level_service.pk},
    ),
    Row(
        "escalation:rating-override-remove",
        only(302, DECIDERS),
        kwargs=lambda w: {"pk": w.level_service.pk},
        method="post",
    ),
    Row(
        "escalation:sanction-add",
        only(200, DECIDERS),
        kwargs=lambda w: {"pk": w.level_service.pk},
    ),
    Row("escalation:sanction-end", only(200, DECIDERS), kwargs=lambda w: {"pk": w.sanction.pk}),
    Row("escalation:task-complete", only(200, DECIDERS), kwargs=lambda w: {"pk": w.level_task.pk}),
    Row("escalation:decisions", only(200, DECIDERS)),
    # Letters to providers (escalation/views/letters.py): council and ICB staff read them,
    # partners do not; the service's officer, chairs and directors draft; chairs and
    # directors issue.
    Row(
        "escalation:service-letters",
        everyone(200, partner=403),
        kwargs=lambda w: {"pk": w.letters_service.pk},
    ),
    Row(
        "escalation:letter-draft",
        only(200, LETTER_DRAFTERS),
        kwargs=lambda w: {"pk": w.letters_service.pk},
        note="the officer's portfolio; another officer may not",
    ),
    Row(
        "escalation:letter-preview",
        everyone(200, partner=403),
        kwargs=lambda w: {"pk": w.draft_letter.pk},
    ),
    Row(
        "escalation:letter-edit",
        only(200, LETTER_DRAFTERS),
        kwargs=lambda w: {"pk": w.draft_letter.pk},
    ),
    Row(
        "escalation:letter-edit",
        only(302, LETTER_DRAFTERS),
        kwargs=lambda w: {"pk": w.issued_letter.pk},
        note="an issued letter cannot change: back to the letter",
    ),
    Row(
        "escalation:letter-issue",
        only(200, DECIDERS),
        kwargs=lambda w: {"pk": w.draft_letter.pk},
    ),
    Row(
        "escalation:letter-issue",
        only(302, DECIDERS),
        kwargs=lambda w: {"pk": w.issued_letter.pk},
        method="post",
        note="already issued: refused with a message, never issued again",
    ),
    Row(
        "escalation:letter-discard",
        only(302, LETTER_DRAFTERS),
        kwargs=lambda w: {"pk": w.issued_letter.pk},
        method="post",
        note="an issued letter is kept: refused with a message",
    ),
    Row(
        "escalation:letter-pdf",
        everyone(200, partner=403),
        kwargs=lambda w: {"pk": w.issued_letter.pk},
    ),
    Row(
        "escalation:letter-pdf",
        everyone(404, partner=403),
        kwargs=lambda w: {"pk": w.draft_letter.pk},
        note="a draft has no PDF",
    ),
]

# The risk register and its exports: every signed-in role reads it (partners included, without
# score factors or contract values: tests/escalation/test_register.py).
ROWS += [
    Row("escalation:register", everyone(200)),
    Row("escalation:register-export", everyone(200), query="format=csv"),
    Row("escalation:register-export", everyone(200), query="format=xlsx&rating=red"),
    Row(
        "escalation:register-export",
        everyone(404),
        query="format=pdf",
        note="an unknown format",
    ),
]
