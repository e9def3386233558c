"""The risk engine end to end: evidence in, scores and suggested levels out."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pghistory.models import Context

from escalation import risk
from escalation.models import RiskScore, Sanction, SanctionImposition, ServiceState, WeightSet
from escalation.risk import statement
from escalation.services import (
    risk_mark_for_recalculation,
    risk_recalculate_all,
    risk_recalculate_service,
    scores,
    weight_set_revise,
)
from escalation.services.scores import CHECKPOINT_DAYS, checkpoint_night
from providers.levels import Level
from providers.models import Rating
from quality.models import ActionStatus, IntelligenceSource, Severity
from tests.providers.factories import ContractFactory, CQCRatingFactory, ServiceFactory
from tests.quality.factories import (
    ActionFactory,
    CompletedVisitFactory,
    HomeSupportServiceFactory,
    IntelligenceFactory,
    MonitoringFiguresFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db


def _score(service):
    return risk_recalculate_service(service_id=service.pk, force=True)


def _factors(score: RiskScore) -> dict[str, dict]:
    """A score's breakdown as the pages show it, by factor."""
    return {f["key"]: f for f in risk.breakdown(score.factors)}


def _latest(service) -> RiskScore:
    return RiskScore.objects.filter(service=service).order_by("-calculated_at", "-pk").first()


def test_a_care_home_gains_concerns_and_an_inadequate_rating():
    home = ServiceFactory()
    CQCRatingFactory(service=home)
    before = _score(home)
    assert before.suggested_level == Level.ROUTINE

    for _ in range(3):
        IntelligenceFactory(
            service=home, source=IntelligenceSource.SAFEGUARDING, severity=Severity.HIGH
        )
    home.ratings.update(is_current=False)
    CQCRatingFactory(
        service=home, overall=Rating.INADEQUATE, safe=Rating.INADEQUATE, well_led=Rating.INADEQUATE
    )
    after = _score(home)

    assert after.score > before.score
    assert after.score >= 40
    assert after.suggested_level >= Level.THREE
    factors = _factors(after)
    assert factors["safeguarding"]["points"] == 20
    assert factors["cqc_overall"]["points"] == 20
    assert ServiceState.objects.get(service=home).score == after.score
    assert RiskScore.objects.filter(service=home).count() == 2  # history is kept


def _varied_services():
    quiet = ServiceFactory()
    CQCRatingFactory(service=quiet, overall=Rating.GOOD)
    troubled = ServiceFactory(registered_manager="")
    CQCRatingFactory(service=troubled, overall=Rating.REQUIRES_IMPROVEMENT, safe=Rating.INADEQUATE)
    IntelligenceFactory(service=troubled, source=IntelligenceSource.SAFEGUARDING)
    IntelligenceFactory(
        service=troubled, source=IntelligenceSource.COMPLAINT, received_on=days_ago(200)
    )
    IntelligenceFactory(
        service=troubled, source=IntelligenceSource.FINANCIAL, severity=Severity.CRITICAL
    )
    IntelligenceFactory(service=troubled, received_on=days_ago(400))  # too old to count
    CompletedVisitFactory(
        service=troubled, visit_date=days_ago(200), ratings={"safeguarding": "inadequate"}
    )
    CompletedVisitFactory(
        service=troubled,
        visit_date=days_ago(20),
        ratings={"staffing": "requires_improvement", "leadership": "inadequate"},
    )
    ActionFactory(service=troubled, due_on=days_ago(3))
    ActionFactory(service=troubled, due_on=days_ago(3), status=ActionStatus.CANCELLED)
    ContractFactory(service=troubled, council_funded=30)
    homecare = HomeSupportServiceFactory()
    MonitoringFiguresFactory(service=homecare, month=days_ago(100).replace(day=1), missed_visits=0)
    MonitoringFiguresFactory(
        service=homecare, delivered_visits=960, missed_visits=40, late_visits=150
    )
    unrated = ServiceFactory()
    return [quiet, troubled, homecare, unrated]


def test_per_service_and_nightly_give_the_same_numbers():
    services = _varied_services()
    single = {s.pk: _score(s) for s in services}
    # The nightly run reads the same evidence through the same statement, so it finds nothing
    # changed and records nothing new...
    assert risk_recalculate_all() >= len(services)
    assert {s.pk: _latest(s).pk for s in services} == {pk: row.pk for pk, row in single.items()}
    # ...and recorded from scratch, it writes the very same scores and breakdowns.
    RiskScore.objects.all().delete()
    risk_recalculate_all()
    for service in services:
        nightly = _latest(service)
        assert nightly.pk != single[service.pk].pk
        assert nightly.score == single[service.pk].score
        assert nightly.suggested_level == single[service.pk].suggested_level
        assert nightly.weight_set_id == single[service.pk].weight_set_id
        assert nightly.factors == single[service.pk].factors
    scores = [single[s.pk].score for s in services]
    assert len(set(scores)) == len(scores), "the services should score differently"
    troubled = _factors(single[services[1].pk])
    assert troubled["visit_ratings"]["detail"].startswith("2 of ")  # the latest visit only
    assert troubled["overdue_actions"]["value"] == 0.2  # the cancelled one does not count
    assert troubled["complaints"]["detail"] == "0 in 3 months, 1 earlier"
    assert troubled["manager_vacancy"]["detail"] == "Vacant"
    assert troubled["exposure"]["detail"] == "30 people, £480,000 a year"
    homecare = _factors(single[services[2].pk])
    assert homecare["missed_visits"]["value"] == pytest.approx(0.8)
    assert homecare["missed_visits"]["detail"] == "40 of 1000"


def test_every_score_records_its_weights_and_each_factors_contribution():
    service = ServiceFactory(registered_manager="")
    CQCRatingFactory(service=service, overall=Rating.REQUIRES_IMPROVEMENT)
    row = _score(service)
    assert row.weight_set.is_current
    factors = _factors(row)
    assert list(row.factors["keys"]) == list(risk.FACTORS)
    assert set(factors) == set(risk.FACTORS)
    for key, factor in factors.items():
        assert factor["weight"] == row.weight_set.weights[key]
        assert factor["points"] == pytest.approx(factor["value"] * factor["weight"], abs=0.01)
    assert factors["cqc_overall"]["points"] == 12
    assert factors["manager_vacancy"]["points"] == 4
    assert row.score == round(sum(f["points"] for f in factors.values()))


def test_an_unchanged_score_is_not_recorded_again():
    service = ServiceFactory()
    first = _score(service)
    assert _score(service).pk == first.pk  # the latest score, unchanged
    risk_recalculate_all()
    assert RiskScore.objects.filter(service=service).count() == 1


def test_a_changed_breakdown_is_recorded_even_when_the_score_is_the_same():
    service = ServiceFactory(service_type="residential")  # missed visits weigh 0 here
    first = _score(service)
    MonitoringFiguresFactory(service=service, delivered_visits=950, missed_visits=50)
    second = _score(service)
    assert second.pk != first.pk
    assert second.score == first.score
    assert _factors(second)["missed_visits"]["value"] == 1.0
    assert _factors(second)["missed_visits"]["points"] == 0


def test_a_change_to_the_rules_records_new_scores(monkeypatch):
    service = ServiceFactory()
    first = _score(service)
    monkeypatch.setattr(statement, "_rules_digest", lambda: "a later version")
    risk_recalculate_all()
    latest = _latest(service)
    assert latest.pk != first.pk
    assert latest.score == first.score


def test_every_night_is_the_checkpoint_night_of_a_28th_of_the_services():
    today = timezone.localdate()
    nights = [checkpoint_night(today + datetime.timedelta(days=n)) for n in range(CHECKPOINT_DAYS)]
    assert sorted(nights) == list(range(CHECKPOINT_DAYS))
    assert checkpoint_night(today + datetime.timedelta(days=CHECKPOINT_DAYS)) == nights[0]


def test_an_unchanged_score_is_recorded_again_on_its_checkpoint_night(monkeypatch):
    service = ServiceFactory()
    CQCRatingFactory(service=service, overall=Rating.GOOD)
    first = _score(service)
    RiskScore.objects.filter(pk=first.pk).update(
        calculated_at=first.calculated_at - datetime.timedelta(days=CHECKPOINT_DAYS)
    )
    night = service.pk % CHECKPOINT_DAYS
    monkeypatch.setattr(scores, "checkpoint_night", lambda day: (night + 1) % CHECKPOINT_DAYS)
    risk_recalculate_all()
    assert _latest(service).pk == first.pk  # not its night
    monkeypatch.setattr(scores, "checkpoint_night", lambda day: night)
    risk_recalculate_all()
    checkpoint = _latest(service)
    assert checkpoint.pk != first.pk
    assert (checkpoint.score, checkpoint.factors["fingerprint"]) == (
        first.score,
        first.factors["fingerprint"],
    )
    risk_recalculate_all()  # the same night again: already recorded today
    assert _latest(service).pk == checkpoint.pk


def _stop(service, chair, *, start, end=None):
    return Sanction.objects.create(
        service=service,
        imposition=SanctionImposition.IMPOSED,
        reason="Unsafe staffing",
        start_date=start,
        review_date=start,
        end_date=end,
        authorised_by=chair,
        recorded_by=chair,
    )


def test_placement_stops_count_while_in_force_and_for_a_year_after(chair):
    today = timezone.localdate()
    days = datetime.timedelta
    service = ServiceFactory()
    assert _factors(_score(service))["placement_stops"]["value"] == 0
    stop = _stop(service, chair, start=today - days(30), end=today + days(10))
    in_force = _factors(_score(service))["placement_stops"]
    assert (in_force["value"], in_force["points"], in_force["detail"]) == (1, 5, "1 in force")
    # The night the stop ends, the nightly run sees it without any new evidence.
    risk_recalculate_all(today=today + days(10))
    ended = _factors(_latest(service))["placement_stops"]
    assert (ended["value"], ended["points"]) == (0.5, 2.5)
    assert ended["detail"] == "1 ended in the last 12 months"
    stop.end_date = today - days(366)
    stop.start_date = today - days(400)
    stop.review_date = stop.start_date
    stop.save()
    assert _factors(_score(service))["placement_stops"]["value"] == 0
    _stop(service, chair, start=today + days(5))  # not started yet
    assert _factors(_score(service))["placement_stops"]["value"] == 0


def test_nightly_writes_only_changed_states_as_audit_events():
    quiet, troubled = ServiceFactory(), ServiceFactory()
    risk_recalculate_all()
    states = {s.service_id: s for s in ServiceState.objects.filter(pk__in=[quiet.pk, troubled.pk])}
    assert set(states) == {quiet.pk, troubled.pk}
    events = ServiceState.pgh_event_model.objects.filter(pgh_obj_id__in=[quiet.pk, troubled.pk])
    before = events.count()
    IntelligenceFactory(service=troubled, source=IntelligenceSource.SAFEGUARDING)
    risk_recalculate_all()
    assert events.count() == before + 1
    event = events.order_by("-pgh_id").first()
    assert event.pgh_obj_id == troubled.pk
    assert event.score == ServiceState.objects.get(pk=troubled.pk).score > states[troubled.pk].score
    assert Context.objects.get(pk=event.pgh_context_id).metadata == {
        "source": "risk_recalculate_all"
    }


def test_nightly_keeps_a_mark_made_after_it_started():
    service = ServiceFactory()
    risk_recalculate_all()
    later = timezone.now() + datetime.timedelta(hours=1)
    ServiceState.objects.filter(service=service).update(
        needs_recalculation=True, recalculation_requested_at=later
    )
    risk_recalculate_all()
    assert ServiceState.objects.get(service=service).needs_recalculation


def test_nightly_clears_marks_and_keeps_score_on_state():
    service = ServiceFactory()
    risk_mark_for_recalculation(service_id=service.pk, reason="test")
    risk_recalculate_all()
    state = ServiceState.objects.get(service=service)
    assert not state.needs_recalculation
    assert state.score == RiskScore.objects.get(service=service).score


def _nightly_queries(n):
    for _ in range(n):
        service = ServiceFactory()
        IntelligenceFactory(service=service)
        CompletedVisitFactory(service=service)
        ActionFactory(service=service, due_on=days_ago(1))
        ContractFactory(service=service)
    with CaptureQueriesContext(connection) as queries:
        risk_recalculate_all()
    return len(queries)


def test_nightly_query_count_does_not_grow_with_services():
    assert _nightly_queries(5) == _nightly_queries(45)


def test_recalculation_runs_once_and_is_safe_to_repeat():
    service = ServiceFactory()
    risk_mark_for_recalculation(service_id=service.pk, reason="test")
    first = risk_recalculate_service(service_id=service.pk)
    second = risk_recalculate_service(service_id=service.pk)
    assert first is not None
    assert second is None
    assert RiskScore.objects.filter(service=service).count() == 1


def test_marking_queues_one_task_after_commit(django_capture_on_commit_callbacks):
    service = ServiceFactory()
    with django_capture_on_commit_callbacks(execute=True):
        risk_mark_for_recalculation(service_id=service.pk, reason="intelligence added")
        risk_mark_for_recalculation(service_id=service.pk, reason="visit completed")
    # Celery runs eagerly in tests: the queued task scored the service once.
    assert RiskScore.objects.filter(service=service).count() == 1
    assert not ServiceState.objects.get(service=service).needs_recalculation


def test_editing_weights_creates_a_new_version_and_old_scores_keep_theirs(admin):
    service = ServiceFactory(registered_manager="")
    old_score = _score(service)
    original = old_score.weight_set
    weights = dict(original.weights, manager_vacancy=30)
    revised = weight_set_revise(
        weight_set=original,
        weights=weights,
        thresholds=[20, 40, 60, 80],
        inadequate_floor=Level.THREE,
        note="Vacancies matter more",
        acting_user=admin,
    )
    assert revised.version == original.version + 1
    assert revised.is_current
    original.refresh_from_db()
    assert not original.is_current
    assert original.weights["manager_vacancy"] == 4  # the old version is unchanged
    new_score = _score(service)
    assert new_score.weight_set == revised
    assert new_score.score > old_score.score
    old_score.refresh_from_db()
    assert old_score.weight_set == original


def test_weight_set_rejects_unknown_factors(admin):
    original = WeightSet.objects.get(service_type="", is_current=True)
    with pytest.raises(ValueError):
        weight_set_revise(
            weight_set=original,
            weights={"horoscope": 5},
            thresholds=[20, 40, 60, 80],
            inadequate_floor=3,
            acting_user=admin,
        )


def test_admin_edit_saves_a_new_version(admin, client):
    admin.is_staff = True  # as accounts.services makes administrators
    admin.save(update_fields=["is_staff"])
    client.force_login(admin)
    original = WeightSet.objects.get(service_type="residential", is_current=True)
    response = client.post(
        f"/django-admin/escalation/weightset/{original.pk}/change/",
        {
            "weights": '{"cqc_overall": 30}',
            "thresholds": "[25, 45, 65, 85]",
            "inadequate_floor": "3",
            "note": "More weight on CQC",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    original.refresh_from_db()
    assert original.weights["cqc_overall"] == 20
    assert not original.is_current
    current = WeightSet.objects.get(service_type="residential", is_current=True)
    assert current.version == original.version + 1
    assert current.weights["cqc_overall"] == 30
    assert current.created_by == admin


def test_the_nightly_run_is_scheduled():
    from config.celery import app

    entry = app.conf.beat_schedule["escalation-risk-recalculate-nightly"]
    assert entry["task"] == "escalation.tasks.risk_recalculate_all_task"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({1}, {45})
