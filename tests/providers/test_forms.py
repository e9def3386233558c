"""GOV.UK messages of the register's forms, and the shared GOV.UK date field (core.fields)."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.template import Context, Template

from core.fields import GovUKDateField, MoneyField
from core.forms import BaseForm
from providers.forms.records import ContractForm
from providers.forms.register import ServiceForm
from providers.forms.service_list import ServiceFilterForm


class DateForm(BaseForm):
    start_date = GovUKDateField(label="Start date")
    end_date = GovUKDateField(label="End date (optional)", noun="end date", required=False)
    checked_on = GovUKDateField(
        label="Date checked", noun="check date", required=False, past_only=True
    )


def _date_data(prefix="start_date", day="", month="", year="", **extra):
    return {f"{prefix}_day": day, f"{prefix}_month": month, f"{prefix}_year": year, **extra}


@pytest.mark.parametrize(
    "day, month, year, message, marked",
    [
        ("", "", "", "Enter the start date", {"day", "month", "year"}),
        ("1", "", "2024", "Start date must include a month", {"month"}),
        ("", "", "2024", "Start date must include a day and month", {"day", "month"}),
        ("31", "2", "2024", "Start date must be a real date", {"day", "month", "year"}),
        ("1", "13", "2024", "Start date must be a real date", {"month"}),
        ("1", "4", "24", "Start date must be a real date", {"year"}),
        ("x", "4", "2024", "Start date must be a real date", {"day"}),
    ],
)
def test_the_date_field_words_errors_as_the_design_system_does(day, month, year, message, marked):
    form = DateForm(_date_data(day=day, month=month, year=year))
    assert not form.is_valid()
    assert form.errors["start_date"] == [message]
    assert form.fields["start_date"].widget.error_parts == marked


def test_the_date_field_accepts_numbers_and_month_names():
    for month in ("4", "04", "April", "apr"):
        form = DateForm(_date_data(day=" 1 ", month=month, year="2024"))
        assert form.is_valid(), form.errors
        assert form.cleaned_data["start_date"] == datetime.date(2024, 4, 1)
        assert form.cleaned_data["end_date"] is None


def test_the_date_field_can_refuse_the_future():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    form = DateForm(
        {
            **_date_data(day="1", month="1", year="2024"),
            **_date_data("checked_on", str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)),
        }
    )
    assert form.errors["checked_on"] == ["Check date must be today or in the past"]


def test_the_date_input_renders_govuk_markup_and_marks_only_the_wrong_box():
    form = DateForm(_date_data(day="1", month="", year="2024"))
    form.is_valid()
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    assert 'class="govuk-fieldset" role="group"' in html
    assert 'class="govuk-date-input" id="id_start_date"' in html
    assert 'name="start_date_day"' in html and 'id="id_start_date_day"' in html
    assert 'inputmode="numeric"' in html
    assert 'for="id_start_date_month">Month</label>' in html
    assert html.count("govuk-input--error") == 1
    assert "Start date must include a month" in html
    day_input = html.split('id="id_start_date_day"')[0].rsplit("<input", 1)[1]
    assert "govuk-input--error" not in day_input


def test_the_error_summary_links_to_the_first_wrong_box():
    form = DateForm(_date_data(day="1", month="", year="2024"))
    form.is_valid()
    html = Template('{% include "includes/error_summary.html" with form=form %}').render(
        Context({"form": form})
    )
    assert '<a href="#id_start_date_month">Start date must include a month</a>' in html


def test_a_saved_date_is_shown_back_in_the_boxes():
    form = DateForm(initial={"start_date": datetime.date(2023, 9, 7)})
    html = str(form["start_date"])
    assert 'value="7"' in html and 'value="9"' in html and 'value="2023"' in html


def test_the_money_field_reads_pounds_and_commas():
    class Money(forms.Form):
        amount = MoneyField(label="Annual value")

    assert Money({"amount": "£1,250,000.5"}).is_valid()
    form = Money({"amount": ""})
    assert form.errors["amount"] == ["Enter the annual value"]
    form = Money({"amount": "12.345"})
    assert form.errors["amount"] == ["Annual value must not include more than 2 decimal places"]


@pytest.mark.django_db
def test_service_form_required_messages():
    form = ServiceForm({})
    assert not form.is_valid()
    assert form.errors["name"] == ["Enter the service name"]
    assert form.errors["service_type"] == ["Select a service type"]
    assert form.errors["client_group"] == ["Select a client group"]


@pytest.mark.django_db
def test_service_form_refuses_a_closing_date_before_registration():
    from tests.providers.factories import ProviderFactory

    form = ServiceForm(
        {
            "provider": ProviderFactory().pk,
            "name": "Dates",
            "service_type": "residential",
            "client_group": "older_people",
            "capacity_unit": "beds",
            "in_area": "True",
            "capacity": "forty",
            **_date_data("registered_on", "1", "1", "2020"),
            **_date_data("closed_on", "1", "1", "2019"),
        }
    )
    assert not form.is_valid()
    assert form.errors["closed_on"] == [
        "The closing date must be the same as or after the registration date"
    ]
    assert form.errors["capacity"] == ["Capacity must be a whole number, like 40"]


@pytest.mark.django_db
def test_contract_form_end_before_start():
    form = ContractForm(
        {
            "reference": "R-1",
            "contract_type": "spot",
            **_date_data("start_date", "1", "4", "2024"),
            **_date_data("end_date", "31", "3", "2024"),
            "annual_value": "0",
            "annual_spend": "0",
            **dict.fromkeys(ContractForm.PEOPLE, "0"),
        }
    )
    assert not form.is_valid()
    assert form.errors == {"end_date": ["The end date must be the same as or after the start date"]}


@pytest.mark.django_db
def test_the_filter_form_keeps_valid_values_and_drops_the_rest(officer):
    form = ServiceFilterForm({"service_type": "nursing", "rating": "excellent", "q": " NM1 "})
    assert form.filters() == {"service_type": "nursing", "q": "NM1"}
