"""Charts drawn on the server as SVG with matplotlib (Agg): no JavaScript, no CDN, bundled fonts."""

from __future__ import annotations

import io
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")
from django.utils.translation import gettext
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
    ax.set_xlabel(gettext("Điểm"))
    ax.set_ylabel(gettext("Số đơn vị"))
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def history_svg(points: list[tuple[int, Decimal | None, str]]) -> str:
    """A unit's score by year; years carried over the 2025 merger are drawn hollow."""
    return _svg(history_figure(points))


def _label(score: float, how: str) -> str:
    text = format_points(Decimal(str(score)))
    if how == "unranked":
        return f"{text} ({gettext('không xếp hạng')})"
    if how == "lineage":
        return f"{text} ({gettext('đơn vị tiền thân')})"
    if how.startswith("predecessor:"):
        return f"{how.split(':', 1)[1]}: {text}"
    return text


def history_figure(points: list[tuple[int, Decimal | None, str]]) -> Figure:
    """The figure of ``history_svg``: whole years on the axis, as many as fit without touching.
    The line joins the unit's own (or its predecessors' mean) score by year; a score that was not
    ranked is hollow and says so; a single predecessor's score is a hollow diamond with its name."""
    fig = Figure(figsize=(6, 2.6))
    ax = fig.subplots()
    known = [(y, float(s), how) for y, s, how in points if s is not None]
    line = [(y, s, how) for y, s, how in known if not how.startswith("predecessor:")]
    if line:
        ax.plot([y for y, _, _ in line], [s for _, s, _ in line], color=RED, linewidth=1.5)
    same_year: dict[int, int] = {}
    for year, score, how in known:
        marker = "D" if how.startswith("predecessor:") else "o"
        ax.plot([year], [score], marker, color=RED, markerfacecolor=RED if how == "own" else "white")
        nth = same_year[year] = same_year.get(year, -1) + 1
        ax.annotate(
            _label(score, how),
            (year, score),
            textcoords="offset points",
            xytext=(0, 6 + 10 * nth),
            ha="center",
            fontsize=7 if how != "own" else 8,
        )
    years = sorted({y for y, _, _ in points}) or [0]
    step = max(1, -(-len(years) // 8))  # at most 8 labels on a 6-inch axis
    shown = years[::-1][::step][::-1]  # always the latest year
    ax.set_xticks(shown, labels=[str(y) for y in shown])
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.set_ylabel(gettext("Điểm"))
    ax.spines[["top", "right"]].set_visible(False)
    return fig
