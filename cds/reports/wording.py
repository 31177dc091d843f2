"""Report wording as editable YAML: sentences with placeholders, rendered from ``ReportData``.

A province edits ``cds/reports/wording/vi.yaml`` (or a copy named by ``--wording``) without code.
The template language is deliberately tiny and cannot run code:

- ``{dvc.online_dossier_rate}`` — the value, Vietnamese style ("94,44%", "1.463 hồ sơ", "khoảng
  4.000 người"): a count prints its catalog unit, except where the template names what it counts
  right after it ("{steering.members} thành viên" → "11 thành viên"); an amount its display unit;
- ``{code|filter}`` — ``parts`` ("94,44% (17/18 dịch vụ)": the rate, then its parts and what the
  numerator counts), ``fraction`` ("8/8"), ``fraction2`` ("08/09"),
  ``num`` / ``den`` (a rate's parts), ``of_units`` («12/13 xã», «12/13 thôn»: a rate over the units
  that exist, its denominator counted from the units registry), ``checked`` (a total, said only when
  the parts recorded beside it do not contradict it: a total below its parts is not signed),
  ``contradicted`` / ``parts_sum`` / ``parts_partial`` (said only when ``checked`` left the total
  out, to say why: the recorded total, what its known parts add up to, nothing but present when
  some parts are unknown — «chưa nêu số lớp vì các phần không khớp: số liệu ghi tổng 3 lớp, các
  phần cộng lại 5 lớp»), ``within_map`` / ``over_map`` / ``map_total`` (a count of one thing per
  commune, such as commune-level teams: the value when it is not above the communes on the map,
  the value when it is, the map's count then — «23 Tổ … cấp xã» is not stated for 22 communes;
  ``not_over_map`` prints nothing and drops the sentence when it is: a total that holds them),
  ``on_map`` / ``off_map`` / ``map_count`` (a typed count of the area's communes: the value when it
  equals the communes on the map, the value / the map's count when it does not — «23/23 xã» is not
  printed beside «21/22 đơn vị cấp xã» when the map has 22),
  ``target`` ("đạt 94,44%, vượt chỉ tiêu 90%"),
  ``vs_target`` (the same without the value: "vượt chỉ tiêu 90%"), ``share`` (of a quota
  reached, ``cds.catalog.targets.share_text``: "đạt 73,3% chỉ tiêu" — a rate, a ceiling or a yes/no
  has none, and the part that holds it is left out), ``change``
  (vs the previous period: "tăng gấp 3,1 lần so với quý II/2023", "giảm 2,4 điểm phần trăm so
  với …"), ``vs_first`` (a quarter or month vs the year's first, when that is not the previous:
  "tăng gấp 6,2 lần so với quý I/2023"), ``yoy`` (vs the same period last year), ``series`` ("quý I/2023: 9,36%; …"),
  ``or_none`` (the value, or "không có" for zero), ``nonzero`` (the value; a zero leaves its
  optional part out: "(2 kế hoạch, 9 công văn)", never "0 thông báo"),
  ``yes`` / ``no`` (print nothing; the sentence needs the yes/no value to be yes / no),
  ``zero`` (print nothing; the sentence is said only when the figure is exactly zero: "Không phát
  sinh kinh phí …" — the other alternative of a ``one_of`` states the amount with ``nonzero``),
  ``absent`` (print nothing; the sentence is said only when the figure has no value),
  ``children`` (what the units below add up to, said only when it differs from the unit's own
  figure: a district's dossiers include its own one-stop desk's, so «1.704 hồ sơ (các đơn vị cấp
  dưới: 1.291 hồ sơ)» — the reader sees both, never one contradicting Phụ lục I),
  ``named`` (a count of communes: the communes below that answered «có» to the question the
  wording's ``named_below`` pairs with it, «phường Nghĩa Chánh, xã Nghĩa Hà, …» in Vietnamese
  order — only when they are exactly as many as the count);
- ``{unit}``, ``{unit_short}``, ``{period}``, ``{issuer}``, ``{body}`` — context words;
- ``[ … ]`` — an optional part, dropped when a placeholder inside it has no data. Parts nest: a
  part whose inner parts were all dropped (and has no placeholder of its own) is dropped too, and
  the first inner part kept loses its leading ", " / "; " — "[ ([{a} kế hoạch][, {b} công văn])]";
- ``one_of: [sentence, sentence, …]`` (an item) — the first alternative that has its data.

A figure with a ``note`` (a consolidated figure that not every reporting unit is in, "13/170 xã")
has "(theo số liệu của 13/170 xã)" said once at the end of the sentence that quotes it (its words,
and a section's lead, are the wording's ``coverage_notes``).

A sentence whose required placeholders have no data is **omitted**, never filled with zeros.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from cds.catalog.formatting import format_change, format_units_share, format_value
from cds.catalog.models import Indicator
from cds.catalog.targets import share_text
from cds.lib.errors import InputError, Location, reading_problem
from cds.lib.periods import Period
from cds.lib.text import vn_sort_key
from cds.lib.vn_dates import format_date
from cds.lib.vn_numbers import format_fraction, format_number
from cds.units.models import Unit
from cds.units.on_map import communes_on_map
from cds.values.models import DataValue, Status
from cds.values.validation import parts_contradict

from .data import Figure, ReportData, show_value
from .narrative import EMPTY_SECTION
from .windows import other_windows, window_words

WORDING_DIR = Path(__file__).parent / "wording"
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)(?:\|([a-z0-9_]+))?\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_KEPT, _DROPPED = "\x01", "\x02"  # marks of optional parts already resolved (nested parts)
# a placeholder followed by a word (or "/" of a fraction), past the marks of optional parts: the
# sentence names what the number counts
_NAMED = re.compile(r"[\x01\x02\[\]]*(?: +[^\W\d_]|/)")
FILTERS = {
    "",
    "children",
    "vs_target",
    "share",
    "parts",
    "fraction",
    "fraction2",
    "of_units",
    "checked",
    "contradicted",
    "parts_sum",
    "parts_partial",
    "num",
    "den",
    "target",
    "change",
    "yoy",
    "series",
    "or_none",
    "nonzero",
    "zero",
    "absent",
    "yes",
    "no",
    "on_map",
    "off_map",
    "map_count",
    "within_map",
    "over_map",
    "map_total",
    "not_over_map",
    "vs_first",
    "named",
}


class Missing(Exception):
    """A placeholder has no data: the sentence (or optional part) is left out."""


@dataclass
class Block:
    kind: str  # heading / paragraph
    text: str
    level: int = 0
    bullet: str = ""
    footnotes: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # the indicators the sentence states
    window: str = ""  # a report over several windows: the code of the window it states (multi.py)
    # complete coverage its sentence leaves to the section's lead (Renderer.once_per_section)
    full_notes: list[tuple[bool, str, bool, bool]] = field(default_factory=list)


# --- values as words ------------------------------------------------------------------------------


def compare(current: Figure, before: Figure, label: str) -> str:
    """ "tăng gấp 3,1 lần so với quý II/2023", "giảm 2,4 điểm phần trăm so với …", "tăng 12,5% …"."""
    return format_change(current.definition, current.value, before.value, label)


# --- rendering ------------------------------------------------------------------------------------


class Renderer:
    def __init__(
        self, data: ReportData | None, context: dict[str, str], wording: dict[str, Any] | None = None
    ) -> None:
        """``data`` None: a template of context words only (the DTI report's lines). ``wording``:
        the report's wording file, for its ``coverage_notes`` (default the bundled one's)."""
        self.data = data
        self.context = context
        # a count of communes → the yes/no indicator each commune answers (``named`` filter)
        self.named_below: dict[str, str] = (wording or load_wording()).get("named_below") or {}
        self.notes = coverage_forms(wording)  # "(theo số liệu đã duyệt của 13/14 xã)", the section leads
        # (is a rate, "13/170 xã", all approved) of the sentence's figures
        self._notes: list[tuple[bool, str, bool, bool]] = []
        self.stated: list[str] = []  # codes stated since the last item (Block.codes)
        self._retired: dict[str, bool] = {}  # code → defined by another catalog version (one query each)
        self._named = False  # the placeholder being filled is followed by the word it counts
        # complete coverage ("14/14 xã", all approved) said once in each section's lead, not after
        # every sentence; partial coverage stays with its figure (``section``)
        self.once_per_section = False
        self._depth = 0
        self._said: tuple[str, list[tuple[bool, str, bool, bool]]] = ("", [])  # the last text, bare

    @property
    def report(self) -> ReportData:
        """``data``, for what only a report with figures writes (sections, a window's lines)."""
        if self.data is None:
            raise ValueError("a section is written from a report's figures")
        return self.data

    def _value(self, name: str, flt: str) -> str:
        if "." not in name:
            if name not in self.context or self.context[name] == "":
                raise Missing(name)
            return self.context[name]
        if self.data is None:
            raise Missing(name)
        if name not in self.data.catalog:
            if name not in self._retired:
                self._retired[name] = _in_another_version(name)
            if self._retired[name]:
                raise Missing(name)  # retired in the catalog in force (e.g. district teams after 7/2025)
            raise InputError(
                f"Mẫu lời văn dùng mã chỉ tiêu không có trong danh mục: {name}",
                f"The wording template uses an indicator code missing from the catalog: {name}",
            )
        if flt not in FILTERS:
            raise InputError(
                f"Bộ lọc không hợp lệ trong mẫu lời văn: |{flt}", f"Unknown template filter: |{flt}"
            )
        fig = self.data.get(name)
        if flt == "absent":  # the sentence is said only without this figure (another one says it)
            if fig is not None:
                raise Missing(name)
            return ""
        if flt == "not_over_map":  # nothing; the sentence needs this count not above the map's communes
            if fig is not None and fig.value is not None:
                on_map = _communes_on_map(self.data)
                if on_map is not None and fig.value > on_map:
                    raise Missing(name)
            return ""
        if fig is None:
            raise Missing(name)
        if flt == "named":  # the communes a count is made of, by their own answers (wording named_below)
            names = _named_below(self.data, self.named_below.get(name), fig)
            if not names:
                raise Missing(name)
            return names
        self.data.used.add(name)
        if fig.note and flt not in ("yes", "no"):
            approved = fig.coverage is not None and fig.coverage.all_approved
            self._notes.append((fig.definition.kind == "rate", fig.note, approved, fig.records))
        self.stated.append(name)
        p = self.data.period
        # a count prints its catalog unit ("157 thuê bao") unless the sentence names it ("{x} người")
        unit = {"with_unit": not (self._named and fig.definition.kind == "count")}
        if flt == "":
            return show_value(fig, **unit)
        if flt == "or_none":  # a zero count as officials write it: "không có"
            return show_value(fig, zero_as_none=True, **unit)
        if flt == "nonzero":  # a part of a breakdown: "0 thông báo" is not said, the part is left out
            if fig.value == 0:
                raise Missing(name)
            return show_value(fig, **unit)
        if flt == "zero":  # the sentence is said only for an exact zero ("không phát sinh kinh phí …")
            if fig.value != 0 or fig.qualifier:
                raise Missing(name)
            return ""
        if flt == "yes" or flt == "no":
            if bool(fig.value) != (flt == "yes"):
                raise Missing(name)
            return ""
        if flt == "checked":  # a total its own parts contradict cannot be backed: not said
            if _contradicted(self.data, fig):
                raise Missing(name)
            return show_value(fig)
        if flt in ("contradicted", "parts_sum", "parts_partial"):
            # why a total is not said: «số liệu ghi tổng 3 lớp, các phần cộng lại 5 lớp» — only when
            # its parts contradict it (``checked`` left it out); parts_partial: some parts unknown
            known = _known_parts(self.data, fig)
            if not _contradicted(self.data, fig):
                raise Missing(name)
            if flt == "contradicted":
                return show_value(fig)
            if flt == "parts_partial":
                if len(known) == len(fig.definition.parts):
                    raise Missing(name)
                return ""
            return format_value(fig.definition, sum(known), with_unit=True)
        if flt == "of_units":  # «12/13 xã»: over the units that exist (catalog ``counts_units``)
            share = format_units_share(fig.definition, fig.numerator, fig.denominator, self.data.catalog)
            if not share:
                raise Missing(name)
            return share
        if flt in ("parts", "fraction", "fraction2", "num", "den"):
            if fig.numerator is None or fig.denominator is None:
                if flt == "parts":
                    return show_value(fig)
                raise Missing(name)
            if flt == "num":
                return format_number(fig.numerator)
            if flt == "den":
                return format_number(fig.denominator)
            width = 2 if flt == "fraction2" else None
            frac = format_fraction(fig.numerator, fig.denominator, width)
            if flt != "parts":
                return frac
            return f"{show_value(fig)} ({frac}{_parts_unit(self.data, fig)})"  # "94,44% (17/18 dịch vụ)"
        if (
            flt == "share"
        ):  # of a quota reached: "đạt 73,3% chỉ tiêu"; nothing for a rate, a ceiling, a yes/no
            target = self.data.targets.get(name)
            said = share_text(target, fig.value) if target is not None else ""
            if not said:
                raise Missing(name)
            return said
        if flt in ("target", "vs_target"):
            result = self.data.target(name)
            if result is None:
                raise Missing(name)
            if flt == "vs_target":  # without the value itself: "vượt chỉ tiêu 90%"
                return result.text_vi.split(", ", 1)[-1]
            return result.text_vi
        if flt == "change":
            before = self.data.previous.get(name)
            if before is None or name in self.data.windows:
                raise Missing(name)
            return compare(fig, before, p.previous().label_vi)
        if flt == "yoy":
            before = self.data.last_year.get(name)
            if before is None or p.same_period_last_year().code == p.previous().code:
                raise Missing(name)
            return compare(fig, before, f"cùng kỳ {p.same_period_last_year().label_vi}")
        if flt == "children":  # what the units below add up to, when it is not the unit's own figure
            if fig.children_value is None:
                raise Missing(name)
            return format_value(fig.definition, fig.children_value)
        if flt in ("on_map", "off_map", "map_count"):
            # a typed count of the communes of the area («23») beside the map's («21/22 đơn vị cấp
            # xã»): said as a fraction's whole only when the two agree, else the disagreement is said
            on_map = _communes_on_map(self.data)
            agree = on_map is not None and fig.value == on_map
            if flt == "on_map" and agree:
                return show_value(fig, with_unit=False)
            if flt == "off_map" and on_map is not None and not agree:
                return show_value(fig, with_unit=False)
            if flt == "map_count" and on_map is not None and not agree:
                return format_number(on_map)
            raise Missing(name)
        if flt in ("within_map", "over_map", "map_total"):
            # a count of one thing per commune (commune-level teams): more than the communes on the
            # map is no fact (issue 14: «23 Tổ … cấp xã» for 22 communes); a commune has no map here
            on_map = _communes_on_map(self.data)
            over = on_map is not None and fig.value is not None and fig.value > on_map
            if flt == "within_map" and not over:
                return show_value(fig, **unit)
            if flt == "over_map" and over:
                return show_value(fig, **unit)
            if flt == "map_total" and over and on_map is not None:
                return format_number(on_map)
            raise Missing(name)
        if flt == "vs_first":  # a quarter against the year's first, when that is not its previous
            points = self.data.series.get(name, [])
            if len(points) < 3 or points[-1][0].code != p.code or name in self.data.windows:
                raise Missing(name)
            return compare(fig, points[0][1], points[0][0].label_vi)
        if flt == "series":
            points = self.data.series.get(name, [])
            if len(points) < 2:
                raise Missing(name)
            return "; ".join(f"{sub.label_vi}: {show_value(f)}" for sub, f in points)
        raise Missing(name)  # pragma: no cover - FILTERS is exhaustive

    def _sub(self, text: str, after: str = "") -> str:
        """``after``: what follows ``text`` in the sentence (``text`` is an optional part's inside)."""

        def value(m: re.Match[str]) -> str:
            # "{steering.members} thành viên", "{a}/{b} xã": the sentence names what is counted, the
            # number is bare; "Số thuê bao băng rộng cố định: {infra.fixed_broadband_subscriptions}."
            # prints the catalog unit
            self._named = bool(_NAMED.match(text[m.end() :] + after))
            return self._value(m.group(1), m.group(2) or "")

        return _PLACEHOLDER.sub(value, text)

    def text(self, template: str) -> str | None:
        """The sentence, or None when a required placeholder has no data."""

        self._notes = []

        def optional(match: re.Match[str]) -> str:
            inner = match.group(1)
            if _DROPPED in inner and _KEPT not in inner and not _PLACEHOLDER.search(inner):
                return _DROPPED  # every part inside it was left out and it has nothing of its own
            # the first part kept inside a group drops its separator: "[[{a} kế hoạch][, {b} quyết định]]"
            inner = re.sub(rf"^((?:\s*{_DROPPED})*\s*){_KEPT}\s*[,;]\s*", rf"\1{_KEPT}", inner)
            mark = len(self._notes)
            try:
                return _KEPT + self._sub(inner, match.string[match.end() :])
            except Missing:
                del self._notes[mark:]
                return _DROPPED

        text = template
        while (resolved := _OPTIONAL.sub(optional, text)) != text:  # innermost parts first
            text = resolved
        text = text.replace(_KEPT, "").replace(_DROPPED, "")
        try:
            bare = _tidy(self._sub(text))
        except Missing:
            return None
        self._said = (bare, list(self._notes))
        return _with_notes(bare, self._notes, self.notes)

    def item(self, spec: Any) -> Block | None:
        self.stated = []
        if isinstance(spec, str):
            spec = {"text": spec}
        if "when" in spec and self.text(spec["when"]) is None:
            return None
        full: list[tuple[bool, str, bool, bool]] = []

        def said(template: str) -> str | None:
            text = self.text(template)
            if text is None or not (self.once_per_section and self._depth):
                return text
            bare, notes = self._said  # the sentence just rendered, and whose figures it says
            if notes and all(_complete(n) for n in notes):  # a partial one keeps every note with it
                full.extend(notes)
                return bare
            return text

        if "one_of" in spec:  # the first alternative that has its data ("else" of a sentence)
            text = next((t for t in (said(s) for s in spec["one_of"]) if t), None)
        elif "sentences" in spec:
            parts = [t for t in (said(s) for s in spec["sentences"]) if t]
            text = " ".join(parts) if parts else None
        else:
            text = said(spec["text"])
        if not text:
            return None
        codes = list(dict.fromkeys(self.stated))
        notes = [n for n in (said(f) for f in _as_list(spec.get("footnote"))) if n]
        return Block(
            "paragraph", text, bullet=spec.get("bullet", ""), footnotes=notes, codes=codes, full_notes=full
        )

    def section(
        self, spec: dict[str, Any], level: int, held: dict[Any, list[Block]] | None = None
    ) -> list[Block]:
        """A heading with its paragraphs and sub-sections; nothing at all when all are empty.
        ``held``: lines of figures not consolidated, by the ``id`` of the section that would have
        stated them (``parts.withheld_by_section``), said at the end of it (``with_held``)."""
        data = self.report
        before = set(data.used)
        self._depth += 1
        try:
            body = [b for b in (self.item(i) for i in spec.get("items", [])) if b]
            for child in spec.get("sections", []):
                body.extend(self.section(child, level + 1, held))
        finally:
            self._depth -= 1
        body = with_held(body, (held or {}).get(id(spec), []), spec.get("required", False))
        if not body:
            return []
        if self._depth == 0:  # the outermost section says its complete coverage once, first
            lead = coverage_lead([n for b in body for n in b.full_notes], self.notes)
            if lead:
                body.insert(0, Block("paragraph", lead))
        heading = self.text(spec["heading"]) or spec["heading"]
        windows = {data.windows[c] for c in data.used - before if c in data.windows}
        if windows and spec.get("window_note", True):
            w = max(windows, key=lambda p: p.end)
            heading += fill(self.notes["heading_updated"], label=w.label_vi.replace("đến ngày", "đến"))
        return [Block("heading", heading, level=level), *body]


def with_held(body: list[Block], held: list[Block], required: bool = False) -> list[Block]:
    """A section's blocks with the lines of its figures not consolidated at the end. A section
    with nothing else in it is not a heading over «chưa tổng hợp …»: it opens with the placeholder
    the unit writes over (``narrative.EMPTY_SECTION``: the check says the report is not ready to
    sign), the line after it says what the data could not. A ``required`` section (wording
    ``required: true``: the frame's «Công tác chỉ đạo, điều hành») the data say nothing in is
    the placeholder alone, never left out."""
    if not held:
        return body or ([Block("paragraph", EMPTY_SECTION)] if required else [])
    if not body:
        return [Block("paragraph", EMPTY_SECTION), *held]
    return body + held


def _communes_on_map(data: ReportData) -> int | None:
    """How many communes lie below the report's unit on the map of the period's first day
    (``cds.units.on_map``, as the roll-up and ``coverage.reporting_units`` count them); None for a
    unit with none (a commune) or without a unit."""
    if data.unit is None:
        return None
    return communes_on_map(data.unit, data.period.start).count() or None


def _named_below(data: ReportData, answer: str | None, fig: Figure) -> str:
    """The communes below the report's unit (on the period's map) that answered ``answer`` «có»
    for the report's window, «phường Nghĩa Chánh, xã Nghĩa Hà, …» in Vietnamese order — only when
    they are exactly as many as the count ``fig`` states ("" otherwise: a list of 4 beside «5/23»
    would contradict it)."""
    if answer is None or data.unit is None or fig.value is None:
        return ""
    rows = DataValue.objects.filter(
        unit__in=communes_on_map(data.unit, data.period.start),
        indicator__code=answer,
        period__in={data.data_window.code, data.period.code},
        number=1,
    )
    if not data.include_unapproved:
        rows = rows.filter(status=Status.APPROVED)
    units = {
        (u.short_name, f"{(u.unit_type or '').lower()} {u.short_name}".strip())
        for u in (r.unit for r in rows.select_related("unit"))
    }
    if len(units) != fig.value:
        return ""
    return ", ".join(full for short, full in sorted(units, key=lambda u: vn_sort_key(u[0])))


def _known_parts(data: ReportData, fig: Figure) -> list[Decimal]:
    """The values of a total's parts that the report holds."""
    parts = [data.figures.get(code) for code in fig.definition.parts]
    return [p.value for p in parts if p is not None and p.value is not None]


def _contradicted(data: ReportData, fig: Figure) -> bool:
    """The parts of a total that are known contradict it (validation's ``parts_contradict``)."""
    parts = [data.figures.get(code) for code in fig.definition.parts]
    return parts_contradict(fig.value, [p.value if p is not None else None for p in parts]) is not None


def disagreeing_total_note(
    data: ReportData, fig: Figure, wording: dict[str, Any] | None = None, label: str = ""
) -> str:
    """Why a total its own parts contradict is not backed (wording ``fixed.total_disagrees``):
    «Tổng kinh phí …: số liệu ghi tổng 0 triệu đồng, các khoản đã có cộng lại 48 triệu đồng …»;
    "" for a total they do not contradict; ``label`` names the window in a report of several. The
    stored figure is printed as stored, never corrected."""
    if not _contradicted(data, fig):
        return ""
    known = _known_parts(data, fig)
    return phrase(
        wording,
        "total_disagrees",
        indicator=f"{fig.definition.name_vi} ({label})" if label else fig.definition.name_vi,
        total=format_value(fig.definition, fig.value, with_unit=True),
        parts=phrase(wording, "parts_known" if len(known) < len(fig.definition.parts) else "parts_all"),
        parts_sum=format_value(fig.definition, sum(known), with_unit=True),
    )


def _parts_unit(data: ReportData, fig: Figure) -> str:
    """ " dịch vụ", " hồ sơ": what the numerator of a rate counts, to write after its parts."""
    numerator = data.catalog.get(fig.definition.numerator) if fig.definition.numerator else None
    unit = numerator.unit_vi if numerator is not None else ""
    return f" {unit}" if unit and unit != "%" and numerator is not None and numerator.kind == "count" else ""


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


COVERAGE_KEY = "coverage_notes"


def coverage_forms(wording: dict[str, Any] | None = None) -> dict[str, str]:
    """The wording's ``coverage_notes`` (whose figures a sentence adds up, the section leads), each
    form a province leaves out taken from the bundled file."""
    forms = dict(load_wording()[COVERAGE_KEY])
    forms.update((wording or {}).get(COVERAGE_KEY) or {})
    return forms


FIXED_KEY = "fixed"


def fixed_words(wording: dict[str, Any] | None = None) -> dict[str, str]:
    """The report's fixed phrases (wording ``fixed``: the window line, the consolidated report's
    headings, the charts' titles and captions, «Tổng cộng», «Đạt»/«Chưa đạt»), each one a province
    leaves out taken from the bundled file."""
    words = dict(load_wording()[FIXED_KEY])
    words.update((wording or {}).get(FIXED_KEY) or {})
    return words


def phrase(wording: dict[str, Any] | None, name: str, **words: str) -> str:
    """The fixed phrase ``name`` with its words ("{period}", "{start}" …); an unknown placeholder
    is refused in both languages."""
    return fill(fixed_words(wording)[name], key=f"{FIXED_KEY}.{name}", **words)


def fill(template: str, key: str = COVERAGE_KEY, **words: str) -> str:
    """A coverage form (or fixed phrase, ``key``) with its words ("{units}", "{records}",
    "{label}"); an unknown placeholder is the wording file's error, said in both languages."""

    def word(m: re.Match[str]) -> str:
        if m.group(1) not in words:
            raise InputError(
                f"Mẫu lời văn «{key}» dùng từ không có: {{{m.group(1)}}} (dùng được: "
                f"{', '.join('{' + w + '}' for w in words)})",
                f"The wording «{key}» uses an unknown word: {{{m.group(1)}}} (available: "
                f"{', '.join('{' + w + '}' for w in words)})",
            )
        return words[m.group(1)]

    return _PLACEHOLDER.sub(word, template)


def _complete(note: tuple[bool, str, bool, bool]) -> bool:
    """ "14/14 xã" with every unit approved (or from the dossier store): said once per section."""
    _, units, approved, records = note
    m = re.fullmatch(r"(\d+)/(\d+) \S+(?: \S+)?", units)
    return m is not None and m[1] == m[2] and (approved or records)


def coverage_lead(notes: list[tuple[bool, str, bool, bool]], forms: dict[str, str] | None = None) -> str:
    """ "Các số liệu tổng hợp trong mục này theo số liệu đã duyệt của 14/14 xã; số liệu về hồ sơ
    thủ tục hành chính theo hồ sơ trên Hệ thống …, có hồ sơ của 14/14 xã." — or "" (wording
    ``coverage_notes``: ``section_values``, ``section_records``)."""
    forms = forms or coverage_forms()
    values = list(dict.fromkeys(units for _, units, _, records in notes if not records))
    records = list(dict.fromkeys(units for _, units, _, records in notes if records))
    parts = []
    if values:
        parts.append(fill(forms["section_values"], units=", ".join(values)))
    if records:
        said = fill(forms["records"], units=", ".join(records))
        parts.append(fill(forms["section_records"], records=said))
    if not parts:
        return ""
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}."


def _with_notes(
    text: str, notes: list[tuple[bool, str, bool, bool]], forms: dict[str, str] | None = None
) -> str:
    """The sentence with whose figures it adds up and how many are approved, before the full stop:
    "… 25.000 hồ sơ (theo số liệu đã duyệt của 13/170 xã)."; in a draft "(theo số liệu của 14/14
    xã, 10 xã đã duyệt)" — a rate rebuilt from fewer units says so; a figure of the dossier store
    says whose dossiers are on record ("theo hồ sơ trên Hệ thống …, có hồ sơ của 14/14 xã").
    The words are the wording's ``coverage_notes``."""
    if not notes:
        return text
    forms = forms or coverage_forms()
    records = list(dict.fromkeys(units for _, units, _, from_records in notes if from_records))
    notes = [n for n in notes if not n[3]]
    counts = list(dict.fromkeys(units for is_rate, units, _, _ in notes if not is_rate))
    rates = list(dict.fromkeys(units for is_rate, units, _, _ in notes if is_rate))
    of = forms["approved"] if all(approved for _, _, approved, _ in notes) else forms["draft"]
    if not notes:
        said = ""
    elif not counts or not rates or counts == rates:
        said = fill(of, units=", ".join(counts or rates))
    else:
        said = f"{fill(of, units=', '.join(counts))}; {fill(forms['rates_apart'], units=', '.join(rates))}"
    if records:  # the dossier store's figures: whose dossiers are on record
        said = "; ".join(s for s in (said, fill(forms["records"], units=", ".join(records))) if s)
    body, stop = (text[:-1], ".") if text.endswith(".") else (text, "")
    if body.endswith(")"):  # "87,91% (1.724/1.961 dịch vụ) (theo …)": two asides in a row read as one
        return f"{body}, {said}{stop}"  # of the other; the note is the whole sentence's: "…), theo …"
    return f"{body} ({said}){stop}"


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,;.:)])(?=\s|$)", r"\1", text)
    text = re.sub(r"\(\s*[,;]?\s*", "(", text)  # "( 3 …", "(, 17 công văn" when the first part is left out
    return re.sub(r"\s{2,}", " ", text).strip()


@lru_cache(maxsize=8)
def _load_file(path: str, mtime: float) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            content = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        problem, line = reading_problem(exc)  # the file's name only: its directory is the server's
        raise InputError(
            f"Không đọc được tệp lời văn báo cáo: {problem}",
            f"Cannot read the report wording file: {problem}",
            Location(file=Path(path).name, row=line),
        ) from None
    if not isinstance(content, dict):
        raise InputError(
            "Tệp lời văn báo cáo phải là một bảng YAML",
            "The report wording file must be a YAML mapping",
            Location(file=Path(path).name),
        )
    return content


def load_wording(path: str | Path | None = None) -> dict[str, Any]:
    """The wording file (default: the bundled Vietnamese one), cached until it changes on disk."""
    file = Path(path) if path else WORDING_DIR / "vi.yaml"
    if not file.is_file():
        raise InputError(f"Không tìm thấy tệp lời văn: {file}", f"Wording file not found: {file}")
    return _load_file(str(file), file.stat().st_mtime)


def _in_another_version(code: str) -> bool:
    """A code some catalog version defines: one wording serves every version, so a sentence about
    an indicator retired in the version in force is left out; an unknown code is a template error."""

    return Indicator.objects.filter(code=code).exists()


def wording_codes(spec: Any) -> set[str]:
    """Every indicator code a wording tree mentions (to load just those)."""
    found: set[str] = set()
    if isinstance(spec, str):
        found.update(m.group(1) for m in _PLACEHOLDER.finditer(spec) if "." in m.group(1))
    elif isinstance(spec, dict):
        for v in spec.values():
            found |= wording_codes(v)
    elif isinstance(spec, list):
        for v in spec:
            found |= wording_codes(v)
    return found


def series_codes(spec: Any) -> set[str]:
    text = yaml.safe_dump(spec, allow_unicode=True)
    return {m.group(1) for m in _PLACEHOLDER.finditer(text) if m.group(2) == "series"}


def without_repeats(blocks: list[Block]) -> list[Block]:
    """The blocks with a paragraph that repeats the one right before it said once (two templates,
    or two sections' sentences, can come out the same)."""
    out: list[Block] = []
    for block in blocks:
        if out and block.kind == "paragraph" and out[-1].kind == "paragraph" and block.text == out[-1].text:
            continue
        out.append(block)
    return out


def period_words(period: Any, wording: dict[str, Any] | None = None, lang: str = "vi") -> dict[str, str]:
    """ "{period}", "{period_lead}" and "{in_period}" of a ``Period`` or ``PeriodSet`` in the
    wording's phrase forms (``period_words`` / ``period_words_en``): "năm 2024" / "Trong năm 2024" /
    "trong năm 2024"; a range "giai đoạn từ ngày 1/1/2023 đến ngày 30/6/2024" / "Từ ngày … đến
    ngày …" / "trong giai đoạn từ …" (never "Trong từ ngày …"); several windows "năm 2023 và 6
    tháng đầu năm 2024" (a set asked as a range keeps the range's words)."""

    key = "period_words" if lang == "vi" else "period_words_en"
    forms = (wording or {}).get(key) or load_wording()[key]
    span = period if getattr(period, "kind", "") == "range" else getattr(period, "span", None)
    if span is not None:
        return {
            name: form.format(start=format_date(span.start), end=format_date(span.end))
            for name, form in forms["range"].items()
        }
    windows = getattr(period, "windows", None) or (period,)
    labels = [w.label_vi if lang == "vi" else w.label_en for w in windows]
    join = forms.get("join", {})
    label = labels[0]
    if len(labels) > 1:
        label = join.get("between", ", ").join(labels[:-1]) + join.get("last", " và ") + labels[-1]
    return {name: form.format(label=label) for name, form in forms["calendar"].items()}


def other_windows_line(
    template: str | None,
    scope: Unit,
    period: Period,
    window: Period,
    *,
    own: Unit | None = None,
    own_template: str | None = None,
    **words: str,
) -> str | None:
    """The sentence saying that every unit's figures come from ``window`` and naming the units
    whose own reports declared another window (their figures for that window are not read here);
    None when no unit did. ``template`` has ``{window}``, ``{count}`` and ``{units}``. When the
    only such unit is the report's own (``own``), ``own_template`` says it in the unit's voice
    (``{window}``, ``{own_window}`` and the caller's words), not as one unit among others."""
    others = other_windows(scope, period, window)
    if not template or not others:
        return None
    if own is not None and own_template and [u.pk for u, _ in others] == [own.pk]:
        declared = others[0][1]
        own_window = f"{format_date(declared.start)}–{format_date(declared.end)}"
        context = words | {"window": window_words(period, window), "own_window": own_window}
        return Renderer(None, context).text(own_template)
    named = [f"{u.name} ({format_date(w.start)}–{format_date(w.end)})" for u, w in others[:15]]
    units = ", ".join(named) + (f" và {len(others) - 15} đơn vị khác" if len(others) > 15 else "")
    context = words | {"window": window_words(period, window), "count": str(len(others)), "units": units}
    return Renderer(None, context).text(template)
