"""One timeline of everything known about a service, newest first, from many sources.

Each kind of evidence is a *timeline source*: a function that returns a service's entries,
newest first, in one query. Apps register their sources when they start (``AppConfig.ready``)::

    from core.timeline import TimelineEntry, register

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


@dataclass(frozen=True)
class TimelineTag:
    """A coloured tag on an entry."""

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
    """One kind of entry, with the function that gives a service's entries of that kind."""

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


def service_timeline(*, service, user, kind: str = "", limit: int = 20) -> list[TimelineEntry]:
    """The service's newest ``limit`` entries of every kind (or of one ``kind``), newest
    first. An unknown kind gives every kind."""
    chosen = [s for s in sources() if s.kind == kind] or sources()
    streams = [list(source.entries(service=service, user=user, limit=limit)) for source in chosen]
    merged = heapq.merge(*streams, key=lambda entry: entry.sort_key, reverse=True)
    return [entry for _, entry in zip(range(limit), merged, strict=False)]
