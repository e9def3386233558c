"""The shapes of a report document (sections of sentences, tables and a chart) and the words
and numbers they are written with."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format

NONE = "—"


@dataclass
class Table:
    """A table with a caption, column headings and rows of cells (text or whole numbers).

    ``numeric`` marks the columns to right-align; ``total`` is an optional last row in bold;
    ``groups`` an optional row of headings above the columns, as ``(label, span)``."""

    caption: str
    columns: list[str]
    rows: list[list]
    numeric: list[bool] = field(default_factory=list)
    total: list | None = None
    groups: list[tuple[str, int]] = field(default_factory=list)
    empty: str = "None."
    sheet: str = ""  # the spreadsheet tab (31 characters at most)

    def __post_init__(self):
        if not self.numeric:
            self.numeric = [False] + [True] * (len(self.columns) - 1)

    @property
    def cells(self) -> list[list[tuple]]:
        """Rows as (value, numeric) pairs, for the template."""
        return [list(zip(row, self.numeric, strict=True)) for row in self.rows]

    @property
    def total_cells(self) -> list[tuple]:
        return list(zip(self.total, self.numeric, strict=True)) if self.total else []

    @property
    def headings(self) -> list[tuple]:
        return list(zip(self.columns, self.numeric, strict=True))


@dataclass
class Chart:
    """A chart as inline SVG, with the text alternative that says what it shows."""

    svg: str
    alt: str


@dataclass
class Section:
    """A titled part of a report: paragraphs, tables, an optional chart and tables after it."""

    title: str
    anchor: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    chart: Chart | None = None
    after_chart: list[Table] = field(default_factory=list)
    new_page: bool = False


@dataclass
class Document:
    """A whole report: what the PDF and the spreadsheet are both drawn from."""

    title: str
    subtitle: str
    council: str
    summary: list[str]
    sections: list[Section]
    notes: list[str]
    audience: str = "the board's members"

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in (*s.tables, *s.after_chart)]


def day(value: str | None) -> str:
    """ "2026-06-30" as "30 June 2026"."""
    if not value:
        return NONE
    return f"{datetime.date.fromisoformat(value):%-d %B %Y}"


def short_day(value: str | None) -> str:
    if not value:
        return NONE
    return f"{datetime.date.fromisoformat(value):%-d %b %Y}"


def num(value) -> str | int:
    if value is None:
        return NONE
    return value


def pct(value) -> str:
    """A share as "87%"; benchmark shares kept as text ("2.0") lose a trailing ".0"."""
    if value is None:
        return NONE
    if isinstance(value, str) and value.endswith(".0"):
        value = value[:-2]
    return f"{value}%"


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{number_format(count, force_grouping=True)} {word if count == 1 else (words or word + 's')}"


ABBREVIATIONS = {
    "Provider Escalation Panel": "PEP",
    "Quality Peer Support Group": "QPSG",
    "Carried over from the previous register": "Carried over",
}


def forum(text: str) -> str:
    """Who decided, short enough for a table column: "PEP, 8 December 2026"."""
    for long, short in ABBREVIATIONS.items():
        text = text.replace(long, short)
    return text


def met(count: int) -> str:
    """ "did not meet", "met once", "met 3 times"."""
    if count == 0:
        return "did not meet"
    return "met once" if count == 1 else f"met {count} times"


def total_row(label: str, totals: dict, keys: Sequence[str]) -> list:
    return [label, *(totals[key] for key in keys)]
