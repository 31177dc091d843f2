"""Charts drawn on the server as SVG with matplotlib (Agg): no JavaScript, no CDN, bundled fonts."""

from __future__ import annotations

import io
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure

from cds.catalog.formatting import format_points

RED, GREY = "#b3261e", "#8a96a3"


def _svg(fig: Figure) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight")
    return out.getvalue()


def distribution_svg(scores: list[Decimal], maximum: Decimal, highlight: Decimal | None = None) -> str:
    """Histogram of scores (bins of a tenth of the maximum), with one unit's score marked."""
    fig = Figure(figsize=(7, 2.8))
    ax = fig.subplots()
    top = float(maximum or 1000)
    ax.hist([float(s) for s in scores], bins=[top * i / 20 for i in range(21)], color=GREY, edgecolor="white")
    if highlight is not None:
        ax.axvline(float(highlight), color=RED, linewidth=2)
    ax.set_xlabel("Điểm / score")
    ax.set_ylabel("Số đơn vị / units")
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def history_svg(points: list[tuple[int, Decimal | None, str]]) -> str:
    """A unit's score by year; years carried over the 2025 merger are drawn hollow."""
    fig = Figure(figsize=(6, 2.6))
    ax = fig.subplots()
    known = [(y, float(s), how) for y, s, how in points if s is not None]
    if known:
        ax.plot([y for y, _, _ in known], [s for _, s, _ in known], color=RED, linewidth=1.5)
        for year, score, how in known:
            ax.plot([year], [score], "o", color=RED, markerfacecolor="white" if how != "own" else RED)
            ax.annotate(
                format_points(Decimal(str(score))),
                (year, score),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=8,
            )
    ax.set_xticks([y for y, _, _ in points] or [0])
    ax.set_ylabel("Điểm / score")
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)
