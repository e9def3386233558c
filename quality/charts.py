"""The call monitoring trend chart: SVG from core.charts, shown as an <img> with alt text
and a table of the same figures (the page's CSP forbids inline SVG styles)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.charts import line_chart
from core.pdf import svg_data_uri
from quality.selectors import MonitoringTrend


@dataclass(frozen=True)
class Chart:
    src: str
    alt: str


def monitoring_chart(trend: MonitoringTrend) -> Chart | None:
    """Missed, late and short visits as a percentage, month by month; None with no figures."""
    if not trend.recorded:
        return None
    labels = [f"{month:%b %y}" for month in trend.months]
    series: dict[str, Sequence[float | None]] = {
        "Missed": [
            float(r.missed_rate) if r and r.missed_rate is not None else None for r in trend.rows
        ],
        "Late": [float(r.late_rate) if r and r.late_rate is not None else None for r in trend.rows],
        "Short": [
            float(r.short_rate) if r and r.short_rate is not None else None for r in trend.rows
        ],
    }
    highest = max((v for values in series.values() for v in values if v is not None), default=0)
    # From zero, so a small rise does not look like a steep one.
    svg = line_chart(
        labels, series, ylabel="Per cent of visits", percent=True, ymax=max(5.0, highest * 1.15)
    )
    latest = trend.latest
    assert latest is not None  # trend.recorded is not empty
    first, last = trend.months[0], trend.months[-1]
    alt = (
        f"Line chart of missed, late and short visits as a percentage, {first:%B %Y} to "
        f"{last:%B %Y}. In {latest.month:%B %Y}: {latest.missed_rate or 0}% missed, "
        f"{latest.late_rate or 0}% late, {latest.short_rate or 0}% short. "
        "The table below gives every month's figures."
    )
    return Chart(src=svg_data_uri(svg), alt=alt)
