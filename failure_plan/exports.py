"""The people affected by an incident as CSV, written by ``core.exports`` (byte order mark,
formula escaping) like every other table download.

Each row is one of the people list's rows: the person with their responsibility and wellbeing
check window.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.exports import table_csv, table_rows


def _window(row, index: int):
    window = row["window"]
    return window[index] if window else ""


PEOPLE_COLUMNS = [
    ("full_name", lambda row: row["person"].full_name),
    ("date_of_birth", lambda row: row["person"].date_of_birth or ""),
    ("service", lambda row: row["person"].service.name),
    ("funding", lambda row: row["person"].get_funding_display()),
    (
        "placing_council",
        lambda row: row["person"].placing_council.name if row["person"].placing_council else "",
    ),
    ("responsible", lambda row: row["responsibility"].responsible),
    ("funding_and_planning", lambda row: row["responsibility"].funding_and_planning),
    ("needs", lambda row: "; ".join(row["person"].needs)),
    ("review_status", lambda row: row["person"].get_review_status_display()),
    (
        "destination_service",
        lambda row: (
            row["person"].destination_service.name if row["person"].destination_service else ""
        ),
    ),
    ("destination", lambda row: row["person"].destination),
    ("move_date", lambda row: row["person"].move_date or ""),
    ("wellbeing_check_from", lambda row: _window(row, 0)),
    ("wellbeing_check_by", lambda row: _window(row, 1)),
    ("wellbeing_checked_on", lambda row: row["person"].wellbeing_checked_on or ""),
]


def people_csv(rows: Iterable[dict]) -> str:
    """The people list's rows as CSV text."""
    return "".join(table_csv(table_rows(rows, PEOPLE_COLUMNS)))
