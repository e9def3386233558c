"""The demo council's quality assurance records: visits, intelligence, call monitoring figures
and action plans for the services ``seed_demo`` made.

About three quarters of services had a visit in the last year or so (most rated Good, some
Requires improvement, a few Inadequate); a third have a visit planned; two in five have some
intelligence; every home support branch has 14 months of call monitoring figures; each area
rated Requires improvement or Inadequate has an action, some now overdue. Drawn from
``random.Random(SEED)``; written through quality.services like any other change.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from providers.models import Service, ServiceType
from quality import services
from quality.models import (
    KEY_AREAS,
    AreaRating,
    IntelligenceSource,
    Section42,
    Severity,
    VisitType,
)
from quality.selectors import months_back

SEED = 20190314  # the date of the quality paper (seed 004)

EVIDENCE: dict[str, list[str]] = {
    AreaRating.GOOD: [
        "Records up to date and people say they are listened to.",
        "Seen in practice and confirmed by staff and relatives.",
        "Clear procedures, followed consistently.",
    ],
    AreaRating.REQUIRES_IMPROVEMENT: [
        "Gaps in recording; the manager has a plan but it is not yet in place.",
        "Several staff overdue refresher training.",
        "Reviews are not always done on time.",
    ],
    AreaRating.INADEQUATE: [
        "Concerns not raised with the safeguarding team within a day.",
        "Agency use high and shifts short-staffed at night.",
    ],
}
ACTIONS = {
    "leadership": "Submit a monthly quality report to the council",
    "staffing": "Send a recruitment and retention plan with weekly staffing figures",
    "skills": "Bring all mandatory training up to date and send the matrix",
    "personalisation": "Review care plans with each person to record what matters to them",
    "care_plans": "Review every risk assessment and care plan within the month",
    "health_safety": "Complete the outstanding fire safety actions",
    "safeguarding": "Train all staff in raising a safeguarding alert and audit every concern",
    "complaints": "Log and answer every complaint within the policy's timescales",
    "views": "Hold a residents' and relatives' meeting and share the minutes",
    "partnership": "Agree a referral route with the district nursing team",
}
INTELLIGENCE = [
    (IntelligenceSource.COMPLAINT, "A relative complained about laundry going missing"),
    (IntelligenceSource.COMPLAINT, "Complaint about late and rushed morning calls"),
    (IntelligenceSource.SAFEGUARDING, "Safeguarding concern raised about unexplained bruising"),
    (IntelligenceSource.SAFEGUARDING, "Medication error reported by a visiting GP"),
    (IntelligenceSource.WHISTLEBLOWING, "A member of staff reported night shifts run short"),
    (IntelligenceSource.CQC, "CQC inspector shared concerns after a focused inspection"),
    (IntelligenceSource.SOCIAL_WORKER, "Social worker reports a good placement review"),
    (IntelligenceSource.DISTRICT_NURSE, "District nurse reports two new pressure ulcers"),
    (IntelligenceSource.FAMILY, "Family praise the activities programme"),
    (IntelligenceSource.SIGNIFICANT_EVENT, "Norovirus outbreak: home closed to admissions"),
    (IntelligenceSource.SIGNIFICANT_EVENT, "Registered manager has resigned"),
    (IntelligenceSource.HOSPITAL_ADMISSION, "Three hospital admissions after falls in a month"),
    (IntelligenceSource.FINANCIAL, "Provider asked for early payment of invoices"),
]


class QualityDemo:
    def __init__(self, *, seed: int = SEED, today: datetime.date | None = None):
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()

    def _days_ago(self, low: int, high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    def _rating(self, weights=(2, 80, 15, 3)) -> str:
        return self.rng.choices(
            [
                AreaRating.OUTSTANDING,
                AreaRating.GOOD,
                AreaRating.REQUIRES_IMPROVEMENT,
                AreaRating.INADEQUATE,
            ],
            weights=weights,
        )[0]

    @transaction.atomic
    def build(self) -> dict:
        counts = {"visits": 0, "planned": 0, "intelligence": 0, "months": 0, "actions": 0}
        services_qs = (
            Service.objects.open()
            .filter(contract_officer__isnull=False)
            .select_related("contract_officer", "clinical_nurse")
        )
        for service in services_qs.order_by("pk"):
            officer = service.contract_officer
            if self.rng.random() < 0.75:
                counts["actions"] += self._visit(service, officer)
                counts["visits"] += 1
            if self.rng.random() < 0.35:
                self._plan(service, officer)
                counts["planned"] += 1
            if self.rng.random() < 0.4:
                for _ in range(self.rng.randint(1, 4)):
                    self._intelligence(service, officer)
                    counts["intelligence"] += 1
            if service.service_type == ServiceType.HOME_SUPPORT:
                counts["months"] += self._monitoring(service, officer)
        return counts

    def _visit(self, service, officer) -> int:
        visit_date = self._days_ago(20, 420)
        service_quality = self.rng.choices(["good", "mixed", "poor"], weights=(70, 24, 6))[0]
        weights = {"good": (3, 92, 5, 0), "mixed": (0, 60, 35, 5), "poor": (0, 35, 45, 20)}
        areas = {}
        for area in KEY_AREAS:
            rating = self._rating(weights[service_quality])
            evidence = self.rng.choice(EVIDENCE.get(rating, EVIDENCE[AreaRating.GOOD]))
            areas[area.value] = {"rating": rating, "evidence": evidence}
        findings = [
            k for k, v in areas.items() if v["rating"] in ("requires_improvement", "inadequate")
        ]
        overall = {
            "good": AreaRating.GOOD,
            "mixed": AreaRating.REQUIRES_IMPROVEMENT if len(findings) > 2 else AreaRating.GOOD,
            "poor": AreaRating.INADEQUATE if len(findings) > 4 else AreaRating.REQUIRES_IMPROVEMENT,
        }[service_quality]
        visit = services.visit_record(
            acting_user=officer,
            service=service,
            visit_type=self.rng.choice(
                [VisitType.ANNUAL_REVIEW, VisitType.MONITORING, VisitType.MONITORING]
            )
            if service.in_area
            else VisitType.ANNUAL_REVIEW,
            data={
                "visit_date": visit_date,
                "heard_manager": 1,
                "heard_staff": self.rng.randint(2, 6),
                "heard_people": self.rng.randint(2, 8),
                "heard_relatives": self.rng.randint(0, 3),
                "overall_rating": overall,
                "summary": {
                    "good": "A settled service. People and relatives were positive about staff.",
                    "mixed": "Mostly good care, with gaps in records and training to put right.",
                    "poor": "Serious concerns about staffing and safeguarding; action plan agreed.",
                }[service_quality],
                "follow_up": "Action plan agreed with the registered manager." if findings else "",
                "areas": areas,
            },
            complete=True,
            today=self.today,
        )
        for finding in findings:
            services.action_create(
                acting_user=officer,
                service=service,
                visit=visit,
                area=finding,
                description=ACTIONS[finding],
                owner_contact=service.registered_manager or "Provider's nominated individual",
                due_on=visit_date + datetime.timedelta(days=self.rng.choice([28, 56, 90])),
                today=visit_date,
            )
        return len(findings)

    def _plan(self, service, officer) -> None:
        services.visit_plan(
            acting_user=officer,
            service=service,
            visit_type=VisitType.MONITORING if service.in_area else VisitType.DESKTOP_REVIEW,
            planned_date=self.today + datetime.timedelta(days=self.rng.randint(3, 60)),
            officer=officer,
            today=self.today,
        )

    def _intelligence(self, service, officer) -> None:
        source, summary = self.rng.choice(INTELLIGENCE)
        severity = self.rng.choices(list(Severity), weights=(35, 40, 20, 5))[0]
        services.intelligence_add(
            acting_user=officer,
            service=service,
            source=source,
            received_on=self._days_ago(1, 330),
            severity=severity,
            section_42=(
                self.rng.choice([Section42.YES, Section42.NO, Section42.NOT_KNOWN])
                if source == IntelligenceSource.SAFEGUARDING
                else Section42.NO
            ),
            summary=summary,
            today=self.today,
        )

    def _monitoring(self, service, officer) -> int:
        months = months_back(self.today.replace(day=1) - datetime.timedelta(days=1), 14)
        base = self.rng.randint(600, 2400)
        missed_rate = self.rng.uniform(0.002, 0.03)
        late_rate = self.rng.uniform(0.03, 0.14)
        for index, month in enumerate(months):
            planned = int(base * self.rng.uniform(0.95, 1.05))
            drift = 1 + index * self.rng.uniform(-0.02, 0.05)
            missed = min(planned, int(planned * missed_rate * drift))
            cancelled = int(planned * self.rng.uniform(0.0, 0.02))
            delivered = planned - missed - cancelled
            services.monitoring_record(
                acting_user=officer,
                service=service,
                month=month,
                planned_visits=planned,
                delivered_visits=delivered,
                missed_visits=missed,
                late_visits=int(delivered * late_rate * drift),
                short_visits=int(delivered * self.rng.uniform(0.01, 0.06)),
                average_carers=Decimal(str(round(self.rng.uniform(3.0, 8.0), 1))),
                today=self.today,
            )
        return len(months)
