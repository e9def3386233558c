"""Forms of the failure plan, a module per area, with GOV.UK error messages:

    incidents.py   opening an incident and changing it, its team, communications, lessons
    checklist.py   a checklist task
    people.py      a person affected, their wellbeing check
    capacity.py    vacancies, the vacancy finder, reserving one
    common.py      yes-or-no questions, a time of day, the CSV upload

Forms check what a person typed; the rules that need the database (a move date after the
notice date, a vacancy still free) are the services' (failure_plan.services), whose errors the
views put back on the form by field.
"""
