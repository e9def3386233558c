"""Every read the failure plan pages, exports, the briefing and the tasks need, a module per
area (incidents, checklist and playbook, people, capacity); this package lists them all.

Each returns what its page shows with the joins it needs, so a page runs a fixed number of
queries however many people, tasks or services an incident has. Names of affected people
are read only by ``people_for`` and ``person_for``; views call them only after checking
``failure_plan.see_people`` and write the access log.
"""

from failure_plan.selectors.capacity import (
    latest_vacancies,
    normalise_prefix,
    recent_vacancies,
    services_for_vacancies,
    vacancy_finder,
    vacancy_for_reserving,
)
from failure_plan.selectors.checklist import (
    Progress,
    area_progress,
    checklist_for,
    checklist_progress,
    checklist_template,
    playbook,
    scenario_map,
    task_for,
)
from failure_plan.selectors.incidents import (
    approach_labels,
    briefing_context,
    clock_for,
    incident_for,
    incident_list,
    incident_summary,
    lead_candidates,
    lessons_for,
    open_incidents_for_service,
    team_for_choice,
    users_for_team,
)
from failure_plan.selectors.people import (
    PEOPLE_FILTERS,
    PeopleFigures,
    people_figures,
    people_for,
    person_for,
    reservation_for,
)

__all__ = [
    "PEOPLE_FILTERS",
    "PeopleFigures",
    "Progress",
    "approach_labels",
    "area_progress",
    "briefing_context",
    "checklist_for",
    "checklist_progress",
    "checklist_template",
    "clock_for",
    "incident_for",
    "incident_list",
    "incident_summary",
    "latest_vacancies",
    "lead_candidates",
    "lessons_for",
    "normalise_prefix",
    "open_incidents_for_service",
    "people_figures",
    "people_for",
    "person_for",
    "playbook",
    "recent_vacancies",
    "reservation_for",
    "scenario_map",
    "services_for_vacancies",
    "task_for",
    "team_for_choice",
    "users_for_team",
    "vacancy_finder",
    "vacancy_for_reserving",
]
