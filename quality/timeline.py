"""One timeline of everything known about a service, newest first, from many sources.

Each kind of evidence is a *timeline source*: a function that returns a service's entries,
newest first, in one query. Apps register their sources when they start (``AppConfig.ready``)::

    from quality.timeline import TimelineEntry, register

    def level_decisions(*, service, user, limit):
        return [TimelineEntry(kind="level", ...) for decision in ...]

    register("level", "Level decisions", level_decisions, order=40)

``service_timeline`` asks each source (or one kind) for at most ``limit`` entries and merges
them, so a page runs one query per source however long the history.
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse

from providers.models import Rating, Service


@dataclass(frozen=True)
class TimelineTag:
    text: str
    colour: str = ""  # a GOV.UK tag modifier such as "govuk-tag--red"


@dataclass(frozen=True)
class TimelineEntry:
    """One item on the timeline. Text only: the template escapes everything."""

    kind: str
    date: datetime.date
    title: str
    byline: str = ""
    description: str = ""
    tags: tuple[TimelineTag, ...] = ()
    url: str = ""
    link_text: str = ""
    # Orders entries on the same date: when the record was made.
    recorded_at: datetime.datetime | None = None
    details: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def sort_key(self) -> tuple:
        recorded = self.recorded_at.timestamp() if self.recorded_at else 0.0
        return (self.date, recorded)


SourceFunction = Callable[..., Iterable[TimelineEntry]]


@dataclass(frozen=True)
class TimelineSource:
    kind: str
    label: str
    entries: SourceFunction
    order: int = 100


_SOURCES: dict[str, TimelineSource] = {}


def register(kind: str, label: str, entries: SourceFunction, *, order: int = 100) -> None:
    """Add (or replace) the source of one kind of timeline entry.

    ``entries(*, service, user, limit)`` returns at most ``limit`` entries, newest first,
    that ``user`` may see.
    """
    _SOURCES[kind] = TimelineSource(kind=kind, label=label, entries=entries, order=order)


def sources() -> list[TimelineSource]:
    return sorted(_SOURCES.values(), key=lambda source: (source.order, source.kind))


def kinds() -> list[tuple[str, str]]:
    """(kind, label) for the filter, in registration order."""
    return [(source.kind, source.label) for source in sources()]


def service_timeline(
    *, service: Service, user, kind: str = "", limit: int = 20
) -> list[TimelineEntry]:
    """The service's newest ``limit`` entries of every kind (or of one ``kind``), newest
    first. An unknown kind gives every kind."""
    chosen = [s for s in sources() if s.kind == kind] or sources()
    streams = [list(source.entries(service=service, user=user, limit=limit)) for source in chosen]
    merged = heapq.merge(*streams, key=lambda entry: entry.sort_key, reverse=True)
    return [entry for _, entry in zip(range(limit), merged, strict=False)]


# --- the quality app's own sources -----------------------------------------------------------
RATING_COLOURS = {
    Rating.OUTSTANDING: "govuk-tag--blue",
    Rating.GOOD: "govuk-tag--green",
    Rating.REQUIRES_IMPROVEMENT: "govuk-tag--yellow",
    Rating.INADEQUATE: "govuk-tag--red",
}
SEVERITY_COLOURS = {
    "low": "govuk-tag--grey",
    "medium": "govuk-tag--yellow",
    "high": "govuk-tag--orange",
    "critical": "govuk-tag--red",
}


def _visit_entries(*, service, user, limit):
    from quality.models import VisitStatus

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
