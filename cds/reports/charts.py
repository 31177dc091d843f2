"""PNG charts rendered offline (matplotlib Agg, DejaVu Sans has Vietnamese glyphs)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from cds.lib.vn_numbers import format_number


def _png(fig) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=130, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def _vn_axis(ax, percent: bool) -> None:  # type: ignore[no-untyped-def]
    ax.yaxis.set_major_formatter(
        matplotlib.ticker.FuncFormatter(lambda v, _: format_number(v, 0) + ("%" if percent else ""))
    )


def trend(labels: Sequence[str], series: dict[str, Sequence[float | None]], title: str) -> bytes:
    """KPI trend over periods: one line per series (rates in percent)."""
    fig, ax = plt.subplots(figsize=(7, 3.2))
    for name, values in series.items():
        points = [(i, v) for i, v in enumerate(values) if v is not None]
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=name)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_title(title, fontsize=11)
    ax.set_ylim(bottom=0)
    _vn_axis(ax, True)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    return _png(fig)


def comparison(
    names: Sequence[str], values: Sequence[float], title: str, target: float | None = None
) -> bytes:
    """Units side by side (horizontal bars, best on top), with the target as a line."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    height = max(2.5, 0.22 * len(values) + 1)
    fig, ax = plt.subplots(figsize=(7, height))
    ax.barh([names[i] for i in order], [values[i] for i in order], color="#3a6ea5")
    if target is not None:
        ax.axvline(target, color="#c0392b", linestyle="--", label=f"Chỉ tiêu {format_number(target)}%")
        ax.legend(fontsize=8, loc="lower right")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: format_number(v, 0) + "%"))
    ax.tick_params(axis="y", labelsize=7)
    ax.set_title(title, fontsize=11)
    ax.grid(axis="x", alpha=0.3)
    return _png(fig)
