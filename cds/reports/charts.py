"""PNG charts rendered offline.

The KPI trend in every periodic report is a simple line chart drawn with Pillow (a few ms; the
matplotlib version cost ~0,5 s per report, most of it in text layout and ``bbox_inches``). The
unit comparison of the consolidated report (one per scope) stays on matplotlib (Agg), drawn at
the size it is printed and split into several charts when the units do not fit one page. Both
use DejaVu Sans, shipped with matplotlib, which has the Vietnamese glyphs.
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from cds.lib.text import vn_sort_key
from cds.lib.vn_numbers import format_number

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]
SCALE = 2  # drawn at twice the size and scaled down: smooth lines without anti-aliasing support


@cache
def _font_path() -> str:
    spec = importlib.util.find_spec("matplotlib")
    assert spec is not None and spec.submodule_search_locations
    return str(Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf")


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_font_path(), size * SCALE)


def _nice_max(value: float) -> tuple[float, float]:
    """An axis maximum and tick step that read well (0–100% for rates up to 100)."""
    if value <= 0:
        return 10.0, 2.0
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if value / step <= 6:
            top = step * (int(value / step) + (0 if value % step == 0 else 1))
            return float(top), float(step)
    magnitude = 10 ** (len(str(int(value))) - 1)
    return float(magnitude * (int(value / magnitude) + 1)), float(magnitude)


def trend(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], title: str) -> bytes:
    """KPI trend over periods: one line per series (rates in percent), legend below the plot."""
    s = SCALE
    width, plot_h = 900 * s, 300 * s
    left, right, top = 70 * s, 30 * s, 44 * s
    legend_rows = len(series)
    height = top + plot_h + 40 * s + legend_rows * 22 * s + 10 * s
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    title_font, tick_font, legend_font = _font(15), _font(12), _font(12)
    tw = draw.textlength(title, font=title_font)
    draw.text(((width - tw) / 2, 10 * s), title, fill="black", font=title_font)
    values = [v for vs in series.values() for v in vs if v is not None]
    y_max, step = _nice_max(max(values, default=0))
    x0, x1, y0, y1 = left, width - right, top + plot_h, top

    def y_of(v: float) -> float:
        return y0 - (v / y_max) * (y0 - y1)

    def x_of(i: int) -> float:
        n = max(len(labels) - 1, 1)
        return x0 + 40 * s + i * (x1 - x0 - 80 * s) / n

    tick = 0.0
    while tick <= y_max + 1e-9:
        y = y_of(tick)
        draw.line([(x0, y), (x1, y)], fill="#dddddd", width=s)
        text = format_number(tick, 0 if step >= 1 else 1) + "%"
        draw.text(
            (x0 - 8 * s - draw.textlength(text, font=tick_font), y - 8 * s),
            text,
            fill="#333333",
            font=tick_font,
        )
        tick += step
    draw.line([(x0, y0), (x1, y0)], fill="black", width=s)
    draw.line([(x0, y0), (x0, y1)], fill="black", width=s)
    for i, label in enumerate(labels):
        w = draw.textlength(label, font=tick_font)
        draw.text((x_of(i) - w / 2, y0 + 8 * s), label, fill="#333333", font=tick_font)
    for n, (name, vs) in enumerate(series.items()):
        colour = COLOURS[n % len(COLOURS)]
        points = [(x_of(i), y_of(v)) for i, v in enumerate(vs) if v is not None]
        if len(points) > 1:
            draw.line(points, fill=colour, width=3 * s, joint="curve")
        for x, y in points:
            r = 5 * s
            draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        ly = y0 + 40 * s + n * 22 * s
        draw.line([(x0, ly + 9 * s), (x0 + 30 * s, ly + 9 * s)], fill=colour, width=3 * s)
        draw.ellipse([x0 + 11 * s, ly + 5 * s, x0 + 19 * s, ly + 13 * s], fill=colour)
        draw.text((x0 + 40 * s, ly), name, fill="black", font=legend_font)
    image = image.reduce(s)  # box filter: smooth edges at a fraction of a Lanczos resize
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


BAR_MM = 5.0  # one unit's bar and its name at 7 pt
CHART_FRAME_MM = 28.0  # title, axis, ticks and legend around the bars


def comparison_parts(count: int, max_height_mm: float) -> list[range]:
    """Split ``count`` bars into as few charts as fit ``max_height_mm`` each, of even sizes."""
    per_chart = max(1, int((max_height_mm - CHART_FRAME_MM) // BAR_MM))
    charts = -(-count // per_chart) if count else 0
    size = -(-count // charts) if charts else 0
    return [range(start, min(start + size, count)) for start in range(0, count, size or 1)]


def comparison(
    names: Sequence[str],
    values: Sequence[float],
    title: str,
    target: float | None = None,
    target_text: str = "",
    *,
    width_mm: float = 150,
    max_height_mm: float = 230,
) -> list[tuple[range, bytes]]:
    """Units side by side (horizontal bars, best on top), with the target as a line labelled
    "Chỉ tiêu <target_text>" — the caller's one-formatter text of the target (``format_value``).

    Drawn at ``width_mm`` wide; a long list is split into several charts, each at most
    ``max_height_mm`` tall, on one scale. Returns (positions in the best-first order, PNG) per chart.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    order = sorted(range(len(values)), key=lambda i: (-values[i], vn_sort_key(names[i])))
    highest = max([*values, target or 0])
    top = _nice_max(highest * 1.05)[0]  # one scale for every part, low rates still readable
    if highest <= 100:
        top = min(top, 100.0)
    out = []
    parts = comparison_parts(len(order), max_height_mm)
    for n, part in enumerate(parts):
        shown = [order[k] for k in part][::-1]  # barh draws bottom-up: the best on top
        height_mm = CHART_FRAME_MM + BAR_MM * len(shown)
        fig, ax = plt.subplots(figsize=(width_mm / 25.4, height_mm / 25.4), layout="constrained")
        ax.barh([names[i] for i in shown], [values[i] for i in shown], color="#3a6ea5", height=0.7)
        ax.set_ylim(-0.6, len(shown) - 0.4)
        ax.set_xlim(0, top)
        if target is not None:
            ax.axvline(target, color="#c0392b", linestyle="--", label=f"Chỉ tiêu {target_text}")
            fig.legend(fontsize=7, loc="outside lower center", frameon=False)  # never over a bar
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0) + "%"))
        ax.tick_params(axis="y", labelsize=7)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_title(title + (" (tiếp theo)" if n else ""), fontsize=9)
        ax.grid(axis="x", alpha=0.3)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=150)
        plt.close(fig)
        out.append((part, buffer.getvalue()))
    return out
