"""Pages of quality assurance, by page area: schedule (the visit schedule and the calendar
feed), visits, recording, evidence, intelligence, monitoring, actions and timeline.

Each view is thin: sign-in (LoginRequiredMixin), then the permission (django-rules, with the
service, visit or record as the object), then a generic view that calls one selector or
service. Anything not visible is a 404; visible but not changeable is a 403.
"""
