"""Alternative capacity: recording vacancies, finding them, and reserving without ever
holding more than a service has."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from failure_plan import selectors, services
from failure_plan.models import Reservation, Vacancy
from failure_plan.services.common import flatten
from tests.failure_plan.factories import (
    AffectedPersonFactory,
    ServiceFactory,
    VacancyFactory,
    open_incident,
)

YESTERDAY = datetime.timedelta(days=1)


def _people(officer, count):
    incident = open_incident(lead=officer)
    return [AffectedPersonFactory(incident=incident) for _ in range(count)]


@pytest.mark.django_db
def test_vacancies_need_a_service_a_number_and_a_past_date(officer):
    with pytest.raises(ValidationError) as excinfo:
        services.vacancy_record(
            acting_user=officer,
            service=None,
            vacancies=None,
            recorded_on=timezone.localdate() + YESTERDAY,
        )

    assert flatten(excinfo.value) == {
        "service": "Select the service",
        "vacancies": "Enter the number of vacancies, or 0",
        "recorded_on": "The date must be today or in the past",
    }


@pytest.mark.django_db
def test_reserving_takes_a_vacancy_and_makes_the_service_the_destination(officer):
    (person,) = _people(officer, 1)
    vacancy = VacancyFactory(vacancies=2)

    reservation = services.vacancy_reserve(acting_user=officer, person=person, vacancy=vacancy)

    vacancy.refresh_from_db()
    person.refresh_from_db()
    assert (vacancy.reserved, vacancy.available) == (1, 1)
    assert person.destination_service == vacancy.service
    assert reservation.reserved_by == officer


@pytest.mark.django_db
def test_the_last_vacancy_cannot_be_reserved_twice(officer):
    first, second = _people(officer, 2)
    vacancy = VacancyFactory(vacancies=1)
    services.vacancy_reserve(acting_user=officer, person=first, vacancy=vacancy)

    with pytest.raises(ValidationError) as excinfo:
        services.vacancy_reserve(acting_user=officer, person=second, vacancy=vacancy)

    assert flatten(excinfo.value) == {
        "vacancy": f"There are no vacancies left at {vacancy.service}"
    }
    assert Reservation.objects.count() == 1


@pytest.mark.django_db
def test_the_database_refuses_more_reservations_than_vacancies():
    vacancy = VacancyFactory(vacancies=1, reserved=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Vacancy.objects.filter(pk=vacancy.pk).update(reserved=F("reserved") + 1)


@pytest.mark.django_db
def test_a_person_holds_one_reservation_at_a_time(officer):
    (person,) = _people(officer, 1)
    vacancy, other = VacancyFactory(), VacancyFactory()
    services.vacancy_reserve(acting_user=officer, person=person, vacancy=vacancy)

    with pytest.raises(ValidationError) as excinfo:
        services.vacancy_reserve(acting_user=officer, person=person, vacancy=other)

    assert flatten(excinfo.value) == {
        "vacancy": "This person already has a vacancy reserved: release it first"
    }
    other.refresh_from_db()
    assert other.reserved == 0


@pytest.mark.django_db
def test_an_out_of_date_figure_cannot_be_reserved(officer):
    (person,) = _people(officer, 1)
    old = VacancyFactory(recorded_on=timezone.localdate() - datetime.timedelta(days=5))
    VacancyFactory(service=old.service, recorded_on=timezone.localdate())

    with pytest.raises(ValidationError) as excinfo:
        services.vacancy_reserve(acting_user=officer, person=person, vacancy=old)

    assert "newer number of vacancies" in flatten(excinfo.value)["vacancy"]


@pytest.mark.django_db
def test_releasing_gives_the_vacancy_back_and_clears_the_destination(officer):
    (person,) = _people(officer, 1)
    vacancy = VacancyFactory(vacancies=1)
    reservation = services.vacancy_reserve(acting_user=officer, person=person, vacancy=vacancy)

    services.reservation_release(acting_user=officer, reservation=reservation)
    services.reservation_release(acting_user=officer, reservation=reservation)  # twice is safe

    vacancy.refresh_from_db()
    person.refresh_from_db()
    reservation.refresh_from_db()
    assert vacancy.reserved == 0
    assert person.destination_service is None
    assert reservation.released_at is not None


@pytest.mark.django_db(transaction=True)
def test_two_officers_reserving_the_last_vacancy_at_once_get_it_only_once(officer, other_officer):
    first, second = _people(officer, 2)
    vacancy = VacancyFactory(vacancies=1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def reserve(user, person):
        try:
            barrier.wait(timeout=5)
            services.vacancy_reserve(acting_user=user, person=person, vacancy=vacancy)
            outcomes.append("reserved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=reserve, args=(officer, first)),
        threading.Thread(target=reserve, args=(other_officer, second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(outcomes) == ["refused", "reserved"]
    vacancy.refresh_from_db()
    assert vacancy.reserved == 1
    assert Reservation.objects.count() == 1


# --- the finder ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_finder_shows_each_services_latest_free_vacancies_by_type_group_and_area():
    today = timezone.localdate()
    near = ServiceFactory(name="Near", postcode="NM3 2AA", client_group="older_people")
    far = ServiceFactory(name="Far", postcode="NM31 1BB", client_group="older_people")
    out = ServiceFactory(name="Out", postcode="WX1 1AA", in_area=False)
    nursing = ServiceFactory(name="Nursing", service_type="nursing", postcode="NM3 5CC")
    ld = ServiceFactory(name="LD", client_group="ld_autism", postcode="NM3 7DD")
    full = ServiceFactory(name="Full", postcode="NM3 9EE")
    VacancyFactory(service=near, vacancies=9, recorded_on=today - datetime.timedelta(days=3))
    VacancyFactory(service=near, vacancies=2, recorded_on=today)  # the latest counts
    VacancyFactory(service=far, vacancies=4)
    VacancyFactory(service=out, vacancies=1)
    VacancyFactory(service=nursing, vacancies=5)
    VacancyFactory(service=ld, vacancies=5)
    VacancyFactory(service=full, vacancies=1, reserved=1)

    def names(**filters):
        return [v.service.name for v in selectors.vacancy_finder(**filters)]

    assert names(service_type="residential", client_group="older_people") == ["Far", "Near", "Out"]
    assert [v.free for v in selectors.vacancy_finder(service_type="residential")][:1] == [5]
    assert names(service_type="residential", client_group="older_people", area="in") == [
        "Far",
        "Near",
    ]
    assert names(area="out") == ["Out"]
    assert names(postcode_prefix="nm3") == ["LD", "Nursing", "Near"]
    assert names(postcode_prefix="NM") == ["LD", "Nursing", "Far", "Near"]
    assert names(client_group="older_people", exclude_service_ids={far.pk}) == [
        "Nursing",
        "Near",
        "Out",
    ]


@pytest.mark.django_db
def test_a_vacancies_file_is_all_or_nothing(officer):
    service = ServiceFactory(cqc_location_id="1-900000101")
    good = f"service,vacancies,recorded_on,notes\n{service.cqc_location_id},3,{timezone.localdate():%Y-%m-%d},Ground floor\n"
    bad = good + "Nowhere House,x,yesterday,\n"

    with pytest.raises(services.ImportRejected) as excinfo:
        services.vacancies_import(
            acting_user=officer, upload=SimpleUploadedFile("v.csv", bad.encode())
        )
    assert excinfo.value.errors == [
        "Line 3: service: No open service has this CQC location ID or name",
        "Line 3: vacancies: Number of vacancies must be a whole number, like 3",
        "Line 3: recorded_on: Enter a real date, like 2025-03-27",
    ]
    assert not Vacancy.objects.exists()

    result = services.vacancies_import(
        acting_user=officer, upload=SimpleUploadedFile("v.csv", good.encode())
    )
    assert result.created == 1
    assert Vacancy.objects.get().notes == "Ground floor"
