"""Home support call monitoring figures: by form, by CSV (all or nothing), the trend chart."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from core.csv_import import ImportRejected
from escalation.models import ServiceState
from quality.models import MonitoringFigures
from quality.services import monitoring_import, monitoring_record
from quality.services.monitoring import parse_month, template_csv
from tests.providers.factories import ServiceFactory
from tests.quality.factories import HomeSupportServiceFactory, MonitoringFiguresFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 20)
FIGURES = {
    "planned_visits": 1000,
    "delivered_visits": 970,
    "missed_visits": 30,
    "late_visits": 97,
    "short_visits": 48,
    "average_carers": Decimal("5.2"),
}
HEADER = (
    "month,planned_visits,delivered_visits,missed_visits,late_visits,short_visits,average_carers\n"
)


@pytest.fixture
def homecare(officer):
    return HomeSupportServiceFactory(contract_officer=officer)


def test_rates_are_worked_out_from_the_figures(officer, homecare):
    row = monitoring_record(
        acting_user=officer,
        service=homecare,
        month=datetime.date(2026, 4, 1),
        today=TODAY,
        **FIGURES,
    )
    assert row.missed_rate == Decimal("3.0")
    assert row.delivery_rate == Decimal("97.0")
    assert row.late_rate == Decimal("10.0")
    assert row.short_rate == Decimal("4.9")
    assert (
        ServiceState.objects.get(service=homecare).recalculation_reason == "call monitoring figures"
    )


def test_one_row_per_service_per_month(officer, homecare):
    monitoring_record(
        acting_user=officer,
        service=homecare,
        month=datetime.date(2026, 4, 1),
        today=TODAY,
        **FIGURES,
    )
    with pytest.raises(ValidationError) as raised:
        monitoring_record(
            acting_user=officer,
            service=homecare,
            month=datetime.date(2026, 4, 1),
            today=TODAY,
            **FIGURES,
        )
    assert raised.value.message_dict["month"] == [
        "Figures for April 2026 are already recorded: change them instead"
    ]
    with pytest.raises(IntegrityError):
        MonitoringFiguresFactory(service=homecare, month=datetime.date(2026, 4, 1))


def test_figures_are_kept_for_home_support_only(officer):
    with pytest.raises(ValidationError):
        monitoring_record(
            acting_user=officer,
            service=ServiceFactory(),
            month=datetime.date(2026, 4, 1),
            today=TODAY,
            **FIGURES,
        )


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-04", datetime.date(2026, 4, 1)),
        ("2026-4-01", datetime.date(2026, 4, 1)),
        ("2026-04-01", datetime.date(2026, 4, 1)),
        ("04/2026", datetime.date(2026, 4, 1)),
        ("April 2026", datetime.date(2026, 4, 1)),
        ("apr  2026", datetime.date(2026, 4, 1)),
        ("13/2026", None),
        ("soon", None),
    ],
)
def test_months_are_read_in_the_usual_ways(text, month):
    assert parse_month(text) == month


def test_a_csv_import_adds_and_replaces_months(officer, homecare):
    MonitoringFiguresFactory(
        service=homecare,
        month=datetime.date(2026, 3, 1),
        planned_visits=10,
        delivered_visits=10,
        missed_visits=0,
        late_visits=0,
        short_visits=0,
    )
    raw = (HEADER + "2026-03,900,880,20,40,10,4.1\n2026-04,950,940,10,30,5,3.9\n").encode()
    result = monitoring_import(acting_user=officer, service=homecare, raw=raw, today=TODAY)
    assert result == {"created": 1, "updated": 1}
    march = MonitoringFigures.objects.get(service=homecare, month=datetime.date(2026, 3, 1))
    assert (march.planned_visits, march.source) == (900, MonitoringFigures.Source.IMPORT)


def test_a_csv_with_any_bad_row_imports_nothing_and_names_each_problem(officer, homecare):
    raw = (
        HEADER
        + "2026-01,900,880,20,40,10,4.1\n"
        + "2026-02,900,ninety,20,40,10,4.1\n"
        + "2026-01,900,880,20,40,10,4.1\n"
        + "2026-09,900,880,20,40,10,4.1\n"
        + "2026-03,900,890,20,900,10,x\n"
        + "2026-04,100,99,2,5,5,3\n"
    ).encode()
    with pytest.raises(ImportRejected) as raised:
        monitoring_import(acting_user=officer, service=homecare, raw=raw, today=TODAY)
    assert [str(e) for e in raised.value.row_errors] == [
        "Line 3, delivered_visits: Delivered visits must be a whole number, like 120",
        "Line 4, month: January 2026 is also on line 2",
        "Line 5, month: The month must be this month or earlier",
        "Line 6, average_carers: Enter the average carers per person, like 4.5",
        "Line 7, missed_visits: Delivered and missed visits together must be no more than planned visits",
    ]
    assert not MonitoringFigures.objects.exists()
    assert not ServiceState.objects.filter(service=homecare).exists()


def test_a_csv_without_the_columns_is_refused(officer, homecare):
    with pytest.raises(ImportRejected) as raised:
        monitoring_import(acting_user=officer, service=homecare, raw=b"a,b\n1,2\n", today=TODAY)
    assert "The first row must name the columns" in str(raised.value.row_errors[0])


def test_the_template_has_the_columns_and_an_example(officer):
    lines = template_csv().splitlines()
    assert lines[0] == HEADER.strip()
    assert len(lines) == 2


def test_the_import_page_lists_the_errors_and_saves_nothing(client, officer, homecare):
    client.force_login(officer)
    raw = (HEADER + "2026-01,900,880,20,40,10,4.1\n2026-02,9,880,20,40,10,4.1\n").encode()
    response = client.post(
        reverse("quality:monitoring-import", args=[homecare.pk]),
        {"file": SimpleUploadedFile("ecm.csv", raw, content_type="text/csv")},
    )
    html = response.content.decode()
    assert "There is a problem: nothing was imported" in html
    assert "Line 3, delivered_visits: Delivered visits must be no more than planned visits" in html
    assert not MonitoringFigures.objects.exists()


def test_the_template_downloads_as_csv(client, officer):
    client.force_login(officer)
    response = client.get(reverse("quality:monitoring-template"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]


def test_the_form_refuses_figures_that_do_not_add_up(client, officer, homecare):
    client.force_login(officer)
    response = client.post(
        reverse("quality:monitoring-add", args=[homecare.pk]),
        {
            "month_month": "1",
            "month_year": "2026",
            "planned_visits": "100",
            "delivered_visits": "120",
            "missed_visits": "0",
            "late_visits": "0",
            "short_visits": "0",
            "average_carers": "4",
        },
    )
    assert "Delivered visits must be no more than planned visits" in response.content.decode()
    assert not MonitoringFigures.objects.exists()


def test_the_form_saves_a_month(client, officer, homecare):
    client.force_login(officer)
    response = client.post(
        reverse("quality:monitoring-add", args=[homecare.pk]),
        {
            "month_month": "1",
            "month_year": "2026",
            "planned_visits": "1,000".replace(",", ""),
            "delivered_visits": "990",
            "missed_visits": "10",
            "late_visits": "40",
            "short_visits": "12",
            "average_carers": "4.5",
        },
    )
    assert response.status_code == 302
    assert MonitoringFigures.objects.get().month == datetime.date(2026, 1, 1)


def test_the_month_field_says_what_is_missing(client, officer, homecare):
    client.force_login(officer)
    response = client.post(
        reverse("quality:monitoring-add", args=[homecare.pk]), {"month_month": "4"}
    )
    assert "Month must include a year" in response.content.decode()


def test_a_home_support_service_page_shows_the_trend_as_an_image_with_a_table(
    client, officer, homecare
):
    MonitoringFiguresFactory(service=homecare)
    client.force_login(officer)
    html = client.get(reverse("providers:service-detail", args=[homecare.pk])).content.decode()
    assert '<img class="app-chart" src="data:image/svg+xml;base64,' in html
    assert 'alt="Line chart of missed, late and short visits' in html
    assert "Figures for the months in the chart" in html


def test_a_care_home_page_has_no_call_monitoring_section(client, officer):
    service = ServiceFactory(contract_officer=officer)
    client.force_login(officer)
    html = client.get(reverse("providers:service-detail", args=[service.pk])).content.decode()
    assert "monitoring-title" not in html
