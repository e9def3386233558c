"""The risk register page and its exports (issue 5): columns, filters, sort, exports, query
counts and what partners see."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from escalation import register
from escalation.models import SanctionKind, ServiceState
from escalation.services import (
    level_change_confirm,
    level_change_propose,
    level_set_initial,
    risk_recalculate_service,
    sanction_record,
)
from providers.levels import Level, PlacementRating
from providers.models import Rating, ServiceType
from quality.models import IntelligenceSource
from tests.providers.factories import ContractFactory, CQCRatingFactory, ServiceFactory
from tests.quality.factories import IntelligenceFactory

pytestmark = pytest.mark.django_db

URL = "/register/"


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def set_level(service, level: int, *, by, since: datetime.date | None = None):
    """A level carried over from the previous register (the seeding service)."""
    return level_set_initial(
        service=service,
        level=level,
        since=since or days(-120),
        acting_user=by,
        note="Carried over from the spreadsheet register",
    )


def escalate(service, level: int, *, proposer, chair, reference="PEP meeting, 12 November 2026"):
    """Propose and confirm a change of level, as a panel does."""
    change = level_change_propose(
        service=service, to_level=level, rationale="Serious concerns", acting_user=proposer
    )
    return level_change_confirm(change=change, acting_user=chair, meeting_reference=reference)


def stop(service, *, chair, review: datetime.date, start: datetime.date | None = None):
    return sanction_record(
        service=service,
        kind=SanctionKind.PLACEMENT_STOP,
        imposition="imposed",
        scope="whole",
        reason="Safeguarding concerns",
        start_date=start or days(-30),
        review_date=review,
        authorised_by=chair,
        acting_user=chair,
    )


def get(client, user, query: str = ""):
    client.force_login(user)
    response = client.get(f"{URL}?{query}" if query else URL)
    assert response.status_code == 200
    return response


def names(response) -> list[str]:
    return [service.name for service in response.context["services"]]


@pytest.fixture
def world(officer, other_officer, chair):
    """Four open services and a closed one, at different levels, ratings and sanctions."""
    red = ServiceFactory(
        name="Ash House", contract_officer=officer, provider__name="Rowan Care Ltd"
    )
    escalate(red, Level.THREE, proposer=chair, chair=chair)
    stop(red, chair=chair, review=days(-2))  # review overdue

    amber = ServiceFactory(name="Birch Court", contract_officer=other_officer)
    set_level(amber, Level.TWO, by=chair, since=days(-130))
    stop(amber, chair=chair, review=days(10))  # review due within 14 days

    green = ServiceFactory(
        name="Cedar Lodge",
        contract_officer=officer,
        service_type=ServiceType.HOME_SUPPORT,
        capacity_unit="hours",
    )
    set_level(green, Level.ONE, by=chair)
    level_change_propose(
        service=green, to_level=Level.TWO, rationale="Missed calls", acting_user=officer
    )

    routine = ServiceFactory(name="Damson View", provider__name="Willow Homes")
    closed = ServiceFactory(name="Elm Place", closed_on=days(-10))
    return {"red": red, "amber": amber, "green": green, "routine": routine, "closed": closed}


# --- the page ------------------------------------------------------------------------------------
def test_register_lists_open_services_highest_level_first(client, officer, world):
    response = get(client, officer)
    assert names(response) == ["Ash House", "Birch Court", "Cedar Lodge", "Damson View"]
    html = response.content.decode()
    assert "Elm Place" not in html  # closed services are hidden unless asked for
    assert reverse("providers:service-detail", args=[world["red"].pk]) in html


def test_levels_and_placement_ratings_are_tags_with_words(client, partner, world):
    html = get(client, partner).content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Level 3</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--yellow">Amber</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--green">Green</strong>' in html
    assert ">Level 3</strong>" in html and ">Routine</strong>" in html


def test_row_shows_authority_time_at_level_and_the_open_proposal(client, officer, world):
    response = get(client, officer)
    rows = {s.name: s for s in response.context["services"]}
    ash, birch, cedar = rows["Ash House"], rows["Birch Court"], rows["Cedar Lodge"]
    assert ash.authority_text == (
        "Confirmed by the Provider Escalation Panel (PEP meeting, 12 November 2026)"
    )
    assert ash.time_at_level == "Since today"
    assert birch.time_at_level == "4 months"
    assert birch.authority_text == "Carried over from the previous register"
    assert cedar.proposed_level == Level.TWO
    html = response.content.decode()
    assert "Confirmed by the Provider Escalation Panel (PEP meeting, 12 November 2026)" in html
    assert "Proposed:" in html


def test_sanction_reviews_due_and_overdue_are_highlighted(client, officer, world):
    response = get(client, officer)
    rows = {s.name: s for s in response.context["services"]}
    assert rows["Ash House"].review == "overdue"
    assert rows["Birch Court"].review == "due"
    assert rows["Cedar Lodge"].sanctions_in_force == 0
    html = response.content.decode()
    assert "Review overdue</strong>" in html
    assert "Review due</strong>" in html
    assert "1: Placement stop" in html


def test_a_review_more_than_two_weeks_away_is_not_due(officer, chair):
    assert register.review_state(days(15), today=today()) == ""
    assert register.review_state(days(14), today=today()) == "due"
    assert register.review_state(days(0), today=today()) == "due"
    assert register.review_state(days(-1), today=today()) == "overdue"


def test_an_ended_sanction_is_not_in_force(client, officer, chair):
    service = ServiceFactory(name="Fir Mews")
    sanction_record(
        service=service,
        kind=SanctionKind.PLACEMENT_STOP,
        imposition="voluntary",
        scope="whole",
        reason="Staffing",
        start_date=days(-60),
        review_date=days(-40),
        end_date=days(-20),
        authorised_by=chair,
        acting_user=chair,
    )
    response = get(client, officer, "sanctions=on")
    assert names(response) == []


def test_score_trend_says_up_or_down_in_words(client, officer):
    service = ServiceFactory(name="Gorse Hall", registered_manager="")
    CQCRatingFactory(service=service, overall=Rating.REQUIRES_IMPROVEMENT)
    first = risk_recalculate_service(service_id=service.pk, force=True)
    IntelligenceFactory(service=service, source=IntelligenceSource.SAFEGUARDING)
    second = risk_recalculate_service(service_id=service.pk, force=True)
    assert second.score > first.score
    row = get(client, officer).context["services"][0]
    assert row.score == second.score
    assert row.trend["direction"] == "up"
    html = get(client, officer).content.decode()
    assert (
        f"Up {second.score - first.score}"
        '<span class="govuk-visually-hidden"> since the last score</span>'
    ) in html


def test_time_at_level_wording():
    day = datetime.date(2026, 11, 22)
    assert register.time_at_level(None, today=day) == ""
    assert register.time_at_level(day, today=day) == "Since today"
    assert register.time_at_level(datetime.date(2026, 11, 21), today=day) == "1 day"
    assert register.time_at_level(datetime.date(2026, 10, 25), today=day) == "4 weeks"
    assert register.time_at_level(datetime.date(2026, 7, 22), today=day) == "4 months"
    assert register.time_at_level(datetime.date(2024, 10, 1), today=day) == "2 years 1 month"


def test_counts_by_level_follow_the_filters(client, officer, world):
    counts = {row["label"]: row["count"] for row in get(client, officer).context["level_counts"]}
    assert counts == {"Routine": 1, "Level 1": 1, "Level 2": 1, "Level 3": 1, "Level 4": 0}
    response = get(client, officer, "sanctions=on")
    counts = {row["label"]: row["count"] for row in response.context["level_counts"]}
    assert counts["Level 2"] == 1 and counts["Level 1"] == 0


def test_register_is_in_the_navigation_for_partners(client, partner):
    client.force_login(partner)
    html = client.get("/").content.decode()
    assert 'href="/register/"' in html


# --- filters -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=2&level=3", ["Ash House", "Birch Court"]),
        ("level=0", ["Damson View"]),
        ("rating=red", ["Ash House"]),
        ("rating=green&rating=amber", ["Birch Court", "Cedar Lodge", "Damson View"]),
        ("service_type=home_support", ["Cedar Lodge"]),
        ("sanctions=on", ["Ash House", "Birch Court"]),
        ("review_due=on", ["Ash House", "Birch Court"]),
        ("proposal=on", ["Cedar Lodge"]),
        ("q=rowan", ["Ash House"]),
        ("q=damson", ["Damson View"]),
        ("status=closed", ["Elm Place"]),
        ("status=all&level=0", ["Damson View", "Elm Place"]),
        ("level=9", ["Ash House", "Birch Court", "Cedar Lodge", "Damson View"]),  # ignored
    ],
)
def test_filters(client, officer, world, query, expected):
    assert names(get(client, officer, query)) == expected


def test_a_review_three_weeks_away_is_not_due(client, officer, chair):
    stop(ServiceFactory(name="Hazel Row"), chair=chair, review=days(21))
    assert names(get(client, officer, "review_due=on")) == []
    assert names(get(client, officer, "sanctions=on")) == ["Hazel Row"]


def test_officer_filter_and_my_portfolio(client, officer, other_officer, world):
    assert names(get(client, officer, f"officer={other_officer.pk}")) == ["Birch Court"]
    assert names(get(client, officer, "mine=on")) == ["Ash House", "Cedar Lodge"]
    assert names(get(client, other_officer, "mine=on")) == ["Birch Court"]


def test_my_portfolio_is_offered_to_officers_only(client, officer, director, world):
    assert "Only my portfolio" in get(client, officer).content.decode()
    response = get(client, director, "mine=on")
    assert "Only my portfolio" not in response.content.decode()
    assert len(names(response)) == 4  # the filter does not apply to someone without one


def test_selected_filters_can_be_removed_one_value_at_a_time(client, officer, world):
    response = get(client, officer, "level=2&level=3&sanctions=on")
    selected = {
        chosen["label"]: chosen["remove"] for chosen in response.context["selected_filters"]
    }
    assert selected["Level: Level 2"] == "level=3&sanctions=on"
    assert selected["Sanctions in force"] == "level=2&level=3"


# --- sort ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sort=name", ["Ash House", "Birch Court", "Cedar Lodge", "Damson View"]),
        ("sort=name&order=desc", ["Damson View", "Cedar Lodge", "Birch Court", "Ash House"]),
        ("sort=level&order=asc", ["Damson View", "Cedar Lodge", "Birch Court", "Ash House"]),
        ("sort=rating", ["Ash House", "Birch Court", "Cedar Lodge", "Damson View"]),
        # longest at the level first; a routine service without a decision last
        ("sort=time", ["Birch Court", "Cedar Lodge", "Ash House", "Damson View"]),
        ("sort=time&order=asc", ["Ash House", "Cedar Lodge", "Birch Court", "Damson View"]),
    ],
)
def test_sort(client, officer, world, query, expected):
    assert names(get(client, officer, query)) == expected


def test_sort_by_score_puts_unscored_services_last(client, officer, world):
    for key in ("green", "red"):
        risk_recalculate_service(service_id=world[key].pk, force=True)
    ServiceState.objects.filter(service=world["red"]).update(score=90)
    ServiceState.objects.filter(service=world["green"]).update(score=10)
    assert names(get(client, officer, "sort=score"))[:2] == ["Ash House", "Cedar Lodge"]
    assert names(get(client, officer, "sort=score&order=asc"))[:2] == ["Cedar Lodge", "Ash House"]


def test_sort_by_next_visit_due(client, officer, world):
    from tests.quality.factories import PlannedVisitFactory

    PlannedVisitFactory(service=world["green"], planned_date=days(3))
    PlannedVisitFactory(service=world["routine"], planned_date=days(9))
    assert names(get(client, officer, "sort=due"))[:2] == ["Cedar Lodge", "Damson View"]


def test_sorted_heading_has_aria_sort_and_links_to_the_other_direction(client, officer, world):
    html = get(client, officer, "sort=name").content.decode()
    assert 'aria-sort="ascending"><a class="govuk-link" href="?sort=name&amp;order=desc">' in html
    assert html.count('aria-sort="none"') == 5
    html = get(client, officer).content.decode()
    assert 'aria-sort="descending"><a class="govuk-link" href="?sort=level&amp;order=asc">' in html


def test_pages_of_fifty(client, officer):
    ServiceFactory.create_batch(51)
    response = get(client, officer)
    assert len(response.context["services"]) == 50
    assert 'class="govuk-pagination"' in response.content.decode()
    assert len(get(client, officer, "page=2").context["services"]) == 1


# --- query counts --------------------------------------------------------------------------------
def _populate(count: int, *, officer, chair):
    for n in range(count):
        service = ServiceFactory(contract_officer=officer if n % 2 else None)
        if n % 4 == 1:
            set_level(service, Level.TWO, by=chair)
        if n % 4 == 2:
            escalate(service, Level.THREE, proposer=chair, chair=chair)
            stop(service, chair=chair, review=days(5))
        if n % 3 == 0:
            risk_recalculate_service(service_id=service.pk, force=True)
            risk_recalculate_service(service_id=service.pk, force=True)
        if n % 5 == 0:
            ContractFactory(service=service)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", [URL, f"{URL}?sort=score&sanctions=on", "/register/export/?format=csv&level=3"]
)
def test_query_count_does_not_depend_on_the_number_of_services(
    client, officer, chair, url, django_assert_max_num_queries
):
    client.force_login(officer)
    _populate(5, officer=officer, chair=chair)
    client.get(url)  # warm up: content types, permissions
    small = _queries(client, url)
    _populate(35, officer=officer, chair=chair)
    with django_assert_max_num_queries(small):
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert _queries(client, url) == small


# --- exports -------------------------------------------------------------------------------------
def _csv(client, user, query: str) -> list[list[str]]:
    client.force_login(user)
    response = client.get(f"/register/export/?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_export_has_the_filtered_rows_and_the_page_columns(client, officer, world):
    rows = _csv(client, officer, "format=csv&rating=red&rating=amber")
    header, body = rows[0], rows[1:]
    assert [row[0] for row in body] == ["Ash House", "Birch Court"]
    record = dict(zip(header, body[0], strict=True))
    assert record["Level"] == "Level 3"
    assert record["Placement rating"] == "Red"
    assert record["Authority for the level"] == (
        "Confirmed by the Provider Escalation Panel (PEP meeting, 12 November 2026)"
    )
    assert record["Sanctions in force"] == "1"
    assert record["Kinds of sanction"] == "Placement stop"
    assert record["Sanction review"] == "Overdue"
    assert dict(zip(header, body[1], strict=True))["Sanction review"] == "Due"


def test_excel_export_has_the_filtered_rows(client, officer, world):
    client.force_login(officer)
    response = client.get("/register/export/?format=xlsx&proposal=on")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Risk register"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Service"
    assert [row[0] for row in rows[1:]] == ["Cedar Lodge"]
    header = list(rows[0])
    assert rows[1][header.index("Proposed level")] == "Level 2"


def test_export_is_safe_from_formula_injection(client, officer):
    ServiceFactory(name='=HYPERLINK("http://evil.test")')
    rows = _csv(client, officer, "format=csv")
    assert rows[1][0].startswith("'=")


def test_export_needs_a_known_format(client, officer):
    client.force_login(officer)
    assert client.get("/register/export/?format=pdf").status_code == 404
    assert client.get("/register/export/").status_code == 404


# --- partners ------------------------------------------------------------------------------------
def test_partner_sees_placement_ratings_but_no_score_factors_or_contract_values(
    client, partner, chair
):
    service = ServiceFactory(name="Juniper Court", registered_manager="")
    ContractFactory(service=service)  # annual value £500,000
    escalate(service, Level.THREE, proposer=chair, chair=chair)
    risk_recalculate_service(service_id=service.pk, force=True)
    html = get(client, partner).content.decode()
    assert ">Red</strong>" in html
    assert ">Level 3</strong>" in html
    for factor in ("Registered manager vacancy", "Exposure", "CQC rating"):
        assert factor not in html
    assert "£" not in html and "500,000" not in html and "500000" not in html
    rows = _csv(client, partner, "format=csv")
    flat = " ".join(rows[0] + rows[1])
    assert "Red" in flat
    assert "500000" not in flat and "spend" not in flat.lower() and "value" not in flat.lower()


def test_placement_rating_follows_an_override(client, partner, chair):
    from escalation.services import placement_rating_override_set

    service = ServiceFactory(name="Laurel House")
    set_level(service, Level.TWO, by=chair)
    placement_rating_override_set(
        service=service, rating=PlacementRating.RED, reason="Fire safety", acting_user=chair
    )
    assert names(get(client, partner, "rating=red")) == ["Laurel House"]
