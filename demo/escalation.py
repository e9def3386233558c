"""The demo council's levels, decisions, sanctions and briefing tasks (``seed_escalation_demo``).

Run after the quality demo: the services the risk score worries about most are given levels
with a believable history — carried over from the previous register a year ago, then
decided by the forum for each level over the following months — so the register, the level
pages and the board reports have something true to show. Deterministic.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from escalation.models import (
    EscalationTask,
    LevelChange,
    RiskScore,
    SanctionImposition,
    SanctionKind,
    SanctionScope,
)
from escalation.rules import briefing_due_on
from escalation.services import (
    level_change_confirm,
    level_change_propose,
    level_set_initial,
    risk_recalculate_all,
    sanction_record,
)
from providers.levels import Level
from providers.models import Service, ServiceQuerySet, ServiceType
from quality.models import IntelligenceSource, Section42, Severity
from quality.services.intelligence import intelligence_add

# How many of the highest-scoring services end at each level.
PLAN = [(Level.FOUR, 2), (Level.THREE, 4), (Level.TWO, 9), (Level.ONE, 14)]


def _first(role: Role) -> User:
    return User.objects.active_with_role(role).order_by("email").first()


def _backdate(change: LevelChange, when: datetime.date) -> None:
    """Demo only: give a decision made now the date it would have been made."""
    moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(11, 0)))
    LevelChange.objects.filter(pk=change.pk).update(
        proposed_at=moment - datetime.timedelta(days=6), decided_at=moment
    )
    EscalationTask.objects.filter(level_change=change).update(due_on=briefing_due_on(when))


class EscalationDemo:
    def __init__(self, *, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        self.chair = _first(Role.PANEL_CHAIR)
        self.director = _first(Role.DIRECTOR)

    def _proposer(self, service: Service) -> User:
        return service.contract_officer or self.chair

    def _decide(self, service, to_level, *, when, why, meeting):
        change = level_change_propose(
            service=service, to_level=to_level, rationale=why, acting_user=self._proposer(service)
        )
        level_change_confirm(
            change=change,
            acting_user=self.chair,
            meeting_reference=meeting,
            effective_on=when,
        )
        _backdate(change, when)
        return change

    @transaction.atomic
    def build(self) -> dict:
        risk_recalculate_all(today=self.today)
        latest = RiskScore.objects.filter(ServiceQuerySet.open_q("service__")).order_by(
            "service_id", "-calculated_at", "-pk"
        )
        scores: dict[int, int] = {}
        for row in latest.values("service_id", "score"):
            scores.setdefault(row["service_id"], row["score"])
        ranked = sorted(scores, key=lambda pk: (-scores[pk], pk))
        services = Service.objects.in_bulk(ranked)
        counts = {"levels": 0, "sanctions": 0, "proposals": 0}
        year_ago = self.today - datetime.timedelta(days=365)
        position = 0
        for level, how_many in PLAN:
            for _ in range(how_many):
                service = services[ranked[position]]
                position += 1
                self._evidence(service, level, position)
                self._history(service, level, year_ago, position)
                counts["levels"] += 1
                counts["sanctions"] += self._sanctions(service, level, position)
        # Open proposals waiting for the panels: one referral to PEP, one de-escalation from
        # level 3, and one new level 1 concern.
        pending = [
            (
                services[ranked[6]],
                Level.THREE,
                "Two further safeguarding concerns and "
                "a medicines error since the QPSG last met. Refer to PEP.",
            ),
            (
                services[ranked[2]],
                Level.TWO,
                "The action plan is complete and the last two "
                "unannounced visits found the improvements sustained.",
            ),
            (
                services[ranked[position + 20]],
                Level.ONE,
                "An infection control failure at the "
                "last visit; the manager has agreed an improvement plan.",
            ),
        ]
        for service, to_level, why in pending:
            if service.state.level == to_level:
                continue
            level_change_propose(
                service=service,
                to_level=to_level,
                rationale=why,
                acting_user=self._proposer(service),
            )
            counts["proposals"] += 1
        # Briefings for decisions more than a week old have been given.
        EscalationTask.objects.filter(due_on__lt=self.today - datetime.timedelta(days=7)).update(
            done_at=timezone.now(), done_by=self.director, note="Briefed at the monthly meeting."
        )
        risk_recalculate_all(today=self.today)
        return counts

    def _history(self, service, level, year_ago, position) -> None:
        """Carried over a year ago one level lower (or routine), then decided by its forum."""
        start = max(Level.ROUTINE, level - 1)
        if start:
            carried = level_set_initial(
                service=service,
                level=start,
                since=year_ago,
                acting_user=self.chair,
                note="Carried over from the previous provider risk register.",
            )
            _backdate(carried, year_ago)
        months_ago = 1 + position % 9
        when = self.today - datetime.timedelta(days=30 * months_ago + position % 7)
        panel = (
            "Provider Escalation Panel"
            if level >= Level.THREE
            else ("Quality Peer Support Group" if level == Level.TWO else "")
        )
        meeting = f"{panel} meeting, {when:%-d %B %Y}" if panel else ""
        why = {
            Level.ONE: "A single concern found at the last visit; an improvement plan is agreed "
            "with the manager.",
            Level.TWO: "Persistent low-level concerns across staffing and care plans need formal "
            "action and peer support.",
            Level.THREE: "Serious concerns persist: safeguarding enquiries and a poor CQC "
            "inspection. Enforcement needed.",
            Level.FOUR: "Risk of urgent closure: staffing collapse and the provider's finances "
            "are failing.",
        }[level]
        self._decide(service, level, when=when, why=why, meeting=meeting)

    def _evidence(self, service, level, position) -> None:
        """Services at levels 3 and 4 got there for a reason: recent safeguarding concerns, and
        for level 4 the provider's finances."""
        if level < Level.THREE:
            return
        officer = service.contract_officer or self.chair
        for days in (12, 41, 75):
            intelligence_add(
                acting_user=officer,
                service=service,
                source=IntelligenceSource.SAFEGUARDING,
                received_on=self.today - datetime.timedelta(days=days + position),
                severity=Severity.HIGH,
                section_42=Section42.YES,
                summary="Safeguarding concern raised about care at night; section 42 enquiry.",
                today=self.today,
            )
        if level == Level.FOUR:
            intelligence_add(
                acting_user=officer,
                service=service,
                source=IntelligenceSource.FINANCIAL,
                received_on=self.today - datetime.timedelta(days=20),
                severity=Severity.CRITICAL,
                section_42=Section42.NO,
                summary="Staff wages paid late two months running; suppliers on stop.",
                today=self.today,
            )

    def _sanctions(self, service, level, position) -> int:
        if level < Level.TWO:
            return 0
        home_support = service.service_type == ServiceType.HOME_SUPPORT
        start = self.today - datetime.timedelta(days=20 + position * 3)
        sanction_record(
            service=service,
            kind=SanctionKind.RESTRICTION_OF_HOURS if home_support else SanctionKind.PLACEMENT_STOP,
            imposition=SanctionImposition.IMPOSED
            if level >= Level.THREE
            else SanctionImposition.VOLUNTARY,
            scope=SanctionScope.WHOLE
            if level >= Level.THREE or home_support
            else SanctionScope.PARTIAL,
            scope_detail=""
            if level >= Level.THREE or home_support
            else "New admissions to the nursing unit",
            reason="Until the action plan shows sustained improvement.",
            start_date=start,
            # Some reviews are due or overdue, as on a real register.
            review_date=start + datetime.timedelta(days=28 + (position % 3) * 7),
            authorised_by=self.director if level >= Level.THREE else self.chair,
            acting_user=self.chair,
        )
        return 1
