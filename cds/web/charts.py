"""Charts drawn on the server as SVG: no JavaScript library, no CDN, readable on an old phone.

Each function returns a small self-contained ``<svg>`` (safe to embed) with a text fallback in
``<title>``/``<desc>`` for screen readers; numbers are written the Vietnamese way. A figure's
label (a point, a bar, the target) is ``value_text(v)`` — the page passes the one formatter
(``format_value`` with the indicator's definition), so a label reads as the figure does beside the
chart; axis ticks and bin edges are scale marks, written with ``suffix``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from cds.lib.vn_numbers import format_number, format_percent

Number = Decimal | float | int
INK, MUTED, ACCENT, GOOD, BAD, GRID = "#1d2733", "#5b6773", "#1f5fa8", "#1d6b30", "#b3261e", "#dde3e9"


def _fmt(value: Number, suffix: str) -> str:
    if suffix == "%":
        return format_percent(Decimal(str(value)), decimals=1)
    return format_number(Decimal(str(value))) + suffix


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="chart" preserveAspectRatio="xMidYMid meet"><title>{escape(title)}</title>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # every text piece is escaped


def _scale(
    values: Sequence[Number], target: Number | None, ceiling: float | None = None
) -> tuple[float, float]:
    """The scale's lowest and highest marks; a rate's scale stops at ``ceiling`` (100%) unless a
    value is above it (a rate never reads «110%» on its axis for values that are all ≤ 100%)."""
    numbers = [float(v) for v in values] + ([float(target)] if target is not None else [])
    top = max(numbers, default=1.0)
    low = min(0.0, *numbers) if numbers else 0.0
    high = (top if top > low else low + 1) * 1.1
    if ceiling is not None and top <= ceiling:
        high = min(high, ceiling)
    return low, high


def _labeller(value_text: Callable[[Number], str] | None, suffix: str) -> Callable[[Number], str]:
    return value_text or (lambda v: _fmt(v, suffix))


def line_chart(
    points: Sequence[tuple[str, Number | None]],
    title: str,
    target: Number | None = None,
    suffix: str = "",
    value_text: Callable[[Number], str] | None = None,
) -> SafeString:
    """A series over periods (gaps where nothing was reported), with the target as a dashed line."""
    label_of = _labeller(value_text, suffix)
    width, height, left, right, top, bottom = 420, 230, 52, 12, 14, 30
    known = [v for _, v in points if v is not None]
    low, high = _scale(known, target, 100.0 if suffix == "%" else None)
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)

    def y(v: Number) -> float:
        return top + plot_h - (float(v) - low) / (high - low) * plot_h

    body = _grid(left, width - right, low, high, y, suffix)
    if target is not None:
        ty = y(target)
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{BAD}" '
            f'stroke-dasharray="6 4"/><text x="{width - right}" y="{ty - 4:.1f}" text-anchor="end" '
            f'fill="{BAD}" font-size="13">{escape(gettext("chỉ tiêu") + " " + label_of(target))}</text>'
        )
    path: list[str] = []
    for i, (label, value) in enumerate(points):
        x = left + i * step
        if len(points) <= 4 or i % 2 == (len(points) - 1) % 2:
            # the last label ends at its point, so it is never cut at the chart's right edge
            anchor = "end" if i == len(points) - 1 and len(points) > 1 else "middle"
            body.append(
                f'<text x="{x:.1f}" y="{height - 10}" text-anchor="{anchor}" fill="{MUTED}" '
                f'font-size="13">{escape(label)}</text>'
            )
        if value is None:
            if path:
                body.append(_polyline(path))
            path = []
            continue
        path.append(f"{x:.1f},{y(value):.1f}")
        met = target is None or float(value) >= float(target)
        body.append(
            f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="5" fill="{ACCENT if met else BAD}">'
            f"<title>{escape(label)}: {escape(label_of(value))}</title></circle>"
        )
    if path:
        body.append(_polyline(path))
    if not known:
        body.append(_empty(width, height))
    return _svg(width, height, title, body)


def _polyline(points: list[str]) -> str:
    return f'<polyline fill="none" stroke="{ACCENT}" stroke-width="2.5" points="{" ".join(points)}"/>'


def _empty(width: int, height: int) -> str:
    return (
        f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="{MUTED}" '
        f'font-size="14">{escape(gettext("Chưa có số liệu"))}</text>'
    )


def _grid(
    x0: float, x1: float, low: float, high: float, y: Callable[[float], float], suffix: str
) -> list[str]:
    out = []
    for i in range(5):
        v = low + (high - low) * i / 4
        yy = y(v)
        out.append(
            f'<line x1="{x0}" x2="{x1}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="{GRID}"/>'
            f'<text x="{x0 - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="{MUTED}" font-size="12">'
            f"{escape(_fmt(round(v, 1), suffix))}</text>"
        )
    return out


def bar_chart(
    bars: Sequence[tuple[str, Number]],
    title: str,
    target: Number | None = None,
    suffix: str = "",
    highlight: str | None = None,
    value_text: Callable[[Number], str] | None = None,
) -> SafeString:
    """Horizontal bars, in the order given (sort before calling), one row per unit."""
    label_of = _labeller(value_text, suffix)
    row, left, right, top = 22, 190, 70, 8
    width = 640
    height = top * 2 + row * max(len(bars), 1)
    high = max([float(v) for _, v in bars] + ([float(target)] if target is not None else []) + [0.0]) or 1.0
    plot_w = width - left - right
    body = []
    for i, (label, value) in enumerate(bars):
        y = top + i * row
        w = max(float(value), 0) / high * plot_w
        met = target is None or float(value) >= float(target)
        colour = ACCENT if met else BAD
        if highlight and label == highlight:
            colour = GOOD
        short = label if len(label) <= 28 else label[:27] + "…"
        body.append(
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" fill="{INK}" font-size="12">{escape(short)}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{colour}">'
            f"<title>{escape(label)}: {escape(label_of(value))}</title></rect>"
            f'<text x="{left + w + 4:.1f}" y="{y + 15}" fill="{INK}" font-size="12">{escape(label_of(value))}</text>'
        )
    if target is not None:
        tx = left + float(target) / high * plot_w
        body.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top}" y2="{height - top}" stroke="{BAD}" stroke-dasharray="6 4"/>'
        )
    if not bars:
        body.append(_empty(width, height + 40))
        height += 40
    return _svg(width, height, title, body)


def histogram(
    values: Sequence[Number], title: str, bins: int = 10, suffix: str = ""
) -> tuple[SafeString, list[tuple[str, int]]]:
    """Distribution of values in equal-width bins; returns the chart and the bin table."""
    numbers = [float(v) for v in values]
    if not numbers:
        return _svg(640, 120, title, [_empty(640, 120)]), []
    low, high = min(numbers), max(numbers)
    if high <= low:
        high = low + max(abs(low), 1.0)  # +1 is lost in a float as large as 1e17
    size = (high - low) / bins
    counts = [0] * bins
    for v in numbers:
        counts[min(int((v - low) / size), bins - 1)] += 1
    edges = [_fmt(round(low + i * size, 1), suffix) for i in range(bins + 1)]
    labels = [f"{edges[i]}–{edges[i + 1]}" for i in range(bins)]
    width, height, left, bottom, top = 640, 220, 40, 48, 12
    plot_h = height - top - bottom
    col = (width - left - 8) / bins
    ceiling = -(-max(max(counts), 1) // 4) * 4  # whole-number ticks: counts are units
    body = _grid(left, width - 8, 0, ceiling, lambda v: top + plot_h - v / ceiling * plot_h, "")
    for i, n in enumerate(counts):
        h = n / ceiling * plot_h
        x = left + i * col
        body.append(
            f'<rect x="{x + 2:.1f}" y="{top + plot_h - h:.1f}" width="{col - 4:.1f}" height="{h:.1f}" fill="{ACCENT}">'
            f"<title>{escape(labels[i])}: {n}</title></rect>"
            f'<text x="{x + col / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" fill="{MUTED}" '
            f'font-size="10">{escape(_fmt(round(low + i * size, 1), suffix))}</text>'
        )
    return _svg(width, height, title, body), list(zip(labels, counts, strict=True))
