"""Permission matrix rows for the market register (providers:*).

The world: a provider with a service in ``officer``'s portfolio (``nurse`` is its clinical
nurse) with a live contract and a current rating.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import Row, everyone, only
from tests.providers.factories import ContractFactory, CQCRatingFactory, ServiceFactory

WRITERS = ["officer", "admin"]  # the portfolio officer and administrators
CREATORS = ["officer", "other_officer", "admin"]
COMMERCIAL = ["officer", "other_officer", "nurse", "chair", "director", "admin"]


def build_world(world):
    world.service = ServiceFactory(
        name="Matrix House", contract_officer=world.officer, clinical_nurse=world.nurse
    )
    world.provider = world.service.provider
    world.contract = ContractFactory(service=world.service, reference="MATRIX-1")
    CQCRatingFactory(service=world.service)


def _service(world):
    return {"pk": world.service.pk}


def _service_form(world):
    return {
        "provider": world.provider.pk,
        "name": "Matrix House",
        "service_type": "residential",
        "client_group": "older_people",
        "capacity_unit": "beds",
        "in_area": "True",
        "contract_officer": world.officer.pk,
    }


def _contract_form(world):
    return {
        "reference": "MATRIX-1",
        "contract_type": "spot",
        "start_date_day": "1",
        "start_date_month": "4",
        "start_date_year": "2024",
        "annual_value": "500000",
        "annual_spend": "480000",
        **dict.fromkeys(
            [
                "council_funded",
                "health_funded",
                "jointly_funded",
                "self_funders",
                "other_council_placed",
            ],
            "0",
        ),
    }


def _bcp_form(world):
    return {
        "checked_on_day": "1",
        "checked_on_month": "9",
        "checked_on_year": "2025",
        "outcome": "adequate",
    }


def _empty_csv(world):
    return {"file": SimpleUploadedFile("services.csv", b"", content_type="text/csv")}


ROWS = [
    Row("providers:service-list", everyone(200)),
    Row("providers:service-list", everyone(200), query="q=NM&rating=good&sort=rating"),
    Row("providers:my-services", everyone(200)),
    Row("providers:service-export-csv", everyone(200)),
    Row("providers:service-export-xlsx", everyone(200)),
    Row("providers:my-services-export-csv", everyone(200)),
    Row("providers:my-services-export-xlsx", everyone(200)),
    Row("providers:service-detail", everyone(200), kwargs=_service),
    Row(
        "providers:service-detail",
        everyone(404),
        kwargs=lambda w: {"pk": 999_999},
        note="a service that does not exist",
    ),
    Row("providers:service-create", only(200, CREATORS)),
    Row(
        "providers:service-create",
        only(200, CREATORS),
        method="post",
        data=lambda w: {},
        note="an empty form comes back with errors; nothing is saved",
    ),
    Row("providers:service-update", only(200, WRITERS), kwargs=_service),
    Row(
        "providers:service-update",
        only(302, WRITERS),
        kwargs=_service,
        method="post",
        data=_service_form,
    ),
    Row("providers:contract-create", only(200, WRITERS), kwargs=_service),
    Row(
        "providers:contract-create",
        only(200, WRITERS),
        kwargs=_service,
        method="post",
        data=lambda w: {},
    ),
    Row("providers:contract-update", only(200, WRITERS), kwargs=lambda w: {"pk": w.contract.pk}),
    Row(
        "providers:contract-update",
        only(302, WRITERS),
        kwargs=lambda w: {"pk": w.contract.pk},
        method="post",
        data=_contract_form,
    ),
    Row(
        "providers:contract-update",
        everyone(404),
        kwargs=lambda w: {"pk": 999_999},
        note="a contract that does not exist",
    ),
    Row("providers:rating-create", only(200, WRITERS), kwargs=_service),
    Row(
        "providers:rating-create",
        only(200, WRITERS),
        kwargs=_service,
        method="post",
        data=lambda w: {},
    ),
    Row("providers:bcp-check-create", only(200, WRITERS), kwargs=_service),
    Row(
        "providers:bcp-check-create",
        only(302, WRITERS),
        kwargs=_service,
        method="post",
        data=_bcp_form,
    ),
    Row("providers:provider-detail", everyone(200), kwargs=lambda w: {"pk": w.provider.pk}),
    Row("providers:provider-create", only(200, CREATORS)),
    Row(
        "providers:provider-create",
        only(200, CREATORS),
        method="post",
        data=lambda w: {},
    ),
    Row("providers:provider-update", only(200, WRITERS), kwargs=lambda w: {"pk": w.provider.pk}),
    Row("providers:service-import", only(200, ["admin"])),
    Row("providers:service-import", only(200, ["admin"]), method="post", data=_empty_csv),
    Row("providers:service-import-template", only(200, ["admin"])),
    Row("providers:market-analysis", only(200, COMMERCIAL)),
]
