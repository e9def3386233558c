"""The risk score trend: SVG from core.charts shown as an <img> with alt text and a table of
the same figures (the page's CSP forbids inline SVG styles)."""

from __future__ import annotations

from dataclasses import dataclass

from core.charts import line_chart
from core.pdf import svg_data_uri


@dataclass(frozen=True)
class Chart:
    src: str
    alt: str


def _unique(labels: list[str]) -> list[str]:
    """Scores calculated on the same day get numbered labels, so each keeps its own point."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result


def score_trend_chart(scores) -> Chart | None:
    """The scores given (newest first) oldest to newest; None with fewer than two."""
    if len(scores) < 2:
        return None
    ordered = list(reversed(scores))
    labels = _unique([f"{s.calculated_at:%-d %b}" for s in ordered])
    # A score is recorded when it changes (and at least every four weeks), so it holds until
    # the next point: a step, not a slope (ADR 0006).
    svg = line_chart(
        labels, {"Risk score": [s.score for s in ordered]}, ylabel="Score", ymax=100, steps=True
    )
    first, last = ordered[0], ordered[-1]
    alt = (
        f"Step chart of the risk score over its last {len(ordered)} recorded scores, from "
        f"{first.score} on {first.calculated_at:%-d %B %Y} to {last.score} on "
        f"{last.calculated_at:%-d %B %Y}. The table below gives every score."
    )
    return Chart(src=svg_data_uri(svg), alt=alt)
