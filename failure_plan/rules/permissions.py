"""Who may do what with the failure plan (django-rules). Views and templates check the
permission names (listed in ``failure_plan.rules``), never these predicates.
"""

from __future__ import annotations

import rules

from accounts.rules import has_model_perm, is_administrator, is_director, is_panel_chair

# Senior staff may step into any incident.
is_senior = is_panel_chair | is_director | is_administrator


@rules.predicate
def is_incident_lead(user, incident) -> bool:
    return bool(incident is not None and user and incident.lead_id == user.pk)


def team_user_ids(incident) -> set[int]:
    """The ids of the project team, read once per incident object (pages check several
    permissions against the same incident)."""
    if not hasattr(incident, "_team_user_ids"):
        cache = getattr(incident, "_prefetched_objects_cache", {})
        if "team" in cache:
            incident._team_user_ids = {member.user_id for member in cache["team"]}
        else:
            incident._team_user_ids = set(incident.team.values_list("user_id", flat=True))
    return incident._team_user_ids


@rules.predicate
def is_on_team(user, incident) -> bool:
    return bool(incident is not None and user and user.pk in team_user_ids(incident))


@rules.predicate
def incident_is_open(user, incident) -> bool:
    return bool(incident is not None and incident.is_open)


is_lead_or_team = is_incident_lead | is_on_team

rules.add_perm("failure_plan.view_incidents", has_model_perm("failure_plan.view_incident"))
rules.add_perm("failure_plan.view_playbook", has_model_perm("failure_plan.view_scenario"))
rules.add_perm("failure_plan.open_incident", has_model_perm("failure_plan.add_incident"))
rules.add_perm(
    "failure_plan.edit_incident",
    has_model_perm("failure_plan.change_incident")
    & (is_senior | is_incident_lead)
    & incident_is_open,
)
rules.add_perm(
    "failure_plan.work_incident",
    has_model_perm("failure_plan.change_checklisttask")
    & (is_senior | is_lead_or_team)
    & incident_is_open,
)
rules.add_perm(
    "failure_plan.brief_incident",
    has_model_perm("failure_plan.view_incident")
    & has_model_perm("failure_plan.change_checklisttask")
    & (is_senior | is_lead_or_team),
)
rules.add_perm(
    "failure_plan.see_people",
    has_model_perm("failure_plan.view_affectedperson") & (is_senior | is_lead_or_team),
)
rules.add_perm(
    "failure_plan.change_people",
    has_model_perm("failure_plan.change_affectedperson")
    & has_model_perm("failure_plan.view_affectedperson")
    & (is_senior | is_lead_or_team)
    & incident_is_open,
)
rules.add_perm(
    "failure_plan.export_people",
    has_model_perm("failure_plan.export_affectedperson")
    & has_model_perm("failure_plan.view_affectedperson")
    & (is_senior | is_lead_or_team),
)
rules.add_perm("failure_plan.view_capacity", has_model_perm("failure_plan.view_vacancy"))
rules.add_perm("failure_plan.record_vacancy", has_model_perm("failure_plan.add_vacancy"))
