"""The people affected by a failure: adding them one at a time or from a CSV file, recording
their review, destination, move and wellbeing check, and deleting them once the retention
period after the incident closed has passed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import cached_property

from django.apps import apps
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from core.audit import acting_as
from core.csv_import import Column, RowErrors
from core.csv_import.cells import parse_choice, parse_date, parse_yes_no
from failure_plan.models import (
    PERSON_FIELDS,
    AffectedPerson,
    Funding,
    Incident,
    Reservation,
    ReviewStatus,
    Vacancy,
)
from failure_plan.rules.dates import retention_cutoff
from failure_plan.services.common import Errors, FailurePlanImport, ImportResult, check_open
from providers.models import LocalAuthority, Service


def validate_person(
    *, incident: Incident, data: dict, service_ids: set[int], today: datetime.date
) -> Errors:
    """Check one person's details against the incident; the same checks for the form and
    for each row of an import."""
    errors = Errors()
    if not (data.get("full_name") or "").strip():
        errors.add("full_name", "Enter the person's full name")
    elif len(data["full_name"].strip()) > 150:
        errors.add("full_name", "Full name must be 150 characters or fewer")
    date_of_birth = data.get("date_of_birth")
    if date_of_birth is not None and date_of_birth >= today:
        errors.add("date_of_birth", "Date of birth must be in the past")
    service = data.get("service")
    if service is None or service.pk not in service_ids:
        errors.add("service", "Select the service they receive care from")
    funding = data.get("funding")
    if funding not in Funding.values:
        errors.add("funding", "Select how their care is funded")
    elif funding == Funding.OTHER_COUNCIL and data.get("placing_council") is None:
        errors.add("placing_council", "Select the council that placed them")
    if data.get("review_status", ReviewStatus.NOT_STARTED) not in ReviewStatus.values:
        errors.add("review_status", "Select where their review is")
    if len((data.get("destination") or "").strip()) > 255:
        errors.add("destination", "Where they are going must be 255 characters or fewer")
    move_date = data.get("move_date")
    notice_day = timezone.localtime(incident.notice_at).date()
    if move_date is not None and move_date < notice_day:
        errors.add("move_date", "Enter a move date that is on or after the notice date")
    checked_on = data.get("wellbeing_checked_on")
    if checked_on is not None and (move_date is None or checked_on < move_date):
        errors.add("move_date", "The move date must be on or before the wellbeing check")
    return errors


def _apply(person: AffectedPerson, data: dict) -> None:
    for name in PERSON_FIELDS:
        if name not in data:
            continue
        value = data[name]
        setattr(person, name, value.strip() if isinstance(value, str) else value)
    if person.funding != Funding.OTHER_COUNCIL:
        person.placing_council = None


def _service_ids(incident: Incident) -> set[int]:
    return set(incident.services.values_list("pk", flat=True))


def _reject_unknown(fields: Iterable[str]) -> None:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Affected person has no field(s) {sorted(unknown)}")


def _validate(incident: Incident, data: dict) -> None:
    validate_person(
        incident=incident,
        data=data,
        service_ids=_service_ids(incident),
        today=timezone.localdate(),
    ).raise_if_any()


def person_add(*, acting_user: User, incident: Incident, **data) -> AffectedPerson:
    """Add someone receiving care at a failed service to the incident's register."""
    _reject_unknown(data)
    check_open(incident)
    _validate(incident, data)
    with acting_as(acting_user):
        person = AffectedPerson(incident=incident)
        _apply(person, data)
        person.save()
    return person


def person_update(*, acting_user: User, person: AffectedPerson, **changes) -> AffectedPerson:
    """Change a person's details, review, destination or move date."""
    _reject_unknown(changes)
    incident = person.incident
    check_open(incident)
    data = {name: getattr(person, name) for name in PERSON_FIELDS}
    data["wellbeing_checked_on"] = person.wellbeing_checked_on
    data.update(changes)
    _validate(incident, data)
    with acting_as(acting_user):
        _apply(person, changes)
        person.save()
    return person


def wellbeing_check_record(
    *,
    acting_user: User,
    person: AffectedPerson,
    checked_on: datetime.date | None,
    notes: str = "",
) -> AffectedPerson:
    """Record the wellbeing check that follows a move (due 4 to 6 weeks after it)."""
    check_open(person.incident)
    errors = Errors()
    if person.move_date is None:
        errors.add("checked_on", "Record the move date before the wellbeing check")
    elif checked_on is None:
        errors.add("checked_on", "Enter the date of the wellbeing check")
    elif checked_on < person.move_date:
        errors.add("checked_on", "Enter a date that is on or after the move date")
    elif checked_on > timezone.localdate():
        errors.add("checked_on", "The date of the wellbeing check must be today or in the past")
    errors.raise_if_any()
    with acting_as(acting_user):
        person.wellbeing_checked_on = checked_on
        person.wellbeing_notes = (notes or "").strip()
        person.save(update_fields=["wellbeing_checked_on", "wellbeing_notes", "updated_at"])
    return person


# --- import -------------------------------------------------------------------------------
FUNDING_WORDS = "council; health (CHC); joint; self-funder; other council"
COLUMNS = [
    Column("full_name", "The person's full name", "Edith Marsh", True),
    Column("date_of_birth", "Optional. Like 1938-05-14 or 14/05/1938", "1938-05-14"),
    Column(
        "service",
        "The failed service they receive care from: its name or CQC location ID. "
        "May be empty when the incident has one service",
        "",
    ),
    Column("funding", f"One of: {FUNDING_WORDS}", "council", True),
    Column(
        "placing_council",
        "For people placed by another council: its name or GSS code",
        "",
    ),
    Column("advocate", "yes or no: needs an advocate", "no"),
    Column("imca", "yes or no: needs an IMCA", "no"),
    Column("dols_lps", "yes or no: has or needs a DoLS or LPS authorisation", "yes"),
    Column("medicines", "yes or no: medicines must continue without a gap", "yes"),
    Column("transport", "yes or no: needs transport to move", "no"),
    Column("review_status", "Optional: not reviewed yet, review booked or reviewed", ""),
    Column("destination", "Optional: where they are going", ""),
    Column("move_date", "Optional. Like 2025-03-27 or 27/03/2025", ""),
]
COLUMN_NAMES = [column.name for column in COLUMNS]
FLAG_COLUMNS = {
    "advocate": "needs_advocate",
    "imca": "needs_imca",
    "dols_lps": "needs_dols",
    "medicines": "needs_medicines",
    "transport": "needs_transport",
}
FUNDING_ALIASES = {
    "chc": Funding.HEALTH,
    "health": Funding.HEALTH,
    "healthchc": Funding.HEALTH,
    "continuinghealthcare": Funding.HEALTH,
    "joint": Funding.JOINT,
    "jointlyfunded": Funding.JOINT,
    "partfunded": Funding.JOINT,
    "selffunder": Funding.SELF_FUNDER,
    "selffunded": Funding.SELF_FUNDER,
    "private": Funding.SELF_FUNDER,
    "othercouncil": Funding.OTHER_COUNCIL,
    "anothercouncil": Funding.OTHER_COUNCIL,
    "outofarea": Funding.OTHER_COUNCIL,
    "council": Funding.COUNCIL,
    "councilfunded": Funding.COUNCIL,
}


def _funding(text: str) -> str | None:
    key = "".join(ch for ch in text.lower() if ch.isalnum())
    return FUNDING_ALIASES.get(key) or parse_choice(text, Funding.choices)


class PeopleImport(FailurePlanImport):
    """Everyone receiving care at the failed services, one person to a row."""

    columns = COLUMNS
    template_filename = "people-import-template.csv"

    def __init__(self, *, incident: Incident | None, acting_user: User | None = None):
        self.incident = incident
        self.acting_user = acting_user
        self.today = timezone.localdate()

    def template_example(self) -> list[str]:
        example = super().template_example()
        first = self.incident.services.order_by("name").first() if self.incident else None
        if first is not None:
            example[COLUMN_NAMES.index("service")] = first.name
        return example

    @property
    def importing_into(self) -> Incident:
        """The incident the rows go into (only the template is made without one)."""
        assert self.incident is not None, "people are imported into an incident"
        return self.incident

    @cached_property
    def services(self) -> list[Service]:
        return list(self.importing_into.services.all())

    @cached_property
    def services_by_key(self) -> dict[str, Service]:
        """The failed services by CQC location ID, then by name (ignoring case)."""
        by_key = {s.name.strip().lower(): s for s in self.services}
        by_key.update({s.cqc_location_id.lower(): s for s in self.services if s.cqc_location_id})
        return by_key

    @cached_property
    def councils(self) -> dict[str, LocalAuthority]:
        councils = list(LocalAuthority.objects.all())
        by_key = {c.name.lower(): c for c in councils}
        by_key.update({c.gss_code.lower(): c for c in councils})
        by_key.update({c.official_name.lower(): c for c in councils})
        return by_key

    def _service(self, text: str, errors: RowErrors) -> Service | None:
        if text:
            service = self.services_by_key.get(text.lower())
            if service is None:
                errors.add(
                    "service", "Enter the name or CQC location ID of one of the failed services"
                )
            return service
        if len(self.services) == 1:
            return self.services[0]
        errors.add("service", "Enter which of the failed services they receive care from")
        return None

    def parse_row(self, line, row, errors):
        data: dict = {"full_name": row["full_name"]}
        try:
            data["date_of_birth"] = parse_date(row["date_of_birth"])
        except ValueError:
            errors.add("date_of_birth", "Enter a real date, like 1938-05-14")
        data["service"] = self._service(row["service"], errors)
        data["funding"] = _funding(row["funding"])
        if row["placing_council"]:
            data["placing_council"] = self.councils.get(row["placing_council"].lower())
            if data["placing_council"] is None:
                errors.add("placing_council", "Enter a council's name or GSS code, like E08000026")
        for column, field in FLAG_COLUMNS.items():
            try:
                data[field] = parse_yes_no(row[column])
            except ValueError:
                errors.add(column, "Enter yes or no")
        if row["review_status"]:
            data["review_status"] = parse_choice(row["review_status"], ReviewStatus.choices)
            if data["review_status"] is None:
                errors.add("review_status", "Enter not reviewed yet, review booked or reviewed")
        data["destination"] = row["destination"]
        try:
            data["move_date"] = parse_date(row["move_date"])
        except ValueError:
            errors.add("move_date", "Enter a real date, like 2025-03-27")

        # The same checks as the form; a column already wrong keeps its first message.
        checks = validate_person(
            incident=self.importing_into,
            data=data,
            service_ids={s.pk for s in self.services},
            today=self.today,
        )
        for field, message in checks.items():
            if field not in errors:
                errors.add(field, message)
        funding = data.get("funding")
        placed = row["placing_council"] and funding not in (None, Funding.OTHER_COUNCIL)
        if placed and "placing_council" not in errors:
            errors.add(
                "placing_council",
                "Leave the placing council empty unless another council placed them",
            )
        if errors:
            return None
        person = AffectedPerson(incident=self.incident)
        _apply(person, {k: v for k, v in data.items() if k in PERSON_FIELDS})
        return person

    def write(self, rows: list[AffectedPerson]) -> ImportResult:
        with acting_as(self.acting_user):
            AffectedPerson.objects.bulk_create(rows)
        return ImportResult(created=len(rows))


def template_csv(incident: Incident | None = None) -> str:
    """The import template: the headings and one example row."""
    return PeopleImport(incident=incident).template_csv()


def people_import(*, acting_user: User, incident: Incident, upload) -> ImportResult:
    """Add everyone in an uploaded CSV to the incident's register: every row is checked
    first, and all are added in one transaction, or none are.

    Errors name the line of the file and the column, like "Line 7: funding: Select how their
    care is funded".
    """
    check_open(incident)
    return PeopleImport(acting_user=acting_user, incident=incident).run(upload)


# --- retention ----------------------------------------------------------------------------
def people_purge_expired(*, now: datetime.datetime | None = None, days: int | None = None) -> int:
    """Delete the people of every incident closed longer ago than the retention period
    (OVERSIGHT_AFFECTED_PEOPLE_RETENTION_DAYS), with their reservations and the history rows
    that copied their details. The incident keeps a count and the date. Safe to run again:
    a second run finds nothing to delete. Returns how many people were deleted."""
    person_events = apps.get_model("failure_plan", "AffectedPersonEvent")
    reservation_events = apps.get_model("failure_plan", "ReservationEvent")
    now = now or timezone.now()
    days = settings.OVERSIGHT_AFFECTED_PEOPLE_RETENTION_DAYS if days is None else days
    cutoff = retention_cutoff(now=now, days=days)
    incidents = Incident.objects.filter(
        status=Incident.Status.CLOSED, closed_at__lt=cutoff, people__isnull=False
    ).distinct()
    deleted = 0
    for incident in incidents:
        with acting_as(None):
            incident = Incident.objects.select_for_update().get(pk=incident.pk)
            person_ids = list(incident.people.values_list("pk", flat=True))
            if not person_ids:
                continue
            live = Reservation.objects.filter(person_id__in=person_ids, released_at__isnull=True)
            for reservation in live.select_related("vacancy"):
                Vacancy.objects.filter(pk=reservation.vacancy_id).update(reserved=F("reserved") - 1)
            reservation_ids = list(
                Reservation.objects.filter(person_id__in=person_ids).values_list("pk", flat=True)
            )
            AffectedPerson.objects.filter(pk__in=person_ids).delete()
            person_events.objects.filter(pgh_obj_id__in=person_ids).delete()
            reservation_events.objects.filter(pgh_obj_id__in=reservation_ids).delete()
            incident.people_purged_at = now
            incident.people_purged_count = incident.people_purged_count + len(person_ids)
            incident.save(update_fields=["people_purged_at", "people_purged_count", "updated_at"])
            deleted += len(person_ids)
    return deleted
