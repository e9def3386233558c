"""Pages of the failure plan, a module per area (``urls.py`` names each view by its module):

incidents.py   the list, opening one, its summary and details, the team, the
               communications log, closing it, the briefing
checklist.py   the playbook and the checklist template; an incident's checklist
people.py      the people affected (every view of their names is written to the access log)
capacity.py    the vacancy finder, recording vacancies, reserving one for a person
mixins.py      the incident or person in the URL, and the access log
"""
