"""The GOV.UK tag colour of each of quality's ratings, severities and statuses: one place for
the pages' tags and the timeline's."""

from __future__ import annotations

from quality.models import ActionStatus, AreaRating, Severity, VisitStatus

# Keyed by the choices' string values, which is what a model's field holds.
AREA_RATING_COLOURS: dict[str, str] = {
    AreaRating.OUTSTANDING: "govuk-tag--blue",
    AreaRating.GOOD: "govuk-tag--green",
    AreaRating.REQUIRES_IMPROVEMENT: "govuk-tag--yellow",
    AreaRating.INADEQUATE: "govuk-tag--red",
    AreaRating.NOT_ASSESSED: "govuk-tag--grey",
}
SEVERITY_COLOURS: dict[str, str] = {
    Severity.LOW: "govuk-tag--grey",
    Severity.MEDIUM: "govuk-tag--yellow",
    Severity.HIGH: "govuk-tag--orange",
    Severity.CRITICAL: "govuk-tag--red",
}
VISIT_STATUS_COLOURS: dict[str, str] = {
    VisitStatus.PLANNED: "govuk-tag--blue",
    VisitStatus.DRAFT: "govuk-tag--yellow",
    VisitStatus.COMPLETED: "govuk-tag--green",
    VisitStatus.CANCELLED: "govuk-tag--grey",
}
ACTION_STATUS_COLOURS: dict[str, str] = {
    ActionStatus.OPEN: "govuk-tag--blue",
    ActionStatus.IN_PROGRESS: "govuk-tag--light-blue",
    ActionStatus.DONE: "govuk-tag--green",
    ActionStatus.CANCELLED: "govuk-tag--grey",
}
