"""Every change the panels make, one module per subject: ``meetings`` (scheduling, attendance,
the briefing pack), ``agenda``, ``minutes`` (minutes, decisions, publishing) and ``actions``.
Level changes go through ``escalation.services`` with the meeting as the authority; nothing
here writes a service's level itself.

Import from here: ``from panels.services import minutes_publish``.
"""

from panels.services.actions import panel_action_add, panel_action_complete  # noqa: F401
from panels.services.agenda import (  # noqa: F401
    agenda_build,
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agendas_build_due,
)
from panels.services.meetings import (  # noqa: F401
    attendance_record,
    attendee_add,
    meeting_schedule,
    pack_request,
)
from panels.services.minutes import (  # noqa: F401
    MinutesConflict,
    minutes_pdf_store,
    minutes_publish,
    minutes_save,
)
