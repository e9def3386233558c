"""Named rules of market and provider failure, and who may do what with an incident.

Domain rules (DOMAIN.md, "Market and provider failure"), each tested on its own:

    duties.py       section_48_decision   is the Care Act 2014 s48 temporary duty engaged?
                    responsibility_for    who is responsible for a person, by how care is funded
                    approaches_for        approach 1 (building-based), 2 (home-based) or both
    dates.py        wellbeing_check_window, wellbeing_check_state   4 to 6 weeks after the move
                    person_is_placed      has somewhere to go and has moved
                    retention_cutoff      when the people of a closed incident are deleted
    clock.py        emergency_clock       the 72-hour clock of an emergency closure

``dates`` and ``clock`` need no model, so the models import them; ``duties`` reads the models'
choices. This package imports neither here, so importing one of its modules never pulls in the
models halfway through loading them.

Permissions (django-rules, ``permissions.py``; registered when django-rules autodiscovers this
package). Views and templates check these names, never the predicates:

    failure_plan.view_incidents   the incident list and summaries (every role)
    failure_plan.view_playbook    scenarios, the stakeholder matrix, the checklist template
    failure_plan.open_incident    open an incident (officers, chairs, directors, administrators)
    failure_plan.edit_incident    change its details and team, close it (its lead, or senior staff)
    failure_plan.work_incident    work the checklist and the communications log (the team too)
    failure_plan.brief_incident   make the cabinet member briefing (team, lead, senior staff)
    failure_plan.see_people       the names of the people affected (docs/adr/0003)
    failure_plan.change_people    add, import and change them
    failure_plan.export_people    download them as CSV
    failure_plan.view_capacity    the vacancy finder
    failure_plan.record_vacancy   record vacancies, by form or CSV

"Senior staff" are panel chairs, directors and administrators: they may step into any incident.
"""

# Imported for its side effect: it registers the permissions above with django-rules.
from failure_plan.rules import permissions  # noqa: F401
