"""Alternative capacity: vacancies reported by services, and holding one for a person.

A vacancy record is the number of vacancies a service reported on a day, not counting beds
already held for people through Oversight; the newest record is the current one. Reserving
locks the record's row, checks a vacancy is free, and counts the reservation on the record;
a database constraint refuses more reservations than vacancies even if that check were
bypassed.
"""

from __future__ import annotations

import datetime
from functools import cached_property

from django.db.models import F
from django.utils import timezone

from accounts.models import User
from core.audit import acting_as
from core.csv_import import Column
from core.csv_import.cells import parse_date
from failure_plan.models import AffectedPerson, Reservation, Vacancy
from failure_plan.services.common import Errors, FailurePlanImport, ImportResult, check_open
from providers.models import Service

MAX_VACANCIES = 10_000


def _validate_vacancy(
    *, service, vacancies, recorded_on, today: datetime.date, errors: Errors
) -> None:
    if service is None:
        errors.add("service", "Select the service")
    if vacancies is None:
        errors.add("vacancies", "Enter the number of vacancies, or 0")
    elif vacancies < 0:
        errors.add("vacancies", "Number of vacancies must be 0 or more")
    elif vacancies > MAX_VACANCIES:
        errors.add("vacancies", "Number of vacancies is too large")
    if recorded_on is None:
        errors.add("recorded_on", "Enter the date the vacancies were reported")
    elif recorded_on > today:
        errors.add("recorded_on", "The date must be today or in the past")


def vacancy_record(
    *,
    acting_user: User,
    service: Service | None,
    vacancies: int | None,
    recorded_on: datetime.date | None,
    notes: str = "",
) -> Vacancy:
    """Record how many vacancies a service has now."""
    errors = Errors()
    _validate_vacancy(
        service=service,
        vacancies=vacancies,
        recorded_on=recorded_on,
        today=timezone.localdate(),
        errors=errors,
    )
    errors.raise_if_any()
    # _validate_vacancy refused any missing value.
    assert service is not None and vacancies is not None and recorded_on is not None
    with acting_as(acting_user):
        return Vacancy.objects.create(
            service=service,
            vacancies=vacancies,
            recorded_on=recorded_on,
            notes=(notes or "").strip(),
            recorded_by=acting_user,
        )


VACANCY_COLUMNS = [
    Column("service", "The service's CQC location ID or its name", "1-900000101", True),
    Column("vacancies", "A whole number, 0 or more", "3", True),
    Column(
        "recorded_on",
        "The date the service reported them, like 2025-03-27",
        "2025-03-27",
        True,
    ),
    Column("notes", "Optional", "Two ground-floor rooms"),
]


class VacanciesImport(FailurePlanImport):
    """Many services' vacancies, one service to a row."""

    columns = VACANCY_COLUMNS
    template_filename = "vacancies-import-template.csv"

    def __init__(self, *, acting_user: User | None = None):
        self.acting_user = acting_user
        self.today = timezone.localdate()

    @cached_property
    def open_services(self) -> tuple[dict[str, Service], dict[str, list[Service]]]:
        """Open services by CQC location ID, and by name (a name may be shared)."""
        services = list(Service.objects.open())
        by_cqc = {s.cqc_location_id.lower(): s for s in services if s.cqc_location_id}
        by_name: dict[str, list[Service]] = {}
        for s in services:
            by_name.setdefault(s.name.strip().lower(), []).append(s)
        return by_cqc, by_name

    def parse_row(self, line, row, errors):
        by_cqc, by_name = self.open_services
        key = row["service"].lower()
        named = by_name.get(key, [])
        service = by_cqc.get(key) or (named[0] if len(named) == 1 else None)
        if not row["service"]:
            errors.add("service", "Enter the service's CQC location ID or name")
        elif len(named) > 1 and key not in by_cqc:
            errors.add("service", "More than one service has this name: use its CQC location ID")
        elif service is None:
            errors.add("service", "No open service has this CQC location ID or name")
        vacancies = None
        if row["vacancies"]:
            if row["vacancies"].isdigit():
                vacancies = int(row["vacancies"])
            else:
                errors.add("vacancies", "Number of vacancies must be a whole number, like 3")
        recorded_on = None
        try:
            recorded_on = parse_date(row["recorded_on"])
        except ValueError:
            errors.add("recorded_on", "Enter a real date, like 2025-03-27")
        # The same checks as the form; a column already wrong keeps its first message.
        probe = Errors()
        _validate_vacancy(
            service=service,
            vacancies=vacancies,
            recorded_on=recorded_on,
            today=self.today,
            errors=probe,
        )
        for field, message in probe.items():
            if field not in errors:
                errors.add(field, message)
        # A row with errors is not kept (CSVImport.parse_row); a value missing is an error.
        if errors or service is None or vacancies is None or recorded_on is None:
            return None
        return Vacancy(
            service=service,
            vacancies=vacancies,
            recorded_on=recorded_on,
            notes=row["notes"],
            recorded_by=self.acting_user,
        )

    def write(self, rows: list[Vacancy]) -> ImportResult:
        with acting_as(self.acting_user):
            Vacancy.objects.bulk_create(rows)
        return ImportResult(created=len(rows))


def vacancies_import(*, acting_user: User, upload) -> ImportResult:
    """Record vacancies from a CSV file, one row per service: all rows or none."""
    return VacanciesImport(acting_user=acting_user).run(upload)


def _latest_for(service_id: int) -> Vacancy | None:
    return Vacancy.objects.filter(service_id=service_id).order_by("-recorded_on", "-pk").first()


def vacancy_reserve(*, acting_user: User, person: AffectedPerson, vacancy: Vacancy) -> Reservation:
    """Hold one of a service's current vacancies for a person, and make that service their
    destination. Refuses when none is free, the figure is out of date, or the person already
    holds a reservation."""
    check_open(person.incident)
    with acting_as(acting_user):
        # Lock the vacancy row: two officers reserving the last bed at once queue here.
        locked = Vacancy.objects.select_for_update().select_related("service").get(pk=vacancy.pk)
        errors = Errors()
        latest = _latest_for(locked.service_id)
        if latest is not None and latest.pk != locked.pk:
            errors.add(
                "vacancy",
                f"{locked.service} has reported a newer number of vacancies: choose again",
            )
        elif locked.available <= 0:
            errors.add("vacancy", f"There are no vacancies left at {locked.service}")
        if Reservation.objects.filter(person=person, released_at__isnull=True).exists():
            errors.add("vacancy", "This person already has a vacancy reserved: release it first")
        errors.raise_if_any()
        Vacancy.objects.filter(pk=locked.pk).update(reserved=F("reserved") + 1)
        reservation = Reservation.objects.create(
            person=person, vacancy=locked, reserved_by=acting_user
        )
        person.destination_service = locked.service
        person.save(update_fields=["destination_service", "updated_at"])
    return reservation


def reservation_release(*, acting_user: User, reservation: Reservation) -> Reservation:
    """Give a held vacancy back, and clear the person's destination if it was that service."""
    with acting_as(acting_user):
        reservation = (
            Reservation.objects.select_for_update()
            .select_related("person", "vacancy")
            .get(pk=reservation.pk)
        )
        if reservation.released_at is not None:
            return reservation
        Vacancy.objects.filter(pk=reservation.vacancy_id).update(reserved=F("reserved") - 1)
        reservation.released_at = timezone.now()
        reservation.save(update_fields=["released_at", "updated_at"])
        person = reservation.person
        if person.destination_service_id == reservation.vacancy.service_id:
            AffectedPerson.objects.filter(pk=person.pk).update(destination_service=None)
            person.destination_service = None
    return reservation
