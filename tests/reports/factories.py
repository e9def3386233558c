"""Known test data for the report tests: a small council whose every figure is counted by hand.

``quarter_world`` builds a past quarter's worth of history around ``period`` (a finished
quarter): level decisions, sanctions, meetings and actions, visits, intelligence, failure
incidents and CQC ratings, each dated relative to the quarter's first day (``start``), the
day before it (``before``) and its last day (``end``). ``EXPECTED`` in the tests is counted
from this description, not from the code under test.

Services (residential unless noted):

    A  level 1 before; escalated to 3 by PEP on start+10; rated Good, then Inadequate (start+30)
    B  level 2 before; de-escalated to 1 by QPSG on start+20; rated Outstanding
    C  level 4 before (carried over); rated Requires improvement, then Good after the quarter
    D  routine; escalated to 2 by QPSG on start+25; never rated
    E  registered on start+5, routine; a rating entered by hand today with no date
    F  level 1 before; closed on start+40
    G  nursing, routine; rated Good (before-50)
    H  home support, level 3 before; de-escalated to 2 by PEP on start+30; rated Good
    I  closed before the quarter (before-10)
    J  registered after the quarter (end+5)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from escalation.models import Sanction
from escalation.services import level_change_confirm, level_change_propose, level_set_initial
from failure_plan.models import Cause, Incident
from panels.models import ItemKind, MeetingStatus, Panel
from providers.models import Rating, ServiceType
from quality.models import AreaRating, IntelligenceSource, Section42, Severity, VisitStatus
from tests.failure_plan.factories import AffectedPersonFactory
from tests.panels.factories import MeetingFactory, PanelActionFactory, at
from tests.providers.factories import CQCRatingFactory, ProviderFactory, ServiceFactory
from tests.quality.factories import CompletedVisitFactory, IntelligenceFactory, PlannedVisitFactory

DAY = datetime.timedelta(days=1)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@dataclass
class World:
    period: object
    start: datetime.date
    before: datetime.date
    end: datetime.date
    chair: object
    services: dict = field(default_factory=dict)


def decide(service, to_level: int, *, on: datetime.date, chair, panel: str = "pep"):
    """Propose and confirm a change of level with effect on ``on``, by the forum's chair."""
    change = level_change_propose(
        service=service, to_level=to_level, rationale="Evidence reviewed", acting_user=chair
    )
    reference = {"pep": "Provider Escalation Panel", "qpsg": "Quality Peer Support Group"}
    return level_change_confirm(
        change=change,
        acting_user=chair,
        meeting_reference=f"{reference[panel]}, {on:%-d %B %Y}",
        effective_on=on,
    )


def sanction(service, *, chair, start, end=None, kind="placement_stop", **extra):
    return Sanction.objects.create(
        service=service,
        kind=kind,
        imposition=extra.pop("imposition", "imposed"),
        scope=extra.pop("scope", "whole"),
        scope_detail=extra.pop("scope_detail", ""),
        reason="Concerns about care",
        start_date=start,
        review_date=start + days(28),
        end_date=end,
        authorised_by=chair,
        recorded_by=chair,
    )


def quarter_world(period, *, chair, officer) -> World:
    start, end = period.start, period.end
    before = start - DAY
    world = World(period=period, start=start, before=before, end=end, chair=chair)
    provider = ProviderFactory(name="Acme Care")
    s = world.services

    def service(key, **extra):
        s[key] = ServiceFactory(name=f"Service {key}", provider=provider, **extra)
        return s[key]

    for key in "ABCDF":
        service(key)
    service("E", registered_on=start + days(5))
    service("G", service_type=ServiceType.NURSING)
    service("H", service_type=ServiceType.HOME_SUPPORT, capacity_unit="hours")
    service("I", registered_on=start - days(900), closed_on=before - days(10))
    service("J", registered_on=end + days(5))

    # --- levels --------------------------------------------------------------------------
    for key, level in {"A": 1, "B": 2, "C": 4, "F": 1, "H": 3}.items():
        level_set_initial(
            service=s[key], level=level, since=before - days(30), acting_user=chair, note="Kept"
        )
    decide(s["A"], 3, on=start + days(10), chair=chair)
    decide(s["B"], 1, on=start + days(20), chair=chair, panel="qpsg")
    decide(s["D"], 2, on=start + days(25), chair=chair, panel="qpsg")
    decide(s["H"], 2, on=start + days(30), chair=chair)
    s["F"].closed_on = start + days(40)
    s["F"].save(update_fields=["closed_on"])

    # --- sanctions -----------------------------------------------------------------------
    sanction(s["A"], chair=chair, start=start + days(12))  # in force at the end
    sanction(
        s["C"],
        chair=chair,
        start=before - days(20),
        end=start + days(50),
        imposition="voluntary",
        scope="partial",
        scope_detail="New admissions",
    )  # lifted in the quarter
    sanction(
        s["H"], chair=chair, start=before - days(5), end=end + days(10), kind="restriction_of_hours"
    )  # in force at the end
    sanction(s["G"], chair=chair, start=end + days(3))  # after the quarter
    sanction(s["B"], chair=chair, start=start + days(1), end=start + days(2))  # started and lifted

    # --- panels ----------------------------------------------------------------------------
    def meeting(panel, on, status=MeetingStatus.PUBLISHED):
        extra = {}
        if status == MeetingStatus.PUBLISHED:
            extra = {"published_at": at(on, 14), "published_by": chair}
        return MeetingFactory(
            panel=panel,
            chair=chair,
            starts_at=at(on),
            ends_at=at(on, 12),
            status=status,
            **extra,
        )

    m1 = meeting(Panel.PEP, start + days(10))
    m1.items.create(position=1, kind=ItemKind.SERVICE, service=s["A"], decision="escalate")
    m1.items.create(position=2, kind=ItemKind.SERVICE, service=s["C"], decision="maintain")
    PanelActionFactory(
        meeting=m1,
        service=s["A"],
        owner=officer,
        due_on=start + days(14),
        status="done",
        done_on=start + days(15),
    )
    PanelActionFactory(meeting=m1, service=s["A"], owner=officer, due_on=start + days(20))
    m2 = meeting(Panel.QPSG, start + days(20))
    m2.items.create(position=1, kind=ItemKind.SERVICE, service=s["D"], decision="escalate")
    m2.items.create(position=2, kind=ItemKind.SERVICE, service=s["B"], decision="de_escalate")
    m2.items.create(position=3, kind=ItemKind.OTHER, title="Market update")
    PanelActionFactory(meeting=m2, service=s["D"], owner=officer, due_on=end + days(30))
    meeting(Panel.QPSG, start + days(40), status=MeetingStatus.CANCELLED)
    m4 = meeting(Panel.PEP, start + days(50), status=MeetingStatus.SCHEDULED)
    m4.items.create(position=1, kind=ItemKind.SERVICE, service=s["H"], decision="maintain")
    m5 = meeting(Panel.PEP, before - days(10))
    PanelActionFactory(meeting=m5, service=s["C"], owner=officer, due_on=before)
    PanelActionFactory(
        meeting=m5,
        service=s["C"],
        owner=officer,
        due_on=before,
        status="done",
        done_on=start + days(5),
    )

    # --- visits ------------------------------------------------------------------------------
    def completed(key, on, **extra):
        return CompletedVisitFactory(service=s[key], officer=officer, visit_date=on, **extra)

    completed("A", start + days(6), planned_date=start + days(5))  # planned, done
    PlannedVisitFactory(
        service=s["B"],
        officer=officer,
        planned_date=start + days(7),
        status=VisitStatus.CANCELLED,
        cancelled_reason="Manager away",
    )
    PlannedVisitFactory(
        service=s["C"], officer=officer, planned_date=start + days(9), visit_type="unannounced"
    )  # not done
    completed(
        "D",
        start + days(11),
        visit_type="reactive",
        overall_rating=AreaRating.REQUIRES_IMPROVEMENT,
    )  # unplanned
    completed("G", before - days(3), planned_date=before - days(4))  # before the quarter
    PlannedVisitFactory(service=s["G"], officer=officer, planned_date=end + days(5))  # after
    completed("H", end + days(2), planned_date=start + days(3))  # planned in, done after

    # --- intelligence --------------------------------------------------------------------------
    def intel(key, source, on, **extra):
        return IntelligenceFactory(
            service=s[key], source=source, received_on=on, logged_by=officer, **extra
        )

    sg = IntelligenceSource.SAFEGUARDING
    intel("A", sg, start + days(2), section_42=Section42.YES, severity=Severity.HIGH)
    intel("A", sg, start + days(3), section_42=Section42.NO, severity=Severity.MEDIUM)
    intel("A", sg, start + days(4), section_42=Section42.NOT_KNOWN, severity=Severity.CRITICAL)
    intel("B", IntelligenceSource.COMPLAINT, start + days(5), severity=Severity.MEDIUM)
    intel("G", IntelligenceSource.COMPLAINT, start + days(6), severity=Severity.LOW)
    intel("H", IntelligenceSource.WHISTLEBLOWING, start + days(7), severity=Severity.HIGH)
    intel("C", sg, before - days(40), section_42=Section42.YES)  # the quarter before
    previous = period.previous().previous()
    intel("C", IntelligenceSource.COMPLAINT, previous.start + days(10))  # two quarters before
    intel("D", sg, end + DAY)  # after the quarter
    intel("A", IntelligenceSource.FAMILY, start + days(8))  # not a concern source

    # --- failure incidents --------------------------------------------------------------------
    def incident(title, services_, notice, closed=None, emergency=False):
        item = Incident.objects.create(
            title=title,
            cause=Cause.EMERGENCY if emergency else Cause.BUSINESS_FAILURE,
            notice_at=at(notice, 9),
            is_emergency=emergency,
            lead=chair,
            status="closed" if closed else "open",
            closed_at=at(closed, 16) if closed else None,
        )
        item.services.set(services_)
        return item

    i1 = incident("Service F closure", [s["F"]], start + days(15), start + days(60), True)
    for moved in (True, True, False):
        AffectedPersonFactory(
            incident=i1,
            destination="Service G" if moved else "",
            move_date=start + days(20) if moved else None,
        )
    i2 = incident("Acme Care finances", [s["G"]], before - days(30))
    AffectedPersonFactory(incident=i2, destination="Service B", move_date=end + days(5))
    incident("Earlier closure", [s["I"]], before - days(100), before - days(50))
    incident("Later closure", [s["D"]], end + days(3))

    # --- CQC ratings ---------------------------------------------------------------------------
    def rating(key, overall, on, current=False):
        return CQCRatingFactory(
            service=s[key], overall=overall, published_on=on, is_current=current
        )

    rating("A", Rating.GOOD, before - days(200))
    rating("A", Rating.INADEQUATE, start + days(30), current=True)
    rating("B", Rating.OUTSTANDING, before - days(400), current=True)
    rating("C", Rating.REQUIRES_IMPROVEMENT, before - days(10))
    rating("C", Rating.GOOD, min(end + days(5), timezone.localdate()), current=True)
    rating("E", Rating.GOOD, None, current=True)  # entered by hand today, no date
    rating("G", Rating.GOOD, before - days(50), current=True)
    rating("H", Rating.GOOD, before - days(100), current=True)
    rating("I", Rating.GOOD, before - days(300), current=True)  # closed: not counted
    return world


def month_world(period, *, chair, officer) -> World:
    """A month for the Market Management Group report (residential services, one provider):

    P  level 3 before; a placement stop in force; 2 safeguarding concerns in the month; rated
       Inadequate; scored 72 (suggesting level 3) at the month's end and 10 since
    Q  routine; escalated to 4 by PEP on start+5
    R  routine; escalated to 1 by the lead officer on start+3            -> new risk
    S  routine; an escalation to 2 proposed on start+10, still undecided -> new risk
    T  level 1 before; rated Requires improvement on start+7            -> new risk
    U  routine; a high severity complaint on start+9                    -> new risk
    V  routine; scored 45 suggesting level 2 on the last day            -> new risk
    W  routine; a high severity concern after the month                 -> not listed
    X  level 3 before; de-escalated to 2 by PEP on start+8              -> not listed
    Y  level 3 before; closed on start+15                               -> not counted at the end
    """
    from escalation.models import LevelChange, RiskScore, WeightSet

    start, end = period.start, period.end
    before = start - DAY
    world = World(period=period, start=start, before=before, end=end, chair=chair)
    provider = ProviderFactory(name="Birch Care")
    s = world.services
    for key in "PQRSTUVWXY":
        s[key] = ServiceFactory(name=f"Service {key}", provider=provider)
    for key, level in {"P": 3, "T": 1, "X": 3, "Y": 3}.items():
        level_set_initial(
            service=s[key], level=level, since=before - days(40), acting_user=chair, note="Kept"
        )
    decide(s["Q"], 4, on=start + days(5), chair=chair)
    decide(s["X"], 2, on=start + days(8), chair=chair)
    change = level_change_propose(
        service=s["R"], to_level=1, rationale="Medicines errors", acting_user=chair
    )
    level_change_confirm(change=change, acting_user=chair, effective_on=start + days(3))
    proposal = level_change_propose(
        service=s["S"], to_level=2, rationale="Staffing", acting_user=chair
    )
    LevelChange.objects.filter(pk=proposal.pk).update(proposed_at=at(start + days(10)))
    s["Y"].closed_on = start + days(15)
    s["Y"].save(update_fields=["closed_on"])

    sanction(s["P"], chair=chair, start=before - days(5))
    for offset in (2, 12):
        IntelligenceFactory(
            service=s["P"],
            source=IntelligenceSource.SAFEGUARDING,
            received_on=start + days(offset),
            logged_by=officer,
        )
    IntelligenceFactory(
        service=s["U"],
        source=IntelligenceSource.COMPLAINT,
        received_on=start + days(9),
        severity=Severity.HIGH,
        logged_by=officer,
    )
    IntelligenceFactory(
        service=s["W"],
        source=IntelligenceSource.SAFEGUARDING,
        received_on=end + DAY,
        severity=Severity.CRITICAL,
        logged_by=officer,
    )
    CQCRatingFactory(service=s["P"], overall=Rating.INADEQUATE, published_on=before - days(100))
    CQCRatingFactory(
        service=s["T"], overall=Rating.REQUIRES_IMPROVEMENT, published_on=start + days(7)
    )
    weights = WeightSet.objects.get(service_type="", is_current=True)
    for key, score, suggested, when in [
        ("P", 72, 3, at(end, 22)),
        ("P", 10, 0, timezone.now()),
        ("V", 45, 2, at(end, 9)),
    ]:
        RiskScore.objects.create(
            service=s[key],
            weight_set=weights,
            score=score,
            suggested_level=suggested,
            calculated_at=when,
        )
    return world
