"""Role predicates (django-rules) that every app's rules.py builds its permissions from.

A role is a group (``accounts.roles``); these predicates ask whether a signed-in person holds a
role, or a model permission their roles grant. Object-level limits (a contract officer's own
portfolio, a panel's members) stay in the app that owns the object.
"""

from __future__ import annotations

import rules

from accounts.roles import Role


def has_model_perm(codename: str):
    """A predicate for a model permission (``"app_label.codename"``) granted through the
    person's role groups."""

    @rules.predicate(name=f"has_model_perm:{codename}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.has_perm(codename))

    return predicate


def has_role(role: Role):
    """A predicate: the signed-in person holds ``role``."""

    @rules.predicate(name=f"has_role:{role.value}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.has_role(role))

    return predicate


# Administrators (system owners) may change any record.
is_administrator = has_role(Role.ADMINISTRATOR)
is_contract_officer = has_role(Role.CONTRACT_OFFICER)
is_clinical_nurse = has_role(Role.CLINICAL_NURSE)
is_partner = has_role(Role.PARTNER)
is_panel_chair = has_role(Role.PANEL_CHAIR)
is_director = has_role(Role.DIRECTOR)
# Everyone but partner members (who work for other organisations).
is_council_or_icb_staff = (
    is_contract_officer | is_clinical_nurse | is_panel_chair | is_director | is_administrator
)
