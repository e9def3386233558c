"""One line of the services import: its checks, what it is matched against, and the fields
it gives a service and a contract."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower

from core.csv_import import RowError
from core.csv_import.cells import (
    ChoiceCell,
    DateCell,
    MoneyCell,
    WholeNumberCell,
    YesNoCell,
    text_cell,
)
from providers.csv_import.columns import CQC_ID, PEOPLE
from providers.models import (
    CapacityUnit,
    ClientGroup,
    ContractType,
    LocalAuthority,
    Provider,
    Scale,
    ServiceType,
    Size,
)
from providers.selectors import clinical_nurses, contract_officers


# --- one row -------------------------------------------------------------------------------
class CQCIdCell(forms.CharField):
    def clean(self, value):
        text = (value or "").strip()
        if not text:
            return None
        if not CQC_ID.match(text):
            raise ValidationError("Enter the ID in the correct format, like 1-123456789")
        return text


class ImportRowForm(forms.Form):
    """One line of the CSV: the fields of a provider, a service and optionally a contract."""

    provider_name = text_cell("provider name", required=True)
    cqc_provider_id = CQCIdCell(required=False)
    provider_scale = ChoiceCell(
        choices=Scale.choices,
        required=False,
        message="Select a provider scale from the list: national, regional or local",
    )
    provider_size = ChoiceCell(
        choices=Size.choices,
        required=False,
        message="Select a provider size from the list: large, medium or small",
    )
    service_name = text_cell("service name", required=True)
    cqc_location_id = CQCIdCell(required=False)
    service_type = ChoiceCell(
        choices=ServiceType.choices, required=True, message="Select a service type from the list"
    )
    client_group = ChoiceCell(
        choices=ClientGroup.choices, required=True, message="Select a client group from the list"
    )
    capacity = WholeNumberCell(required=False, default=None)
    capacity_unit = ChoiceCell(
        choices=[*CapacityUnit.choices, ("hours", "hours")],
        required=False,
        message="Select a capacity unit from the list: beds, hours, places or people",
    )
    registered_manager = text_cell("registered manager", max_length=150)
    address_line_1 = text_cell("address line 1")
    address_line_2 = text_cell("address line 2")
    town = text_cell("town", max_length=100)
    postcode = text_cell("postcode", max_length=10)
    phone = text_cell("phone number", max_length=30)
    in_area = YesNoCell(required=False)
    host_council = text_cell("host council", max_length=150)
    contract_officer_email = text_cell("contract officer's email address", max_length=254)
    clinical_nurse_email = text_cell("clinical nurse's email address", max_length=254)
    registered_on = DateCell(required=False)
    closed_on = DateCell(required=False)
    contract_reference = text_cell("contract reference", max_length=50)
    contract_type = ChoiceCell(
        choices=ContractType.choices,
        required=False,
        message="Select a contract type from the list: block, spot or framework",
    )
    contract_start_date = DateCell(required=False)
    contract_end_date = DateCell(required=False)
    annual_value = MoneyCell(required=False)
    annual_spend = MoneyCell(required=False)
    council_funded = WholeNumberCell(required=False)
    health_funded = WholeNumberCell(required=False)
    jointly_funded = WholeNumberCell(required=False)
    self_funders = WholeNumberCell(required=False)
    other_council_placed = WholeNumberCell(required=False)

    def __init__(self, *args, lookups: Lookups, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookups = lookups

    def clean_host_council(self):
        text = self.cleaned_data["host_council"].strip()
        if not text:
            return None
        council = self.lookups.councils.get(text.lower())
        if council is None:
            raise ValidationError(f"No council called “{text}”: use its name or GSS code")
        return council

    def _person(self, name: str, people: dict, role: str):
        email = self.cleaned_data[name].strip().lower()
        if not email:
            return None
        person = people.get(email)
        if person is None:
            raise ValidationError(f"No {role} has the email address {email}")
        return person

    def clean_contract_officer_email(self):
        return self._person("contract_officer_email", self.lookups.officers, "contract officer")

    def clean_clinical_nurse_email(self):
        return self._person("clinical_nurse_email", self.lookups.nurses, "clinical quality nurse")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("in_area") is False and "host_council" in data and not data["host_council"]:
            self.add_error("host_council", "Enter the host council for a service out of area")
        registered, closed = data.get("registered_on"), data.get("closed_on")
        if registered and closed and closed < registered:
            self.add_error(
                "closed_on", "The closing date must be the same as or after the registration date"
            )
        if data.get("contract_reference"):
            if "contract_type" in data and not data["contract_type"]:
                self.add_error(
                    "contract_type",
                    "Select a contract type from the list: block, spot or framework",
                )
            if "contract_start_date" in data and not data["contract_start_date"]:
                self.add_error(
                    "contract_start_date", "Enter the contract start date, like 2024-04-01"
                )
            start, end = data.get("contract_start_date"), data.get("contract_end_date")
            if start and end and end < start:
                self.add_error(
                    "contract_end_date", "The end date must be the same as or after the start date"
                )
        else:
            for name in ("contract_type", "contract_start_date"):
                if self.data.get(name, "").strip():
                    self.add_error(
                        "contract_reference",
                        "Enter the contract reference for the contract on this line",
                    )
                    break
        return data


@dataclass
class Lookups:
    """Everything a row is matched against, read once for the whole file."""

    councils: dict
    officers: dict
    nurses: dict

    @classmethod
    def load(cls) -> Lookups:
        councils = {}
        for council in LocalAuthority.objects.all():
            councils[council.name.lower()] = council
            councils[council.gss_code.lower()] = council
            councils[council.official_name.lower()] = council
        return cls(
            councils=councils,
            officers={u.email.lower(): u for u in contract_officers()},
            nurses={u.email.lower(): u for u in clinical_nurses()},
        )


def match_provider(data: dict) -> tuple[Provider | None, RowError | None]:
    """The provider a row names (None when it is new), or the problem matching it."""
    if data["cqc_provider_id"]:
        provider = Provider.objects.filter(cqc_provider_id=data["cqc_provider_id"]).first()
        if provider is not None:
            return provider, None
    matches = list(
        Provider.objects.annotate(lower_name=Lower("name")).filter(
            lower_name=data["provider_name"].strip().lower()
        )[:2]
    )
    if len(matches) > 1:
        return None, RowError(
            data["line"],
            "provider_name",
            f"more than one provider is called {data['provider_name']}: add its cqc_provider_id",
        )
    if (
        matches
        and data["cqc_provider_id"]
        and matches[0].cqc_provider_id not in (None, data["cqc_provider_id"])
    ):
        return None, RowError(
            data["line"],
            "cqc_provider_id",
            f"{matches[0].name} has the CQC provider ID {matches[0].cqc_provider_id}, "
            f"not {data['cqc_provider_id']}",
        )
    return (matches[0] if matches else None), None


def service_fields(data: dict) -> dict:
    return {
        "name": data["service_name"],
        "service_type": data["service_type"],
        "client_group": data["client_group"],
        "cqc_location_id": data["cqc_location_id"],
        "capacity": data["capacity"],
        "capacity_unit": data["capacity_unit"] or CapacityUnit.BEDS,
        "registered_manager": data["registered_manager"],
        "address_line_1": data["address_line_1"],
        "address_line_2": data["address_line_2"],
        "town": data["town"],
        "postcode": data["postcode"],
        "phone": data["phone"],
        "in_area": data["in_area"],
        "host_authority": data["host_council"],
        "registered_on": data["registered_on"],
        "closed_on": data["closed_on"],
        "contract_officer": data["contract_officer_email"],
        "clinical_nurse": data["clinical_nurse_email"],
    }


def contract_fields(data: dict) -> dict:
    return {
        "contract_type": data["contract_type"],
        "start_date": data["contract_start_date"],
        "end_date": data["contract_end_date"],
        "annual_value": data["annual_value"],
        "annual_spend": data["annual_spend"],
        **{name: data[name] for name in PEOPLE},
    }
