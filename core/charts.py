"""Charts drawn with matplotlib as SVG whose text stays text (searchable in PDFs).

Pages show them as <img> with alt text and a table of the same figures beside them; PDFs
inline the SVG.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

BLUE = "#1d70b8"
GREY = "#505a5f"
COLOURS = ["#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f"]

plt.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "oversight",  # stable ids: the same figures give the same SVG
        "font.family": "sans-serif",
        "font.sans-serif": ["Arial", "Liberation Sans", "DejaVu Sans"],
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": GREY,
        "axes.labelcolor": "#0b0c0c",
        "xtick.color": "#0b0c0c",
        "ytick.color": "#0b0c0c",
    }
)


def _to_svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML declaration and doctype
    return re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)


def line_chart(
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    ylabel: str = "",
    ymax: float | None = None,
    percent: bool = False,
    width: float = 7.0,
    height: float = 3.0,
    legend_below: bool = False,
    steps: bool = False,
) -> str:
    """A line chart of one or more series over the same labels; returns SVG markup.
    ``legend_below`` puts the legend in a row under the chart, clear of the lines. ``steps``
    holds each value until the next point, for figures recorded only when they change."""
    figure, axes = plt.subplots(figsize=(width, height))
    for index, (name, values) in enumerate(series.items()):
        axes.plot(
            list(labels),
            # matplotlib draws None as a gap in the line; its stubs want numbers only.
            list(values),  # type: ignore[arg-type]
            marker="o",
            color=COLOURS[index % len(COLOURS)],
            label=name,
            linewidth=2,
            drawstyle="steps-post" if steps else "default",
        )
    axes.set_ylabel(ylabel)
    if ymax is not None:
        axes.set_ylim(0, ymax)
    if percent:
        axes.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter())
    axes.grid(axis="y", color="#b1b4b6", linewidth=0.5)
    if len(series) > 1 and legend_below:
        axes.legend(
            frameon=False,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.22),
            ncol=len(series),
        )
    elif len(series) > 1:
        axes.legend(frameon=False, loc="best")
    axes.tick_params(axis="x", labelrotation=45 if len(labels) > 8 else 0)
    return _to_svg(figure)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    ylabel: str = "",
    colour: str = BLUE,
    width: float = 7.0,
    height: float = 3.0,
) -> str:
    """A vertical bar chart; returns SVG markup."""
    figure, axes = plt.subplots(figsize=(width, height))
    axes.bar(list(labels), list(values), color=colour)
    axes.set_ylabel(ylabel)
    axes.grid(axis="y", color="#b1b4b6", linewidth=0.5)
    axes.set_axisbelow(True)
    return _to_svg(figure)
