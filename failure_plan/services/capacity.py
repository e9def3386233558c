"""Alternative capacity: vacancies reported by services, and holding one for a person.

A vacancy record is the number of vacancies a service reported on a day, not counting beds
already held for people through Oversight; the newest record is the current one. Reserving
locks the record's row, checks a vacancy is free, and counts the reservation on the record;
a database constraint refuses more reservations than vacancies even if that check were
bypassed.
"""

from __future__ import annotations

import datetime

from django.db.models import F
from django.utils import timezone

from accounts.models import User
from failure_plan.models import AffectedPerson, Reservation, Vacancy
from failure_plan.services.common import (
    Errors,
    ImportRejected,
    ImportResult,
    changes_by,
    parse_date,
    read_csv,
)
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
    with changes_by(acting_user):
        return Vacancy.objects.create(
            service=service,
            vacancies=vacancies,
            recorded_on=recorded_on,
            notes=(notes or "").strip(),
            recorded_by=acting_user,
        )


VACANCY_COLUMNS = ["service", "vacancies", "recorded_on", "notes"]
VACANCY_TEMPLATE = [
    ("service", "The service's CQC location ID or its name", "1-900000101"),
    ("vacancies", "A whole number, 0 or more", "3"),
    ("recorded_on", "The date the service reported them, like 2025-03-27", "2025-03-27"),
    ("notes", "Optional", "Two ground-floor rooms"),
]


def vacancy_template_csv() -> str:
    return ",".join(VACANCY_COLUMNS) + "\n" + ",".join(row[2] for row in VACANCY_TEMPLATE) + "\n"


def vacancies_import(*, acting_user: User, upload) -> ImportResult:
    """Record vacancies from a CSV file, one row per service: all rows or none."""
    rows = read_csv(upload, columns=VACANCY_COLUMNS, required=VACANCY_COLUMNS[:3])
    today = timezone.localdate()
    services = list(Service.objects.open())
    by_cqc = {s.cqc_location_id.lower(): s for s in services if s.cqc_location_id}
    by_name: dict[str, list[Service]] = {}
    for s in services:
        by_name.setdefault(s.name.strip().lower(), []).append(s)
    problems: list[str] = []
    records: list[Vacancy] = []
    for line, row in rows:
        errors = Errors()
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
        probe = Errors()
        _validate_vacancy(
            service=service,
            vacancies=vacancies,
            recorded_on=recorded_on,
            today=today,
            errors=probe,
        )
        for field, message in probe.items():
            if field not in errors:
                errors.add(field, message)
        for field, message in errors.items():
            problems.append(f"Line {line}: {field}: {message}")
        if not errors:
            records.append(
                Vacancy(
                    service=service,
                    vacancies=vacancies,
                    recorded_on=recorded_on,
                    notes=row["notes"],
                    recorded_by=acting_user,
                )
            )
    if problems:
        raise ImportRejected(problems)
    with changes_by(acting_user):
        Vacancy.objects.bulk_create(records)
    return ImportResult(created=len(records))


def _latest_for(service_id: int) -> Vacancy | None:
    return Vacancy.objects.filter(service_id=service_id).order_by("-recorded_on", "-pk").first()


def vacancy_reserve(*, acting_user: User, person: AffectedPerson, vacancy: Vacancy) -> Reservation:
    """Hold one of a service's current vacancies for a person, and make that service their
    destination. Refuses when none is free, the figure is out of date, or the person already
    holds a reservation."""
    if not person.incident.is_open:
        errors = Errors()
        errors.add(None, "This incident is closed and can no longer be changed")
        errors.raise_if_any()
    with changes_by(acting_user):
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
    with changes_by(acting_user):
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
