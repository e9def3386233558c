"""The risk engine end to end: evidence in, scores and suggested levels out."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalation.models import Level, RiskScore, ServiceState, WeightSet
from escalation.services import (
    risk_mark_for_recalculation,
    risk_recalculate_all,
    risk_recalculate_service,
    weight_set_revise,
)
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
    factors = {f["key"]: f for f in after.factors}
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
    assert risk_recalculate_all() >= len(services)
    for service in services:
        nightly = RiskScore.objects.filter(service=service).order_by("-pk").first()
        assert nightly.pk != single[service.pk].pk
        assert nightly.score == single[service.pk].score
        assert nightly.suggested_level == single[service.pk].suggested_level
        assert nightly.factors == single[service.pk].factors
    scores = [single[s.pk].score for s in services]
    assert len(set(scores)) == len(scores), "the services should score differently"
    troubled = {f["key"]: f for f in single[services[1].pk].factors}
    assert troubled["visit_ratings"]["detail"].startswith("2 of ")  # the latest visit only
    assert troubled["overdue_actions"]["value"] == 0.2  # the cancelled one does not count
    homecare = {f["key"]: f for f in single[services[2].pk].factors}
    assert homecare["missed_visits"]["value"] == pytest.approx(0.8)


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
