"""Every change to market and provider failure records.

Each function takes the acting user and keyword arguments only, runs in one transaction,
validates before writing (raising ``ValidationError`` with GOV.UK messages keyed by field, so
nothing is half-saved), and records who made the change in the history (pghistory). Views,
tasks, management commands and the admin call these.

    incidents.py  incident_open, incident_update, team_member_add, team_member_remove,
                  checklist_task_update, communication_record, incident_close (lessons),
                  briefing_request
    people.py     person_add, person_update, wellbeing_check_record, people_import,
                  people_purge_expired
    capacity.py   vacancy_record, vacancies_import, vacancy_reserve, reservation_release
"""

from core.csv_import import ImportRejected
from failure_plan.services.capacity import (
    reservation_release,
    vacancies_import,
    vacancy_record,
    vacancy_reserve,
)
from failure_plan.services.common import ImportResult
from failure_plan.services.incidents import (
    briefing_request,
    checklist_sync,
    checklist_task_update,
    communication_record,
    incident_close,
    incident_open,
    incident_update,
    lessons_record,
    team_member_add,
    team_member_remove,
)
from failure_plan.services.people import (
    people_import,
    people_purge_expired,
    person_add,
    person_update,
    wellbeing_check_record,
)

__all__ = [
    "ImportRejected",
    "ImportResult",
    "briefing_request",
    "checklist_sync",
    "checklist_task_update",
    "communication_record",
    "incident_close",
    "incident_open",
    "incident_update",
    "lessons_record",
    "people_import",
    "people_purge_expired",
    "person_add",
    "person_update",
    "reservation_release",
    "team_member_add",
    "team_member_remove",
    "vacancies_import",
    "vacancy_record",
    "vacancy_reserve",
    "wellbeing_check_record",
]
