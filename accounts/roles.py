"""The six roles of DOMAIN.md, held as Django groups.

A role is a group with a fixed name. Which model permissions each role holds is declared here,
in one table, and applied by ``sync_role_permissions`` — called from data migrations, so a fresh
database and an upgraded one end with the same groups. Apps that add models add their rows to
ROLE_PERMISSIONS and a migration that calls ``sync_role_permissions`` again.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    CONTRACT_OFFICER = "contract_officer", "Contract officer"
    CLINICAL_NURSE = "clinical_nurse", "Clinical quality nurse"
    PANEL_CHAIR = "panel_chair", "Panel chair"
    DIRECTOR = "director", "Director"
    PARTNER = "partner", "Partner member"
    ADMINISTRATOR = "administrator", "Administrator"


# Group name for each role: the label people see in the admin and on their account page.
GROUP_NAMES = {role: role.label for role in Role}

# "app_label.codename" permissions per role. "view" = read, "add"/"change" = write.
# Object-level limits (an officer changes only their own portfolio) are django-rules predicates
# in each app's rules.py; these are the model-level grants.
_MARKET_READ = [
    "providers.view_provider",
    "providers.view_service",
    "providers.view_cqcrating",
    "providers.view_businesscontinuitycheck",
]
_MARKET_COMMERCIAL_READ = ["providers.view_contract", "providers.view_market_analysis"]
_MARKET_WRITE = [
    "providers.add_provider",
    "providers.change_provider",
    "providers.add_service",
    "providers.change_service",
    "providers.add_contract",
    "providers.change_contract",
    "providers.add_cqcrating",
    "providers.add_businesscontinuitycheck",
]

# Market and provider failure (failure_plan/rules/permissions.py, docs/adr/0003-affected-people-access.md).
_FAILURE_READ = [
    "failure_plan.view_incident",
    "failure_plan.view_scenario",
    "failure_plan.view_stakeholderresponsibility",
    "failure_plan.view_tasktemplate",
    "failure_plan.view_checklisttask",
    "failure_plan.view_communication",
]
# A nurse works an incident's people and checklist only while on its project team.
_FAILURE_TEAM = [
    "failure_plan.change_checklisttask",
    "failure_plan.add_communication",
    "failure_plan.view_affectedperson",
    "failure_plan.add_affectedperson",
    "failure_plan.change_affectedperson",
    "failure_plan.view_vacancy",
]
_FAILURE_WORK = [
    *_FAILURE_TEAM,
    "failure_plan.add_incident",
    "failure_plan.change_incident",
    "failure_plan.export_affectedperson",
    "failure_plan.add_vacancy",
    "failure_plan.add_lessonsreview",
]
_FAILURE_PLAYBOOK_WRITE = [
    "failure_plan.add_scenario",
    "failure_plan.change_scenario",
    "failure_plan.add_stakeholderresponsibility",
    "failure_plan.change_stakeholderresponsibility",
    "failure_plan.add_tasktemplate",
    "failure_plan.change_tasktemplate",
]

# Quality assurance (quality/rules.py adds the portfolio and visit-type limits).
_QUALITY_READ = [
    "quality.view_visit",
    "quality.view_intelligence",
    "quality.view_monitoringfigures",
    "quality.view_action",
]
_QUALITY_STAFF_READ = ["quality.view_evidencefile"]
_QUALITY_VISIT = [
    "quality.add_visit",
    "quality.change_visit",
    "quality.add_evidencefile",
    "quality.delete_evidencefile",
    "quality.add_intelligence",
    "quality.add_action",
    "quality.change_action",
]
_QUALITY_MONITORING = ["quality.add_monitoringfigures", "quality.change_monitoringfigures"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CONTRACT_OFFICER: [
        *_MARKET_READ,
        *_MARKET_COMMERCIAL_READ,
        *_MARKET_WRITE,
        *_FAILURE_READ,
        *_FAILURE_WORK,
        *_QUALITY_READ,
        *_QUALITY_STAFF_READ,
        *_QUALITY_VISIT,
        *_QUALITY_MONITORING,
    ],
    Role.CLINICAL_NURSE: [
        *_MARKET_READ,
        *_MARKET_COMMERCIAL_READ,
        *_FAILURE_READ,
        *_FAILURE_TEAM,
        *_QUALITY_READ,
        *_QUALITY_STAFF_READ,
        *_QUALITY_VISIT,
    ],
    Role.PANEL_CHAIR: [
        *_MARKET_READ,
        *_MARKET_COMMERCIAL_READ,
        *_FAILURE_READ,
        *_FAILURE_WORK,
        *_QUALITY_READ,
        *_QUALITY_STAFF_READ,
    ],
    Role.DIRECTOR: [
        *_MARKET_READ,
        *_MARKET_COMMERCIAL_READ,
        *_FAILURE_READ,
        *_FAILURE_WORK,
        *_QUALITY_READ,
        *_QUALITY_STAFF_READ,
    ],
    # Partners read the register and ratings, not the council's commercial terms.
    Role.PARTNER: [*_MARKET_READ, *_FAILURE_READ, *_QUALITY_READ, "quality.add_intelligence"],
    Role.ADMINISTRATOR: [
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_accesslog",
        "accounts.view_audit_trail",
        *_MARKET_READ,
        *_MARKET_COMMERCIAL_READ,
        *_MARKET_WRITE,
        "providers.import_services",
        "providers.view_cqcsyncrun",
        "providers.view_ratingbenchmark",
        "providers.add_ratingbenchmark",
        "providers.change_ratingbenchmark",
        "providers.run_cqc_sync",
        *_FAILURE_READ,
        *_FAILURE_WORK,
        *_FAILURE_PLAYBOOK_WRITE,
        *_QUALITY_READ,
        *_QUALITY_STAFF_READ,
        *_QUALITY_VISIT,
        *_QUALITY_MONITORING,
        "quality.view_visitfrequency",
        "quality.change_visitfrequency",
        "escalation.view_weightset",
        "escalation.change_weightset",
    ],
}


# Risk and escalation (escalation/rules.py): everyone reads levels, ratings and sanctions,
# because brokers and social workers act on them; letters are the council's contract action.
_ESCALATION_READ = [
    "escalation.view_servicestate",
    "escalation.view_levelchange",
    "escalation.view_sanction",
    "escalation.view_placementratingoverride",
]
_ESCALATION_STAFF_READ = [
    "escalation.view_riskscore",
    "escalation.view_escalationtask",
    "escalation.view_letter",
]
_ESCALATION_PROPOSE = ["escalation.add_levelchange", "escalation.add_letter"]
_ESCALATION_DECIDE = [
    "escalation.decide_levelchange",
    "escalation.add_sanction",
    "escalation.change_sanction",
    "escalation.add_placementratingoverride",
    "escalation.change_placementratingoverride",
    "escalation.change_letter",
    "escalation.issue_letter",
    "escalation.change_escalationtask",
]
ESCALATION_PERMISSIONS: dict[str, list[str]] = {
    Role.CONTRACT_OFFICER: [*_ESCALATION_READ, *_ESCALATION_STAFF_READ, *_ESCALATION_PROPOSE],
    Role.CLINICAL_NURSE: [*_ESCALATION_READ, *_ESCALATION_STAFF_READ, *_ESCALATION_PROPOSE],
    Role.PANEL_CHAIR: [
        *_ESCALATION_READ,
        *_ESCALATION_STAFF_READ,
        *_ESCALATION_PROPOSE,
        *_ESCALATION_DECIDE,
    ],
    Role.DIRECTOR: [
        *_ESCALATION_READ,
        *_ESCALATION_STAFF_READ,
        *_ESCALATION_PROPOSE,
        *_ESCALATION_DECIDE,
    ],
    Role.PARTNER: [*_ESCALATION_READ],
    Role.ADMINISTRATOR: [
        *_ESCALATION_READ,
        *_ESCALATION_STAFF_READ,
        "escalation.view_lettertemplate",
        "escalation.change_lettertemplate",
        "escalation.view_placementratingrule",
        "escalation.change_placementratingrule",
    ],
}

# --- panels permissions (PANELS_PERMISSIONS: dict role -> list, defined here) ---
# Panels (panels/rules.py): every role reads meetings (partners only those of panels they sit
# on, scoped in panels/selectors.py); chairs and directors run them.
_PANELS_READ = ["panels.view_meeting", "panels.view_agendaitem", "panels.view_panelaction"]
_PANELS_CHAIR = [
    "panels.chair_meeting",
    "panels.add_meeting",
    "panels.change_meeting",
    "panels.change_agendaitem",
    "panels.add_panelaction",
    "panels.change_panelaction",
]
PANELS_PERMISSIONS: dict[str, list[str]] = {
    Role.CONTRACT_OFFICER: [*_PANELS_READ],
    Role.CLINICAL_NURSE: [*_PANELS_READ],
    Role.PANEL_CHAIR: [*_PANELS_READ, *_PANELS_CHAIR],
    Role.DIRECTOR: [*_PANELS_READ, *_PANELS_CHAIR],
    Role.PARTNER: [*_PANELS_READ],
    Role.ADMINISTRATOR: [
        *_PANELS_READ,
        "panels.view_panelsettings",
        "panels.change_panelsettings",
        "panels.view_panelmember",
        "panels.add_panelmember",
        "panels.change_panelmember",
        "panels.delete_panelmember",
    ],
}

# --- reports permissions (reports/rules.py) ---
# Reports (reports/rules.py, docs/adr/0012-board-reports.md): directors build and download the
# Safeguarding Adults Board report; directors and panel chairs the Market Management Group
# report; administrators keep the comparator figures but do not read the reports.
REPORTS_PERMISSIONS: dict[str, list[str]] = {
    Role.PANEL_CHAIR: ["reports.build_mmg_report"],
    Role.DIRECTOR: ["reports.build_sab_report", "reports.build_mmg_report"],
    Role.ADMINISTRATOR: [
        "reports.view_comparatorbenchmark",
        "reports.add_comparatorbenchmark",
        "reports.change_comparatorbenchmark",
    ],
}

# Notifications need no role permissions: everyone signed in reads their own, and only their
# own (notifications/selectors.py).

for _extra in (
    ESCALATION_PERMISSIONS,
    PANELS_PERMISSIONS,
    REPORTS_PERMISSIONS,
):
    for _role, _codes in _extra.items():
        ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_codes]


def sync_role_permissions(apps, schema_editor=None) -> None:
    """Create the role groups and give each exactly the permissions ROLE_PERMISSIONS lists.

    Usable as a RunPython operation: it creates any permissions Django has not yet created
    (they are normally made after migrations finish) and skips ones whose model does not exist.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role(role)])
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)


def noop(apps, schema_editor) -> None:
    """Reverse of a permission sync: leave the groups as they are."""
