"""A report checks itself: read a DOCX back and find the figures that contradict each other.

``check_docx(file)`` (``cds report check FILE.docx``) and ``check_built(built)`` (inside every
``build_report`` caller: CLI build, batch, web download) run the same checks on the text as
printed, so what is verified is what the official signs:

1. **Arithmetic.** Every "a/b = c%", "c% (a/b)", "a/b máy (c%)", "a/b …, (tỷ lệ|đạt) c%"
   (words without numbers between) is recomputed: c must equal a/b × 100 to the decimals c
   states (half a unit of its last digit). "đạt chỉ tiêu c%" is a target, not a rate, and a
   coverage phrase "theo số liệu của n/N xã" is not a rate either; neither is checked.
2. **Totals.** In every table, a row starting "Tổng cộng" equals the sum of the numbered rows
   above it, column by column, for the columns of plain numbers (a column with a rate or a
   fraction in it is not a sum and is left alone); a "k/n" total over a column of "Đạt" /
   "Chưa đạt" must count them.
3. **Rates against their parts.** In the indicator appendix (Phụ lục "Số liệu …"), a rate whose
   numerator and denominator indicators are listed beside it must be their quotient — this is
   what catches "58 hồ sơ, 39 trực tuyến, tỷ lệ 100%" from two data windows.
4. **Sources.** With a provenance appendix ("Nguồn gốc số liệu"), every indicator of the
   indicator appendix must be listed there with the same value. With ``expected`` (the values
   the data layer gives for the report's unit, period and window: ``cds report check --unit
   --period``, and always inside a build), every provenance value must equal it.
5. **Coverage.** When the units table says fewer units reported than exist ("Đầy đủ số liệu"
   total, or "n/N" in the Tổng cộng row of a consolidated report), every sentence with a number
   in the section of rolled-up results ("Kết quả triển khai chuyển đổi số …") must say whose
   figures it states: "theo số liệu của n/N …".

Not checked: numbers in the unit-written sections (thuận lợi, khó khăn, …), footnotes, and the
numbers of generated sentences other than the forms above (they come from the same figures as
the appendices, which are checked).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cds.lib.errors import InputError, Location, reading_problem
from cds.lib.periods import Period, parse_period
from cds.lib.text import nfc
from cds.lib.vn_dates import parse_date
from cds.lib.vn_numbers import format_percent, parse_number

from .coverage import reporting_units
from .data import show_value
from .layout import SIGNER_PLACEHOLDER, capitalised
from .narrative import EMPTY_SECTION
from .ooxml import read_custom_properties, set_custom_properties
from .properties import COVERAGE_PROPERTY, FIGURES_PROPERTY, FIXED_PROPERTY, checked_words, stated_windows
from .wording import coverage_forms

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FRAC = rf"(?<![\d/.,])(?P<a>{_NUM})/(?P<b>{_NUM})(?![\d/])"
_PCT = rf"(?P<c>{_NUM})\s?%"
_FILLER = r"[^\d%;.=()/]{0,80}?"
_FORMS = [
    re.compile(rf"{_FRAC}\s*=\s*{_PCT}"),  # 17/18 = 94,44%
    re.compile(
        rf"(?<![\d,.]){_PCT}\s*\(\s*{_FRAC}(?:\s+[^\d%;.=()/]{{1,30}}?)?\s*\)"
    ),  # 94,44% (17/18 dịch vụ)
    re.compile(rf"{_FRAC}{_FILLER}\(\s*(?:tỷ lệ\s+|đạt\s+)?{_PCT}"),  # 08/09 máy (88,89%)
    re.compile(rf"{_FRAC}{_FILLER},?\s*(?:chiếm tỷ lệ|tỷ lệ|đạt)\s+{_PCT}"),  # 8/8 …, đạt 100%
]
_COVERAGE = re.compile(r"(?:số liệu|hồ sơ) (?:của|từ)\s*$")
# "(theo số liệu đã duyệt của 13/14 xã)"; a dossier-store figure: "(…, có hồ sơ của 14/14 xã)"
_SAYS_COVERAGE = re.compile(r"theo số liệu (?:đã duyệt )?của|có hồ sơ của")
# a section's lead saying the complete coverage of every aggregate in it (wording.coverage_lead)
_SECTION_LEAD = re.compile(
    r"^(?:Các số liệu tổng hợp trong mục này|Số liệu về hồ sơ thủ tục hành chính) theo "
)
# the wording's ``coverage_notes`` a report was built with, when not the bundled ones, are in the
# file's ``properties.COVERAGE_PROPERTY``: the two patterns above are then made of its words
# (``coverage_patterns``)


def coverage_patterns(forms: Mapping[str, str] | None) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a sentence says whose figures it states, a section's lead) for a report built with the
    wording's ``coverage_notes`` ``forms`` (a province's own words); the bundled patterns without."""
    if not forms:
        return _SAYS_COVERAGE, _SECTION_LEAD
    forms = coverage_forms({"coverage_notes": dict(forms)})

    def fixed(form: str) -> list[str]:  # the words of a form around its placeholders
        return [part.strip() for part in re.split(r"\{[a-z_]+\}", form) if part.strip()]

    says = [max(words, key=len) for k in ("approved", "draft", "records") if (words := fixed(forms[k]))]
    leads = []
    for key in ("section_values", "section_records"):
        form = forms[key].lstrip()
        first = fixed(form)
        if first and form.startswith(first[0]):  # a lead that starts with a placeholder is not found
            leads.append(re.escape(first[0][:1].upper() + first[0][1:]))
    return (
        re.compile("|".join(map(re.escape, says)) or r"(?!)"),
        re.compile(rf"^(?:{'|'.join(leads)})" if leads else r"(?!)"),
    )


_NUMBERED_HEADING = re.compile(r"^(?:[IVX]+\.|\d+\.|[a-zđ]\))\s")
_RESULTS_HEADING = re.compile(r"^[IVX]+\.\s+Kết quả triển khai chuyển đổi số")
# A sentence whose subject is the issuing body itself ("Trong năm 2024, UBND tỉnh đã ban hành 4 văn
# bản …") states that body's own acts: a figure of scope ``own``, which is never summed from the
# units below it, so it needs no "theo số liệu của …".
_OWN_ACTS = re.compile(
    r"^(?:-\s*)?(?:(?:Trong|Từ ngày) [^,]{1,60}, )?(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân) "
    r"(?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn|đặc khu)\b[^.;]{0,80}? đã "
)


@dataclass
class Problem:
    where: str  # "đoạn 23" / "bảng 3, dòng 5, cột 4" (vi) …
    where_en: str
    vi: str
    en: str

    def __str__(self) -> str:
        return f"{self.where}: {self.vi} / {self.where_en}: {self.en}"


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    rates: int = 0  # "a/b = c%" forms checked
    totals: int = 0  # total cells checked
    parts: int = 0  # rates checked against their parts in the appendix
    sources: int = 0  # appendix values traced to the provenance appendix or the data
    coverage: int = 0  # sentences checked for a coverage phrase
    # not contradictions: what keeps the report from being signed as it is (an empty section)
    warnings: list[Problem] = field(default_factory=list)
    # the front matter an office must still fill in (the signer's name): not a section, said apart
    unsigned: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"{self.rates} tỷ lệ, {self.totals} ô tổng, {self.parts} tỷ lệ/thành phần, "
            f"{self.sources} nguồn, {self.coverage} câu có phạm vi số liệu / {self.rates} rates, "
            f"{self.totals} total cells, {self.parts} rates vs parts, {self.sources} sources, "
            f"{self.coverage} coverage sentences"
        )

    def error(self, name: str = "", refused: bool = True) -> InputError:
        """All problems as one bilingual error: a build that was refused (nothing written), or
        ``refused=False`` a file checked by ``cds report check``."""
        lines_vi = [f"- {p.where}: {p.vi}" for p in self.problems]
        lines_en = [f"- {p.where_en}: {p.en}" for p in self.problems]
        n = len(self.problems)
        if refused:
            vi, en = (
                "Báo cáo tự mâu thuẫn, không ghi tệp",
                "The report contradicts itself and was not written",
            )
        else:
            vi, en = "Báo cáo có chỗ mâu thuẫn", "The report contradicts itself"
        return InputError(
            f"{vi} ({n} lỗi):\n" + "\n".join(lines_vi),
            f"{en} ({n} problems):\n" + "\n".join(lines_en),
            Location(file=name or None),
        )


class ReportCheckFailed(InputError):
    """A built report failed its own check: nothing was written."""


# --- reading --------------------------------------------------------------------------------------


@dataclass
class DocText:
    paragraphs: list[str]
    tables: list[list[list[str]]]
    figures: dict[str, str] = field(default_factory=dict)  # sentence key → "own" | "records" | "n/N" (verify)
    windows: list[str] = field(default_factory=list)  # a report over several windows: its columns' codes
    coverage_forms: dict[str, str] = field(default_factory=dict)  # COVERAGE_PROPERTY, if any
    # the fixed phrases it was built with (FIXED_PROPERTY; default the bundled wording's)
    fixed: dict[str, Any] = field(default_factory=lambda: dict(BUNDLED_WORDS))

    def is_total(self, label: str) -> bool:
        """A table's total row: «Tổng cộng», «Tổng cộng (theo số liệu của 13/14 xã)» (or the
        province's own label)."""
        return any(label.startswith(t) for t in self.fixed.get("total", BUNDLED_WORDS["total"]))

    def verdicts(self) -> tuple[str, str]:
        return self.fixed.get("met", "Đạt"), self.fixed.get("not_met", "Chưa đạt")

    def value_columns(self, header: list[str]) -> list[int | None]:
        """The indicator appendix's value columns: one per window (multi.py), found by the
        window's label in the header (None: no value printed, the column was left out), else
        the report's period (column 3; column 4 is the previous period, not checked)."""
        if not self.windows:
            return [3]

        heads = [capitalised(h) for h in header]  # «Năm 2023» as data_table heads it, or «năm 2023»
        labels = [capitalised(parse_period(code).label_vi) for code in self.windows]
        return [heads.index(label) if label in heads else None for label in labels]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(p) -> str:
    """A paragraph's text as Word shows it (runs' text, tabs and breaks as python-docx reads them)."""
    out = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        out.append(el.text or "" if el.tag == f"{_W}t" else "\t" if el.tag == f"{_W}tab" else "\n")
    return "".join(out)


def read_docx(source: str | Path | bytes) -> DocText:
    """Body paragraphs and tables of a DOCX, read from its XML in one pass (python-docx's cell
    API costs seconds on the DTI appendix). A cell spanning n grid columns is repeated n times,
    as python-docx's ``row.cells`` does, so columns line up with the header."""
    import zipfile

    from lxml import etree

    where = Location(file=Path(source).name if not isinstance(source, bytes) else None)
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as z:
            root = etree.fromstring(z.read("word/document.xml"))
            properties = read_custom_properties(z)
    except OSError as err:
        reason, _line = reading_problem(err)
        raise InputError(
            f"Không đọc được tệp DOCX: {reason}.", f"Cannot read the DOCX file: {reason}.", where
        ) from None
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        raise InputError(
            "Không đọc được tệp DOCX: tệp không phải văn bản Word (.docx) hoặc đã bị hỏng.",
            "Cannot read the DOCX file: it is not a Word document (.docx) or it is damaged.",
            where,
        ) from None
    body = root.find(f"{_W}body")
    if body is None:
        raise InputError("Tệp DOCX không có nội dung", "The DOCX file has no body", where)
    paragraphs, tables = [], []
    for el in body:
        if el.tag == f"{_W}p":
            paragraphs.append(nfc(_text(el)))
        elif el.tag == f"{_W}tbl":
            rows = []
            for tr in el.iterfind(f"{_W}tr"):
                row = []
                for tc in tr.iterfind(f"{_W}tc"):
                    text = nfc("\n".join(_text(p) for p in tc.iterfind(f"{_W}p")).strip())
                    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
                    row.extend([text] * (int(span.get(f"{_W}val")) if span is not None else 1))
                rows.append(row)
            tables.append(rows)
    try:
        figures = json.loads(properties.get(FIGURES_PROPERTY, "{}"))
    except ValueError:
        figures = {}
    try:
        forms = json.loads(properties.get(COVERAGE_PROPERTY, "{}"))
    except ValueError:
        forms = {}
    forms = {k: v for k, v in forms.items() if isinstance(v, str)} if isinstance(forms, dict) else {}
    return DocText(
        paragraphs,
        tables,
        figures if isinstance(figures, dict) else {},
        stated_windows(properties),
        forms,
        _fixed_words(properties),
    )


# the words the check reads a report by when the file records none (the bundled wording's)
BUNDLED_WORDS: dict[str, Any] = checked_words(None)


def _fixed_words(properties: Mapping[str, str]) -> dict[str, Any]:
    """The report's own fixed phrases (``FIXED_PROPERTY``), each one missing or malformed taken
    from ``BUNDLED_WORDS``."""
    try:
        found = json.loads(properties.get(FIXED_PROPERTY, "{}"))
    except ValueError:
        found = {}
    words = dict(BUNDLED_WORDS)
    if isinstance(found, dict):
        for key in ("window_line", "met", "not_met"):
            if isinstance(found.get(key), str) and found[key]:
                words[key] = found[key]
        totals = found.get("total")
        if isinstance(totals, list) and all(isinstance(t, str) and t for t in totals) and totals:
            words["total"] = totals
    return words


# The builder's knowledge of each figure sentence is kept in the file (``FIGURES_PROPERTY``) by the
# sentence's key; a sentence edited in Word no longer matches its key and is judged by the heuristic.


def sentence_key(text: str) -> str:
    return hashlib.sha256(nfc(text).encode()).hexdigest()[:16]


def number(text: str) -> Decimal | None:
    """A cell or token as printed ("1.463", "27,8%", "hơn 2.000", "48.000.000", "12*") → value;
    None when it is not a plain number (text, "08/09", "Đạt", empty)."""
    text = text.strip().rstrip("*").strip()
    for word in ("khoảng", "trên", "hơn", "dưới"):
        text = text.removeprefix(word + " ")
    text = text.removesuffix("%").strip()
    if not re.fullmatch(_NUM, text):
        return None
    try:
        return Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def _decimals(text: str) -> int:
    return len(text.partition(",")[2])


def _close(expected: Decimal, stated: Decimal, decimals: int) -> bool:
    return abs(expected - stated) <= Decimal(5) * Decimal(10) ** (-decimals - 1) + Decimal("1e-9")


# --- the checks -----------------------------------------------------------------------------------


def check_arithmetic(paragraphs: Iterable[str], result: CheckResult) -> None:
    for i, text in enumerate(paragraphs, 1):
        seen: set[int] = set()
        for form in _FORMS:
            for m in form.finditer(text):
                if m.start("a") in seen:
                    continue
                if _COVERAGE.search(text[: m.start("a")]):
                    continue  # "theo số liệu của 13/170 xã": coverage, not a rate
                seen.add(m.start("a"))
                a, b, c = number(m["a"]), number(m["b"]), number(m["c"])
                if a is None or b is None or c is None:
                    continue
                result.rates += 1
                quoted = m.group(0)
                if b == 0:
                    result.problems.append(
                        Problem(
                            f"đoạn {i}",
                            f"paragraph {i}",
                            f"«{quoted}»: tỷ lệ trên mẫu số 0",
                            f"«{quoted}»: a rate over a zero denominator",
                        )
                    )
                    continue
                expected = a / b * 100
                if not _close(expected, c, _decimals(m["c"])):
                    shown = format_percent(expected).removesuffix("%")
                    result.problems.append(
                        Problem(
                            f"đoạn {i}",
                            f"paragraph {i}",
                            f"«{quoted}»: {m['a']}/{m['b']} = {shown}%, không phải {m['c']}%",
                            f"«{quoted}»: {m['a']}/{m['b']} is {shown}%, not {m['c']}%",
                        )
                    )


def _body_rows(rows: list[list[str]], end: int) -> list[list[str]]:
    """The numbered rows (Stt 1, 2, …) above row ``end`` of a table."""
    return [r for r in rows[1:end] if r and re.fullmatch(r"\d+", r[0].strip())]


def check_totals(tables: Iterable[list[list[str]]], result: CheckResult, doc: DocText | None = None) -> None:
    doc = doc or DocText([], [])
    for t, rows in enumerate(tables, 1):
        for r, row in enumerate(rows):
            if not row or not doc.is_total(row[0]):
                continue
            body = _body_rows(rows, r)
            if not body:
                continue
            header = rows[0]
            for col in range(1, len(row)):
                cell = row[col]
                if not cell or col >= len(header) or cell == row[0]:
                    continue  # empty, or the spanned label
                cells = [b[col] for b in body if col < len(b)]
                where = (
                    f"bảng {t}, dòng {r + 1}, cột «{header[col]}»",
                    f"table {t}, row {r + 1}, column «{header[col]}»",
                )
                _check_total_cell(cell, cells, where, result, doc.verdicts())


def _check_total_cell(
    cell: str,
    cells: list[str],
    where: tuple[str, str],
    result: CheckResult,
    words: tuple[str, str] = ("Đạt", "Chưa đạt"),
) -> None:
    verdicts = [c for c in cells if c in words]
    frac = re.fullmatch(r"(\d+)/(\d+)", cell)
    if frac and verdicts and all(c in (*words, "") for c in cells):
        result.totals += 1
        met, judged = int(frac[1]), int(frac[2])
        real = (verdicts.count(words[0]), len(verdicts))
        if (met, judged) != real:
            result.problems.append(
                Problem(
                    *where,
                    f"tổng «{cell}» nhưng các dòng có {real[0]}/{real[1]} đơn vị đạt",
                    f"total «{cell}» but the rows show {real[0]}/{real[1]} units meeting the target",
                )
            )
        return
    total = number(cell)
    if total is None or "%" in cell:
        return
    values = []
    for c in cells:
        if not c:
            continue
        if "%" in c or "/" in c:
            return  # rates and fractions are not summed
        v = number(c)
        if v is None:
            return  # a text column
        values.append(v)
    if not values:
        return
    result.totals += 1
    computed = sum(values, Decimal(0))
    if computed != total:
        shown = f"{computed:f}".rstrip("0").rstrip(".") if "." in f"{computed:f}" else f"{computed:f}"
        result.problems.append(
            Problem(
                *where,
                f"«Tổng cộng» ghi {cell} nhưng tổng các dòng là {shown.replace('.', ',')}",
                f"«Tổng cộng» says {cell} but its rows add up to {shown}",
            )
        )


def _appendix_tables(doc: DocText) -> tuple[list[list[str]] | None, list[list[str]] | None]:
    """(indicator appendix, provenance appendix) tables, recognised by their headers."""
    indicators = provenance = None
    for rows in doc.tables:
        if not rows or len(rows[0]) < 4:
            continue
        header = rows[0]
        if header[:3] == ["Stt", "Chỉ tiêu", "Đơn vị tính"]:
            indicators = rows
        elif header[:4] == ["Stt", "Chỉ tiêu", "Giá trị", "Kỳ số liệu"]:
            provenance = rows
    return indicators, provenance


def check_parts(doc: DocText, catalog, result: CheckResult) -> None:
    """A rate and its numerator and denominator listed in the indicator appendix must agree."""
    indicators, _ = _appendix_tables(doc)
    if indicators is None or catalog is None:
        return
    by_name = {d.name_vi: d for d in catalog.definitions()}
    for column in doc.value_columns(indicators[0]):  # a rate and its parts of one window: one column
        if column is None:
            continue
        shown: dict[str, str] = {}
        for row in indicators[1:]:
            d = by_name.get(row[1])
            if d is not None and column < len(row) and row[column]:
                shown[d.code] = row[column]
        _check_parts_of(shown, catalog, result)


def _check_parts_of(shown: dict[str, str], catalog, result: CheckResult) -> None:
    for code, text in shown.items():
        d = catalog[code]
        if d.kind != "rate" or d.numerator not in shown or d.denominator not in shown:
            continue
        rate, num, den = number(text), number(shown[d.numerator]), number(shown[d.denominator])
        if rate is None or num is None or den is None or den == 0:
            continue
        result.parts += 1
        expected = num / den * d.scale
        if not _close(expected, rate, _decimals(text.rstrip("%"))):
            value = format_percent(expected).removesuffix("%")
            result.problems.append(
                Problem(
                    f"phụ lục số liệu, «{d.name_vi}»",
                    f"indicator appendix, «{d.name_en or d.name_vi}»",
                    f"ghi {text} nhưng {shown[d.numerator]}/{shown[d.denominator]} "
                    f"({catalog[d.numerator].name_vi} / {catalog[d.denominator].name_vi}) = {value}%",
                    f"says {text} but {shown[d.numerator]}/{shown[d.denominator]} "
                    f"({d.numerator} / {d.denominator}) = {value}%",
                )
            )


def _same_amount(left: str, right: str) -> bool:
    """Two money texts that state the same number of đồng ("48 triệu đồng", "48.000.000 đồng")."""
    try:
        a, b = parse_number(left, "amount"), parse_number(right, "amount")
    except InputError:
        return False
    return bool(a.unit_text and b.unit_text) and a.value == b.value and a.qualifier == b.qualifier


def _same_with_unit(cell: str, unit: str, text: str) -> bool:
    """A table cell whose unit is in its "Đơn vị tính" column and a value written with it: "157"
    and "thuê bao" against "157 thuê bao"; money in any unit ("48" "triệu đồng" / "48.000.000 đồng")."""
    return text == f"{cell} {unit}".strip() or _same_amount(f"{cell} {unit}", text)


def check_sources(
    doc: DocText, expected: Mapping[str, str] | list[Mapping[str, str]] | None, result: CheckResult
) -> None:
    """Appendix values against the provenance appendix and, given ``expected`` (indicator name →
    value as the data layer shows it; one mapping per window for a report over several, each
    against its own column), provenance values against the data."""
    if isinstance(expected, list):
        indicators, _ = _appendix_tables(doc)
        header = indicators[0] if indicators else []
        for column, values in zip(doc.value_columns(header), expected, strict=False):
            if column is None:  # nothing printed for the window
                continue
            # each window's column alone, as the value column of a one-period report
            rows = [[*row[:3], row[column] if column < len(row) else ""] for row in indicators or []]
            alone = DocText(doc.paragraphs, [r for r in doc.tables if r is not indicators] + [rows])
            check_sources(alone, values, result)
        return
    indicators, provenance = _appendix_tables(doc)
    traced: dict[str, str] = {}
    if provenance is not None:
        traced = {row[1]: row[2] for row in provenance[1:] if len(row) > 2}
        for row in indicators[1:] if indicators else []:
            name, value, unit = row[1], row[3], row[2]
            if not value:
                continue
            if name in traced and _same_with_unit(value, unit, traced[name]):
                value = traced[name]  # the appendix leaves the unit to the "Đơn vị tính" column
            result.sources += 1
            if name not in traced:
                result.problems.append(
                    Problem(
                        f"phụ lục số liệu, «{name}»",
                        f"indicator appendix, «{name}»",
                        f"giá trị {value} không có trong phụ lục nguồn gốc số liệu",
                        f"value {value} is missing from the provenance appendix",
                    )
                )
            elif traced[name] != value:
                result.problems.append(
                    Problem(
                        f"phụ lục số liệu, «{name}»",
                        f"indicator appendix, «{name}»",
                        f"ghi {value} nhưng phụ lục nguồn gốc ghi {traced[name]}",
                        f"says {value} but the provenance appendix says {traced[name]}",
                    )
                )
    if expected is None:
        return
    printed = traced or {row[1]: row[3] for row in (indicators or [])[1:] if len(row) > 3 and row[3]}
    if not traced:  # the indicator appendix leaves the unit to the "Đơn vị tính" column
        units = {row[1]: row[2] for row in (indicators or [])[1:] if len(row) > 3}
        printed = {
            name: expected[name]
            if name in expected and _same_with_unit(value, units.get(name, ""), expected[name])
            else value
            for name, value in printed.items()
        }
    for name, value in printed.items():
        result.sources += 1
        if name not in expected:
            result.problems.append(
                Problem(
                    f"«{name}»",
                    f"«{name}»",
                    f"giá trị {value} không có trong dữ liệu của đơn vị và kỳ báo cáo",
                    f"value {value} is not in the data of the report's unit and period",
                )
            )
        elif expected[name] != value:
            result.problems.append(
                Problem(
                    f"«{name}»",
                    f"«{name}»",
                    f"báo cáo ghi {value}, dữ liệu hiện có là {expected[name]}",
                    f"the report says {value}, the data says {expected[name]}",
                )
            )


def _coverage_of(doc: DocText) -> tuple[int, int] | None:
    """(reported, units) from the units table's "Đầy đủ số liệu" total, if there is one."""
    for rows in doc.tables:
        header = rows[0] if rows else []
        if "Đầy đủ số liệu" not in header:
            continue
        col = header.index("Đầy đủ số liệu")
        total = next((r for r in rows if r and doc.is_total(r[0])), None)
        if total is not None and col < len(total):
            m = re.fullmatch(r"(\d+)/(\d+)", total[col])
            if m:
                return int(m[1]), int(m[2])
        body = _body_rows(rows, len(rows))
        reported = sum(1 for r in body if (m := re.match(r"(\d+)/", r[col])) and int(m[1]) > 0)
        return reported, len(body)
    return None


def check_coverage(doc: DocText, result: CheckResult) -> None:
    coverage = _coverage_of(doc)
    if coverage is None or coverage[0] >= coverage[1]:
        return
    says_coverage, section_lead = coverage_patterns(doc.coverage_forms)
    led, last = False, 0
    for i, text in _results_paragraphs(doc):
        if any(re.match(r"^\d+\.\s", doc.paragraphs[j - 1]) for j in range(last + 1, i)):
            led = False  # a new numbered section: its own lead, if any
        last = i
        if section_lead.match(text):  # "Các số liệu tổng hợp trong mục này theo số liệu … 14/14 xã."
            led = True
            continue
        if not re.search(r"\d", text):
            continue
        known = doc.figures.get(sentence_key(text))
        if known in ("own", "records") or _OWN_ACTS.match(text):
            continue  # a unit's own figure (documents it issued, a total it typed) or a register's
            # record (a document's number, its own team) is not a roll-up
        result.coverage += 1
        if not says_coverage.search(text) and not led:
            result.problems.append(
                Problem(
                    f"đoạn {i}",
                    f"paragraph {i}",
                    f"số liệu tổng hợp nhưng chỉ {coverage[0]}/{coverage[1]} đơn vị báo cáo và câu không "
                    f"nói «theo số liệu của …»: «{text[:90]}»",
                    f"a rolled-up figure from {coverage[0]}/{coverage[1]} reporting units stated without "
                    f"«theo số liệu của …»: «{text[:90]}»",
                )
            )


def _results_paragraphs(doc: DocText) -> list[tuple[int, str]]:
    """(number, text) of the paragraphs of the rolled-up results section."""
    out, inside = [], False
    for i, text in enumerate(doc.paragraphs, 1):
        if _RESULTS_HEADING.match(text):
            inside = True
            continue
        if inside and (re.match(r"^[IVX]+\.\s", text) or text.startswith("Trên đây là")):
            inside = False
        if inside and not _NUMBERED_HEADING.match(text):
            out.append((i, text))
    return out


def check_figure_coverage(
    doc: DocText, partial: Mapping[str, tuple[str, int, int]], result: CheckResult
) -> None:
    """``partial``: a generated sentence → (indicators, units with figures, units in scope) for
    sentences stating rolled-up figures that do not cover the scope. Each must say so."""
    printed = {text: i for i, text in enumerate(doc.paragraphs, 1)}
    says_coverage, _ = coverage_patterns(doc.coverage_forms)
    for sentence, (names, n, total) in partial.items():
        i = printed.get(sentence)
        if i is None:
            continue
        result.coverage += 1
        if not says_coverage.search(sentence):
            result.problems.append(
                Problem(
                    f"đoạn {i}",
                    f"paragraph {i}",
                    f"{names} là số liệu của {n}/{total} đơn vị nhưng câu không nói «theo số liệu của "
                    f"{n}/{total} …»: «{sentence[:90]}»",
                    f"{names} comes from {n}/{total} units but the sentence does not say "
                    f"«theo số liệu của {n}/{total} …»: «{sentence[:90]}»",
                )
            )


def check_placeholders(doc: DocText, result: CheckResult) -> None:
    """A unit-written section still holding its placeholder (``narrative.EMPTY_SECTION``): the
    report is not ready to sign. A warning, not a contradiction: the placeholder is printed in
    the file itself, so no one signs it unseen, and a draft may well be built before the text is
    written (see docs/reports.md)."""
    for i, text in enumerate(doc.paragraphs):
        if text != EMPTY_SECTION:
            continue
        section = next((p for p in reversed(doc.paragraphs[:i]) if p.strip()), "")
        result.warnings.append(
            Problem(
                f"đoạn {i + 1}",
                f"paragraph {i + 1}",
                f"phần «{section}» do đơn vị tự viết còn trống",
                f"the unit-written section «{section}» is still empty",
            )
        )


def check_signer(doc: DocText, result: CheckResult) -> None:
    """The signature block still holding ``narrative.SIGNER_PLACEHOLDER``: no signer's name was
    given or stored for the report's date — a warning, as an empty section is."""
    for t, table in enumerate(doc.tables, 1):
        if any(SIGNER_PLACEHOLDER in cell for row in table for cell in row):
            result.unsigned.append(
                Problem(
                    f"bảng {t}",
                    f"table {t}",
                    "chưa có họ và tên người ký (chưa nhập khi lập báo cáo, chưa lưu làm mặc định của đơn vị)",
                    "the signer's name is missing (neither given for the build nor stored as the unit's default)",
                )
            )
            return


def not_ready_to_sign(result: CheckResult) -> str:
    """The warnings (empty sections, then a missing signer's name) as one bilingual message
    ("" when there is none)."""
    lines = []
    if result.warnings:
        n = len(result.warnings)
        lines = [f"Báo cáo chưa sẵn sàng ký: {n} phần còn trống / not ready to sign: {n} sections empty"]
        lines += [f"- {w}" for w in result.warnings]
    if result.unsigned:
        lines = lines or ["Báo cáo chưa sẵn sàng ký / not ready to sign"]
        lines += [f"- {w}" for w in result.unsigned]
    return "\n".join(lines)


def check_doc(
    doc: DocText,
    catalog=None,
    expected: Mapping[str, str] | list[Mapping[str, str]] | None = None,
    partial: Mapping[str, tuple[str, int, int]] | None = None,
) -> CheckResult:
    result = CheckResult()
    check_arithmetic(doc.paragraphs, result)
    check_totals(doc.tables, result, doc)
    check_parts(doc, catalog, result)
    check_sources(doc, expected, result)
    check_placeholders(doc, result)
    check_signer(doc, result)
    if partial is None:
        # A file alone: every figure sentence of the results must name its coverage when the
        # units table says some units have no figures. Inside a build the data say which figures
        # are sums over fewer units (a unit's own typed total for its area is not one).
        check_coverage(doc, result)
    else:
        check_figure_coverage(doc, partial, result)
    return result


def check_docx(
    source: str | Path | bytes,
    catalog=None,
    expected: Mapping[str, str] | list[Mapping[str, str]] | None = None,
    partial: Mapping[str, tuple[str, int, int]] | None = None,
) -> CheckResult:
    return check_doc(read_docx(source), catalog, expected, partial)


def expected_values(data) -> dict[str, str]:
    """Indicator name → value as the report shows it, for every figure the data layer gives."""
    return {fig.definition.name_vi: show_value(fig) for fig in data.figures.values()}


def partial_sentences(built) -> dict[str, tuple[str, int, int]]:
    """Generated sentences of a district or province report stating a figure rolled up from fewer
    communes than the scope has: sentence as printed → (indicators, contributors, communes)."""
    first = built.data
    if first is None or first.unit.level not in ("province", "district"):
        return {}
    # the units the roll-up counts on the period's map (its note says "1/171 đơn vị": Lý Sơn reports
    # for itself; a commune that ceased before the period is not one of them, units.history)
    total = len(reporting_units(first.unit, first.period.start)[0])
    data = first

    def contributors(code: str) -> int | None:
        fig = data.figures.get(code)
        if fig is None:
            return None
        if fig.source == "children":
            return fig.contributors
        if fig.source == "recomputed":  # a rate: as covered as its least covered part
            d = fig.definition
            parts = [contributors(c) for c in (d.numerator, d.denominator) if c]
            known = [p for p in parts if p is not None]
            return min(known) if known else None
        return None  # the unit's own value

    out = {}
    for block in built.blocks:
        if block.kind != "paragraph" or not block.codes:
            continue
        data = _data_of(built, block)
        short = [(c, k) for c in block.codes if (k := contributors(c)) is not None and 0 < k < total]
        if short:
            n = min(k for _, k in short)
            names = ", ".join(f"«{data.figures[c].definition.name_vi}»" for c, _ in short)
            text = (f"{block.bullet} " if block.bullet else "") + block.text
            out[text] = (names, n, total)
    return out


def _data_of(built, block):
    """The data a generated sentence was said from: its window's in a report over several."""
    return (getattr(built, "window_data", None) or {}).get(getattr(block, "window", ""), built.data)


def own_sentences(built) -> list[str]:
    """Generated sentences of a district or province report whose figures are all the unit's own
    values (its own acts, or a total it typed for its area), as printed."""
    data = built.data
    if data is None or data.unit.level not in ("province", "district"):
        return []
    out = []
    for block in built.blocks:
        if block.kind != "paragraph" or not block.codes:
            continue
        figures = [_data_of(built, block).figures.get(c) for c in block.codes]
        if all(f is not None and f.source in ("own", "reported-rate") for f in figures):
            out.append((f"{block.bullet} " if block.bullet else "") + block.text)
    return out


def record_sentences(built) -> list[str]:
    """Generated sentences of a district or province report that state no figure of the data
    layer at all — the registers' records (a document's number and date, the unit's own team and
    its members) — as printed: their numbers are not roll-ups of the units below."""
    data = built.data
    if data is None or data.unit.level not in ("province", "district"):
        return []
    return [
        (f"{block.bullet} " if block.bullet else "") + block.text
        for block in built.blocks
        if block.kind == "paragraph" and not block.codes
    ]


def verify(built) -> CheckResult:
    """Read the finished document back and check it; raise ``ReportCheckFailed`` (nothing is
    written by the callers) when it contradicts itself or its data."""
    data = built.data
    partial = partial_sentences(built)
    figures = {sentence_key(text): f"{n}/{total}" for text, (_, n, total) in partial.items()}
    for text in own_sentences(built):
        figures.setdefault(sentence_key(text), "own")
    properties = dict(getattr(built, "properties", {}) or {})
    for text in record_sentences(built):
        figures.setdefault(sentence_key(text), "records")
    if figures:
        properties[FIGURES_PROPERTY] = json.dumps(figures, sort_keys=True)
    if properties:
        set_custom_properties(built.document.doc, properties)
    content = built.document.to_bytes()
    several = getattr(built, "window_data", None)
    expected: Mapping[str, str] | list[Mapping[str, str]] | None = None
    if several:  # one mapping per window, in the order of the appendix's columns
        expected = [expected_values(d) for d in several.values()]
    elif data is not None:
        expected = expected_values(data)
    result = check_docx(content, data.catalog if data is not None else None, expected, partial)
    built.check = result
    built.checked = content
    if not result.ok:
        err = result.error()
        raise ReportCheckFailed(err.vi, err.en, err.where)
    return result


def _window_line(form: str) -> re.Pattern[str]:
    """The window line's form ("Số liệu tính từ ngày {start} đến ngày {end}.") as a pattern."""
    parts = re.split(r"(\{start\}|\{end\})", form)
    if parts.count("{start}") != 1 or parts.count("{end}") != 1:
        return re.compile(r"(?!)")  # a form without both dates states no window the check can read
    pattern = "".join(
        (rf"(?P<{p[1:-1]}>\d{{1,2}}/\d{{1,2}}/\d{{4}})" if p in ("{start}", "{end}") else re.escape(p))
        for p in parts
    )
    return re.compile(f"^{pattern}$")


def stated_window(doc: DocText):
    """The data window a report states ("Số liệu tính từ ngày … đến ngày …", or the report's own
    ``fixed.window_line``), or None."""

    line = _window_line(doc.fixed.get("window_line", BUNDLED_WORDS["window_line"]))
    for text in doc.paragraphs:
        m = line.match(text)
        if m:
            return Period.between(parse_date(m["start"]), parse_date(m["end"]))
    return None


def is_draft(doc: DocText) -> bool:
    return any(text == "DỰ THẢO" for text in doc.paragraphs[:10])
