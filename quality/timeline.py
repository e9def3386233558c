"""The quality app's entries on the service timeline (``core.timeline``): completed visits,
intelligence and CQC ratings."""

from __future__ import annotations

from django.urls import reverse

from core.timeline import TimelineEntry, TimelineTag, register
from providers.models import Rating
from quality.colours import SEVERITY_COLOURS
from quality.models import VisitStatus

RATING_COLOURS = {
    Rating.OUTSTANDING: "govuk-tag--blue",
    Rating.GOOD: "govuk-tag--green",
    Rating.REQUIRES_IMPROVEMENT: "govuk-tag--yellow",
    Rating.INADEQUATE: "govuk-tag--red",
}


def _visit_entries(*, service, user, limit):
    visits = (
        service.visits.filter(status=VisitStatus.COMPLETED)
        .select_related("officer")
        .order_by("-visit_date", "-completed_at")[:limit]
    )
    for visit in visits:
        tags = []
        if visit.overall_rating in RATING_COLOURS:
            tags.append(
                TimelineTag(
                    visit.get_overall_rating_display(), RATING_COLOURS[visit.overall_rating]
                )
            )
        yield TimelineEntry(
            kind="visit",
            date=visit.visit_date,
            title=visit.get_visit_type_display(),
            byline=str(visit.officer) if visit.officer_id else "",
            description=_shorten(visit.summary),
            tags=tuple(tags),
            url=reverse("quality:visit-detail", args=[visit.pk]),
            link_text="View the visit",
            recorded_at=visit.completed_at,
        )


def _intelligence_entries(*, service, user, limit):
    items = service.intelligence.select_related("logged_by").order_by(
        "-received_on", "-created_at"
    )[:limit]
    for item in items:
        tags = [
            TimelineTag(f"{item.get_severity_display()} severity", SEVERITY_COLOURS[item.severity])
        ]
        if item.section_42 == "yes":
            tags.append(TimelineTag("Section 42 enquiry", "govuk-tag--purple"))
        may_read = user.has_perm("quality.view_intelligence_details", item)
        yield TimelineEntry(
            kind="intelligence",
            date=item.received_on,
            title=item.get_source_display(),
            byline=str(item.logged_by),
            description=item.summary,
            tags=tuple(tags),
            url=reverse("quality:intelligence-detail", args=[item.pk]) if may_read else "",
            link_text="View the details",
            recorded_at=item.created_at,
        )


def _rating_entries(*, service, user, limit):
    ratings = list(
        service.ratings.exclude(published_on__isnull=True).order_by("-published_on", "-created_at")[
            : limit + 1
        ]
    )
    for index, rating in enumerate(ratings[:limit]):
        previous = ratings[index + 1] if index + 1 < len(ratings) else None
        description = ""
        if previous is not None and previous.overall != rating.overall:
            description = f"Previously {previous.get_overall_display()}."
        questions = "; ".join(f"{name}: {label}" for name, _value, label in rating.key_questions())
        yield TimelineEntry(
            kind="rating",
            date=rating.published_on,
            title=f"CQC rating: {rating.get_overall_display()}",
            byline="Care Quality Commission",
            description=f"{description} {questions}.".strip(),
            tags=(
                TimelineTag(
                    rating.get_overall_display(),
                    RATING_COLOURS.get(rating.overall, "govuk-tag--grey"),
                ),
            ),
            recorded_at=rating.created_at,
        )


def _shorten(text: str, length: int = 300) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def register_quality_sources() -> None:
    register("visit", "Visits", _visit_entries, order=10)
    register("intelligence", "Intelligence", _intelligence_entries, order=20)
    register("rating", "CQC ratings", _rating_entries, order=30)
