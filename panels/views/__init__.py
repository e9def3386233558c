"""Pages of the panels, one module per page area: ``meetings`` (the list, scheduling, a
meeting's page, attendees, the invitation, pack and minutes PDF), ``agenda`` and ``minutes``
(running the meeting item by item, actions, publishing). ``panels/urls.py`` imports each
module; what they share is in ``panels.mixins``."""
