"""DTI frameworks from the tables provinces publish, and back: ``cds dti load-table`` / ``export-table``.

A province publishes its framework as a table: STT (roman numerals for the main indicators,
numbers for their components), the component, its maximum points, the scoring method in words,
the evidence, the data source and the verifier. ``read_framework_table`` turns such a table into
our framework document (the same one ``framework.py`` checks for YAML files) and a mapping report,
one line per row, saying which rule type the method's words were read as and why:

- «Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa» → ``proportional`` (``full_at`` from «đạt từ 80% trở
  lên: điểm tối đa», ``floor`` from «dưới 20%: 0 điểm», «mẫu số bằng 0: điểm tối đa»);
- «Từ 4 trở lên: 20 điểm; từ 3: 15 điểm; …» → ``steps``; «Có: 10 điểm; Không: 0 điểm» → ``yes_no``;
- «… trên 100 dân; đạt 20/100 dân trở lên: điểm tối đa» → ``per_population``;
- «0,004 điểm/lượt» → ``per_item``;
- anything else, or a recognised method with no catalog code in «Mã chỉ tiêu» → ``manual``
  (labelled choices kept: «Chủ tịch làm Trưởng ban: 30 điểm; Phó Chủ tịch: 15 điểm»).

What cannot be read (points that are not a number, a component outside any main indicator,
points that do not add up) is an ``InputError`` naming the file, sheet, row, column and value.
``framework_table_rows`` writes a framework back as such a table, so a loaded table can be
exported, edited in Excel and loaded again as a new version.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from cds.catalog.yaml_lines import parse_yaml
from cds.lib.errors import InputError, Location
from cds.lib.output import safe_cell_text
from cds.lib.tabular import Source, read_table, write_table
from cds.lib.text import nfc
from cds.lib.vn_numbers import format_number

from .framework import LEVELS, Framework, build_framework
from .rules import Rule

# Canonical column → the header texts provinces use for it (matching ignores case, accents, "(…)").
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "stt": ("STT", "TT", "Số TT", "Số thứ tự"),
    "code": ("Mã", "Mã chỉ số", "Mã tiêu chí", "Ký hiệu"),
    "pillar": ("Chỉ số chính", "Trụ cột", "Nhóm chỉ số", "Lĩnh vực"),
    "name": (
        "Chỉ số thành phần",
        "Tiêu chí",
        "Tên chỉ số",
        "Tên tiêu chí",
        "Chỉ số",
        "Nội dung",
        "Nội dung đánh giá",
        "Tiêu chí đánh giá",
    ),
    "name_en": ("Tên tiếng Anh", "English name"),
    "max_points": ("Điểm tối đa", "Điểm", "Thang điểm", "Điểm chuẩn", "Điểm tối đa (điểm)"),
    "method": (
        "Phương pháp đánh giá",
        "Cách tính điểm",
        "Phương pháp tính điểm",
        "Phương pháp chấm điểm",
        "Cách chấm điểm",
        "Hướng dẫn chấm điểm",
        "Phương pháp đánh giá, cách tính điểm",
    ),
    "indicator": ("Mã chỉ tiêu", "Chỉ tiêu dữ liệu", "Mã số liệu"),
    "evidence": ("Tài liệu kiểm chứng", "Minh chứng", "Tài liệu minh chứng"),
    "data_source": ("Nguồn dữ liệu", "Nguồn số liệu"),
    "verifier": ("Đơn vị thẩm định", "Cơ quan thẩm định", "Đơn vị đánh giá"),
}
REQUIRED = ("name", "max_points")
OPTIONAL = tuple(c for c in COLUMN_ALIASES if c not in REQUIRED)
HEADERS = {  # what the export writes, and how messages name a column
    "stt": "STT",
    "code": "Mã",
    "name": "Chỉ số thành phần",
    "name_en": "Tên tiếng Anh",
    "max_points": "Điểm tối đa",
    "method": "Phương pháp đánh giá",
    "indicator": "Mã chỉ tiêu",
    "evidence": "Tài liệu kiểm chứng",
    "data_source": "Nguồn dữ liệu",
    "verifier": "Đơn vị thẩm định",
    "pillar": "Chỉ số chính",
}
EXPORT_COLUMNS = [c for c in HEADERS if c != "pillar"]

_ROMAN = re.compile(r"^[IVXLC]+$")
_NUMBER = r"(\d+(?:[.,]\d+)*)"
_TOTAL_WORDS = ("tong cong", "tong diem", "tong so diem")


@dataclass
class MappingRow:
    """One line of the mapping report: what a table row became."""

    row: int
    kind: str  # pillar | item | total | heading
    code: str
    name: str
    max_points: str
    rule: str  # the rule type, for items
    method: str
    note_vi: str
    note_en: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TableFramework:
    framework: Framework
    yaml_text: str
    report: list[MappingRow]
    sheet: str | None
    file_name: str


def plain(text: str) -> str:
    """Lower case without accents (đ → d), spaces collapsed; symbols such as ≥ × % kept."""
    text = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"\s+", " ", text).strip()


def to_decimal(token: str) -> Decimal:
    """«10,5» → 10.5; «1.000» → 1000; «10.5» → 10.5 (the table's own numbers, already isolated)."""
    token = token.strip()
    if "," in token:
        token = token.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", token):
        token = token.replace(".", "")
    return Decimal(token)


def _number_text(value: Decimal) -> str:
    return format_number(value)


# --- the method's words → a rule ----------------------------------------------------------------


@dataclass
class MethodReading:
    rule: dict[str, Any]
    recognised: str  # the rule type the words describe (may differ from rule["type"] when no code)
    note_vi: str
    note_en: str


def _segments(text: str) -> list[str]:
    parts = re.split(r"[;\n]+|(?:^|\s)[-•+]\s", text)
    return [p.strip(" .,-•+\t") for p in parts if p and p.strip(" .,-•+\t")]


_POINTS_AT_END = re.compile(
    r"^(.*?)\s*(?::|=|→|->|được|đạt|thì)\s*" + _NUMBER + r"\s*điểm\s*$", re.IGNORECASE
)
_THRESHOLD = re.compile(r"^(?:≥|>=|>|tu|tren|dat|co|du)?\s*" + _NUMBER + r"(?:\s|%|$)")


def _labelled(segments: list[str]) -> list[tuple[str, Decimal]]:
    out = []
    for segment in segments:
        match = _POINTS_AT_END.match(nfc(segment))
        if not match:
            return []
        out.append((match.group(1).strip(" :"), to_decimal(match.group(2))))
    return out


def read_method(text: str, maximum: Decimal, codes: list[str]) -> MethodReading:
    """Map a scoring method written in words to one of our rule types (``manual`` when unclear)."""
    words = plain(text)
    body = re.sub(r"^(cham tay|bac theo gia tri)\s*:\s*", "", words)
    raw_body = re.sub(r"^(?:Chấm tay|Bậc theo giá trị)\s*:\s*", "", nfc(text).strip(), flags=re.IGNORECASE)
    if not words:
        return MethodReading(
            {"type": "manual"},
            "manual",
            "không ghi phương pháp: chấm tay, cấp trên thẩm định",
            "no method written: scored by hand, verified by the supervisor",
        )
    if words.startswith("cham tay"):
        choices = _labelled(_segments(raw_body))
        rule: dict[str, Any] = {"type": "manual"}
        if choices:
            rule["choices"] = [{"label": label, "points": _plain_number(pts)} for label, pts in choices]
        return MethodReading(rule, "manual", "ghi rõ chấm tay", "marked as scored by hand")
    population = re.search(r"(?:tren|/)\s*" + _NUMBER + r"\s*dan", words)
    if population:
        full = re.search(
            _NUMBER + r"\s*/\s*" + population.group(1) + r"\s*dan[^;]*?(?:diem toi da|du diem)", words
        )
        if full:
            rule = {"type": "per_population", "per": _plain_number(to_decimal(population.group(1)))}
            rule["full_at"] = _plain_number(to_decimal(full.group(1)))
            return _needs_codes(rule, codes, "per_population", 1, 2, "indicator", "population")
    each = re.search(_NUMBER + r"\s*diem\s*(?:/|cho moi|moi)\s*\w", words)
    if each and "ty le" not in words:
        rule = {"type": "per_item", "points_each": _plain_number(to_decimal(each.group(1)))}
        return _needs_codes(rule, codes, "per_item", 1, 1, "indicator")
    if re.search(r"ty le\s*[x×*]\s*(?:so )?diem toi da|diem\s*=\s*ty le|ty le\s*=", words):
        rule = {"type": "proportional"}
        for segment in _segments(words):
            full = re.search(
                r"(?:≥|>=|tu|tren|dat)\s*" + _NUMBER + r"\s*%.*(?:diem toi da|toi da|du diem)", segment
            )
            floor = re.search(
                r"(?:<|duoi)\s*" + _NUMBER + r"\s*%.*(?:\b0 diem|khong (?:duoc |co |tinh )?diem)", segment
            )
            if "mau so bang 0" in segment and ("toi da" in segment or "du diem" in segment):
                rule["zero_denominator"] = "full"
            elif floor:
                rule["floor"] = _plain_number(to_decimal(floor.group(1)))
            elif full:
                rule["full_at"] = _plain_number(to_decimal(full.group(1)))
        return _needs_codes(rule, codes, "proportional", 1, 2, "indicator", "denominator")
    segments = _segments(body)
    labelled = _labelled(_segments(raw_body))
    if labelled and len(labelled) == len(segments) and len(labelled) >= 2:
        labels = [plain(label) for label, _ in labelled]
        if sorted(labels) == ["co", "khong"]:
            yes = dict(zip(labels, (p for _, p in labelled), strict=True))
            if yes["co"] == maximum:
                rule = {"type": "yes_no"}
                if yes["khong"]:
                    rule["points_no"] = _plain_number(yes["khong"])
                reading = _needs_codes(rule, codes, "yes_no", 1, 1, "indicator")
                if reading.rule["type"] == "manual":
                    reading.rule["choices"] = [
                        {"label": lb, "points": _plain_number(p)} for lb, p in labelled
                    ]
                return reading
        steps = []
        for label, points in labelled:
            threshold = _THRESHOLD.match(plain(label))
            if threshold:
                steps.append([_plain_number(to_decimal(threshold.group(1))), _plain_number(points)])
            elif re.match(r"(khong|chua)\b", plain(label)) and points == 0:
                continue
            else:
                steps = []
                break
        if steps and codes:
            return _needs_codes({"type": "steps", "steps": steps}, codes, "steps", 1, 1, "indicator")
        listed = [{"label": label, "points": _plain_number(points)} for label, points in labelled]
        kind = "steps" if steps else "manual"
        reading = MethodReading(
            {"type": "manual", "choices": listed},
            kind,
            "các mức điểm có nhãn: chấm tay theo lựa chọn"
            + ("; là bậc thang — ghi «Mã chỉ tiêu» để chấm tự động" if steps else ""),
            "labelled point levels: scored by hand from choices"
            + ("; these are steps — give «Mã chỉ tiêu» to score from data" if steps else ""),
        )
        return reading
    return MethodReading(
        {"type": "manual"},
        "manual",
        "không nhận ra cách tính từ lời văn: chấm tay, cấp trên thẩm định",
        "the method's words were not recognised: scored by hand, verified by the supervisor",
    )


def _plain_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _needs_codes(
    rule: dict[str, Any], codes: list[str], kind: str, least: int, most: int, first: str, second: str = ""
) -> MethodReading:
    if not codes:
        return MethodReading(
            {"type": "manual"},
            kind,
            f"nhận ra quy tắc {kind} nhưng không có «Mã chỉ tiêu»: tạm chấm tay",
            f"recognised as {kind} but «Mã chỉ tiêu» is empty: scored by hand until a catalog code is given",
        )
    if not least <= len(codes) <= most:
        raise InputError(
            f"quy tắc {kind} đọc {'một' if most == 1 else 'một hoặc hai'} mã chỉ tiêu, không phải {len(codes)}",
            f"rule {kind} reads {'one' if most == 1 else 'one or two'} catalog codes, not {len(codes)}",
        )
    if len(codes) == 2:
        if kind == "proportional":
            rule["numerator"], rule["denominator"] = codes
        else:
            rule[first], rule[second] = codes
    else:
        rule[first] = codes[0]
    return MethodReading(rule, kind, f"chấm tự động theo quy tắc {kind}", f"scored from data by rule {kind}")


def describe_rule(rule: Rule, maximum: Decimal) -> tuple[str, str]:
    """The method in words and the «Mã chỉ tiêu» cell, written so that ``read_method`` reads them back."""
    if rule.type == "manual":
        choices = "; ".join(f"{label}: {_number_text(points)} điểm" for label, points in rule.choices)
        return ("Chấm tay: " + choices if choices else "Chấm tay"), ""
    if rule.type == "proportional":
        parts = ["Tỷ lệ = tử số/mẫu số", "Điểm = Tỷ lệ × Điểm tối đa"]
        if rule.full_at is not None and rule.full_at != 100:
            parts.append(f"đạt từ {_number_text(rule.full_at)}% trở lên: điểm tối đa")
        if rule.floor:
            parts.append(f"dưới {_number_text(rule.floor)}%: 0 điểm")
        if rule.zero_denominator == "full":
            parts.append("mẫu số bằng 0: điểm tối đa")
        codes = rule.indicator or f"{rule.numerator} / {rule.denominator}"
        return "; ".join(parts), codes
    if rule.type == "steps":
        steps = "; ".join(f"từ {_number_text(at)}: {_number_text(pts)} điểm" for at, pts in rule.steps)
        return "Bậc theo giá trị: " + steps, rule.indicator or ""
    if rule.type == "yes_no":
        return (
            f"Có: {_number_text(maximum)} điểm; Không: {_number_text(rule.points_no)} điểm",
            rule.indicator or "",
        )
    if rule.type == "per_population":
        per, full = _number_text(rule.per), _number_text(rule.full_at or Decimal(1))
        codes = rule.indicator or ""
        if rule.population != "pop.population":
            codes += f" / {rule.population}"
        return (
            f"Số lượng trên {per} dân; đạt {full}/{per} dân trở lên: điểm tối đa; thấp hơn: theo tỷ lệ",
            codes,
        )
    if rule.type == "per_item":
        return (
            f"{_number_text(rule.points_each)} điểm/đơn vị đếm được, không quá điểm tối đa",
            rule.indicator or "",
        )
    raise ValueError(rule.type)


# --- the table → a framework document ----------------------------------------------------------


class _Where:
    def __init__(self, file_name: str, sheet: str | None):
        self.file_name, self.sheet = file_name, sheet

    def error(self, row: int | None, column: str | None, value: Any, vi: str, en: str) -> InputError:
        if self.sheet:
            vi, en = f"trang «{self.sheet}»: {vi}", f"sheet «{self.sheet}»: {en}"
        return InputError(
            vi,
            en,
            Location(file=self.file_name, row=row, column=HEADERS.get(column or "", column), value=value),
        )


def _points(where: _Where, row: int, text: str) -> Decimal:
    cleaned = re.sub(r"\s*(điểm|đ)\.?\s*$", "", nfc(text).strip(), flags=re.IGNORECASE)
    try:
        if not re.fullmatch(r"\d+(?:[.,]\d+)*", cleaned):
            raise InvalidOperation
        value = to_decimal(cleaned)
    except InvalidOperation:
        raise where.error(
            row,
            "max_points",
            text,
            "điểm tối đa phải là một số, ví dụ «10», «10,5» hoặc «10 điểm»",
            "the maximum points must be a number, e.g. «10», «10,5» or «10 điểm»",
        ) from None
    return value


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", plain(text)).strip("_")[:40] or "chi_so"


@dataclass(frozen=True)
class TableRequest:
    """What a person says about a published framework table they load (``cds dti load-table``, the
    frameworks page): the framework's code, title, level, years and version, the sheet to read, the
    decision it comes from and whether it is a template. Read by ``read_framework_table`` and passed
    through by ``services.load_framework_table``."""

    code: str
    title: str
    level: str
    years: list[int]
    version: str
    sheet: str | None = None
    source: str = ""
    template: bool = False


def read_framework_table(source: Source, request: TableRequest, *, file_name: str) -> TableFramework:
    """Read a published framework table into a checked framework and a row-by-row mapping report."""
    code, title, level, years, version = (
        request.code,
        request.title,
        request.level,
        request.years,
        request.version,
    )
    sheet, source_text, template = request.sheet, request.source, request.template
    if level not in LEVELS:
        raise InputError(
            f"cấp phải là một trong {', '.join(LEVELS)}", f"level must be one of {', '.join(LEVELS)}"
        ).located(value=level)
    table = read_table(
        source,
        file_name=file_name,
        required=REQUIRED,
        optional=OPTIONAL,
        aliases=COLUMN_ALIASES,
        sheet=sheet,
        fill_merged=True,
    )
    where = _Where(file_name, table.sheet)
    report: list[MappingRow] = []
    pillars: list[dict[str, Any]] = []
    declared: dict[int, tuple[int, Decimal]] = {}  # pillar index → (row, points written on its row)
    seen_codes: dict[str, int] = {}
    total_row: tuple[int, Decimal] | None = None
    for number, values in table.rows:
        stt = values["stt"].strip().rstrip(".").upper()
        name = values["name"].strip()
        points_text = values["max_points"].strip()
        pillar_cell = values["pillar"].strip()
        label = plain(name or pillar_cell or stt)
        if (label.startswith(_TOTAL_WORDS) or label in ("tong", "cong")) and not re.fullmatch(r"[\d.]+", stt):
            if points_text:
                total_row = (number, _points(where, number, points_text))
            report.append(
                MappingRow(number, "total", "", name, points_text, "", "", "dòng tổng", "total row")
            )
            continue
        if _ROMAN.match(stt) or (pillar_cell and (not pillars or pillar_cell != pillars[-1]["name_vi"])):
            pillar_name = name if _ROMAN.match(stt) else pillar_cell
            pillar_code = values["code"].strip() if _ROMAN.match(stt) and values["code"].strip() else ""
            pillars.append(
                {
                    "code": pillar_code or _slug(pillar_name),
                    "name_vi": pillar_name,
                    "name_en": values["name_en"].strip() if _ROMAN.match(stt) else "",
                    "_stt": stt if _ROMAN.match(stt) else str(len(pillars) + 1),
                    "items": [],
                }
            )
            if _ROMAN.match(stt):
                if points_text:
                    declared[len(pillars) - 1] = (number, _points(where, number, points_text))
                report.append(
                    MappingRow(
                        number, "pillar", pillars[-1]["code"], pillar_name, points_text, "", "",
                        "chỉ số chính", "main indicator",
                    )
                )  # fmt: skip
                continue
        if not name:
            raise where.error(
                number, "name", values["stt"] or None,
                "dòng có điểm hoặc số thứ tự nhưng không có tên chỉ số",
                "the row has points or a number but no indicator name",
            )  # fmt: skip
        if not pillars:
            raise where.error(
                number, "stt", values["stt"] or name,
                "chỉ số thành phần đứng trước mọi chỉ số chính: hãy thêm dòng chỉ số chính (STT La Mã I, II, …) "
                "hoặc cột «Chỉ số chính»",
                "a component comes before any main indicator: add a main-indicator row (roman STT I, II, …) "
                "or a «Chỉ số chính» column",
            )  # fmt: skip
        if not points_text:
            raise where.error(
                number, "max_points", "",
                f"chỉ số «{name}» không có điểm tối đa",
                f"indicator «{name}» has no maximum points",
            )  # fmt: skip
        maximum = _points(where, number, points_text)
        if maximum <= 0:
            raise where.error(
                number, "max_points", points_text, "điểm tối đa phải lớn hơn 0", "the maximum must be above 0"
            )
        pillar = pillars[-1]
        item_code = values["code"].strip() or (
            f"{pillar['_stt']}.{stt}" if stt else f"{pillar['_stt']}.{len(pillar['items']) + 1}"
        )
        if item_code in seen_codes:
            raise where.error(
                number, "code", item_code,
                f"mã «{item_code}» đã dùng ở dòng {seen_codes[item_code]}",
                f"code «{item_code}» is already used on row {seen_codes[item_code]}",
            )  # fmt: skip
        seen_codes[item_code] = number
        codes = [c.strip() for c in values["indicator"].split("/") if c.strip()]
        try:
            reading = read_method(values["method"], maximum, codes)
        except InputError as error:
            raise where.error(number, "indicator", values["indicator"], error.vi, error.en) from None
        for choice in reading.rule.get("choices", []):
            if Decimal(str(choice["points"])) > maximum:
                raise where.error(
                    number, "method", values["method"],
                    f"mức «{choice['label']}» cho {_number_text(Decimal(str(choice['points'])))} điểm, vượt điểm tối đa "
                    f"{_number_text(maximum)}",
                    f"level «{choice['label']}» gives {choice['points']} points, above the maximum {maximum}",
                )  # fmt: skip
        item: dict[str, Any] = {"code": item_code, "name_vi": name, "max_points": _plain_number(maximum)}
        for key in ("name_en", "evidence", "data_source", "verifier"):
            if values[key].strip():
                item[key] = values[key].strip()
        item["rule"] = reading.rule
        item["_row"] = number
        pillar["items"].append(item)
        report.append(
            MappingRow(
                number, "item", item_code, name, points_text, reading.rule["type"], values["method"],
                reading.note_vi, reading.note_en,
            )
        )  # fmt: skip
    _drop_headings(pillars, report, where)
    for index, pillar in enumerate(pillars):
        if not pillar["items"]:
            raise where.error(
                declared.get(index, (None,))[0], "name", pillar["name_vi"],
                f"chỉ số chính «{pillar['name_vi']}» không có chỉ số thành phần nào",
                f"main indicator «{pillar['name_vi']}» has no components",
            )  # fmt: skip
        pillar["max_points"] = _plain_number(
            sum((Decimal(str(i["max_points"])) for i in pillar["items"]), Decimal(0))
        )
        if index in declared and declared[index][1] != Decimal(str(pillar["max_points"])):
            row, points = declared[index]
            raise where.error(
                row, "max_points", _number_text(points),
                f"chỉ số chính «{pillar['name_vi']}» ghi {_number_text(points)} điểm nhưng các chỉ số thành phần cộng lại "
                f"{_number_text(Decimal(str(pillar['max_points'])))} điểm",
                f"main indicator «{pillar['name_vi']}» says {points} points but its components add up to "
                f"{pillar['max_points']}",
            )  # fmt: skip
    if not pillars:
        raise where.error(None, None, None, "bảng không có chỉ số nào", "the table has no indicators")
    total = sum((Decimal(str(p["max_points"])) for p in pillars), Decimal(0))
    if total_row is not None and total_row[1] != total:
        raise where.error(
            total_row[0], "max_points", _number_text(total_row[1]),
            f"dòng tổng ghi {_number_text(total_row[1])} điểm nhưng các chỉ số cộng lại {_number_text(total)} điểm",
            f"the total row says {total_row[1]} points but the indicators add up to {total}",
        )  # fmt: skip
    for pillar in pillars:
        pillar.pop("_stt")
        if not pillar["name_en"]:
            pillar.pop("name_en")
        for item in pillar["items"]:
            item.pop("_row")
    document = {
        "code": code,
        "version": version,
        "title": title,
        "level": level,
        "years": sorted(years),
        "template": template,
        "source": source_text or f"Bảng {file_name}" + (f", trang «{table.sheet}»" if table.sheet else ""),
        "total": _plain_number(total),
        "pillars": pillars,
    }
    header = (
        f"# Nạp từ bảng {file_name} bằng «cds dti load-table»; sửa bảng rồi nạp lại với phiên bản mới.\n"
        f"# Loaded from the table {file_name} by «cds dti load-table».\n"
    )
    yaml_text = header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)
    parsed = parse_yaml(yaml_text)
    framework = build_framework(parsed, yaml_text.encode("utf-8"), Path(file_name).name)
    return TableFramework(framework, yaml_text, report, table.sheet, file_name)


def _drop_headings(pillars: list[dict[str, Any]], report: list[MappingRow], where: _Where) -> None:
    """A component numbered 1 followed by 1.1, 1.2 … is a heading: its children are scored, not it."""
    for pillar in pillars:
        items = pillar["items"]
        keep = []
        for item in items:
            prefix = item["code"] + "."
            children = [c for c in items if c["code"].startswith(prefix)]
            if not children:
                keep.append(item)
                continue
            added = sum((Decimal(str(c["max_points"])) for c in children), Decimal(0))
            own = Decimal(str(item["max_points"]))
            if added != own:
                raise where.error(
                    item["_row"], "max_points", _number_text(own),
                    f"«{item['name_vi']}» ghi {_number_text(own)} điểm nhưng các ý con cộng lại "
                    f"{_number_text(added)} điểm",
                    f"«{item['name_vi']}» says {item['max_points']} points but its sub-items add up to {added}",
                )  # fmt: skip
            for line in report:
                if line.row == item["_row"]:
                    line.kind, line.rule = "heading", ""
                    line.note_vi, line.note_en = (
                        "nhóm: điểm là tổng các ý con",
                        "heading: its points are its sub-items'",
                    )
        pillar["items"] = keep


# --- a framework → the table -------------------------------------------------------------------

_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def framework_table_rows(framework: Framework) -> list[dict[str, Any]]:
    """The framework as a published table: a roman-numbered row per main indicator, then its items."""
    rows: list[dict[str, Any]] = []
    for index, pillar in enumerate(framework.pillars):
        rows.append(
            {
                "stt": _ROMANS[index] if index < len(_ROMANS) else str(index + 1),
                "code": pillar.code,
                "name": pillar.name_vi,
                "name_en": pillar.name_en,
                "max_points": _plain_number(pillar.max_points),
                "method": "",
                "indicator": "",
                "evidence": "",
                "data_source": "",
                "verifier": "",
            }
        )
        for number, item in enumerate(pillar.items, start=1):
            method, codes = describe_rule(item.rule, item.max_points)
            rows.append(
                {
                    "stt": str(number),
                    "code": item.code,
                    "name": item.name_vi,
                    "name_en": item.name_en,
                    "max_points": _plain_number(item.max_points),
                    "method": method,
                    "indicator": codes,
                    "evidence": item.evidence,
                    "data_source": item.data_source,
                    "verifier": item.verifier,
                }
            )
    return rows


def write_framework_table(framework: Framework, path: Path | str) -> None:
    """Write the framework as an .xlsx laid out as provinces publish it: a title, its source, then the table."""
    import openpyxl

    rows = [[row[c] for c in EXPORT_COLUMNS] for row in framework_table_rows(framework)]
    write_table(path, [HEADERS[c] for c in EXPORT_COLUMNS], rows, sheet_title=framework.code)
    if Path(path).suffix.lower() != ".xlsx":
        return
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet.insert_rows(1, 2)
    sheet["A1"] = safe_cell_text(framework.title)
    sheet["A2"] = safe_cell_text(f"Nguồn: {framework.source}" if framework.source else f"{framework.key}")
    sheet.freeze_panes = "A4"
    book.save(path)


# --- the official structure a table claims to follow -------------------------------------------

OFFICIAL_DIR = Path(__file__).parent / "data" / "official"


@dataclass
class StructureCheck:
    """How a framework compares with the verified part of an official structure."""

    official: str
    decision: str
    matched: list[str]  # official main indicators found among the framework's pillars
    missing: list[str]  # official main indicators not found
    extra: list[str]  # framework pillars that are none of the official ones
    components: int
    official_components: int | None
    unverified: list[str]  # what the official structure file does not verify (said, not checked)

    @property
    def conforms(self) -> bool:
        return (
            not self.missing
            and not self.extra
            and self.components == (self.official_components or self.components)
        )

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "conforms": self.conforms}


def official_structures() -> dict[str, Path]:
    return {path.stem: path for path in sorted(OFFICIAL_DIR.glob("*.yaml"))}


def check_official_structure(framework: Framework, name: str) -> StructureCheck:
    """Compare a framework (read from a table) with a shipped official structure, e.g. ``qd-405-2025-tinh``.

    Main indicators match by name without accents and without the words «chỉ số», «hoạt động»
    (tables write «Chỉ số Hoạt động chính quyền số» for «Chính quyền số»)."""
    known = official_structures()
    if name not in known:
        raise InputError(
            f"không có cấu trúc chính thức «{name}»; có: {', '.join(known) or 'chưa có'}",
            f"no official structure «{name}»; available: {', '.join(known) or 'none'}",
        )
    data = yaml.safe_load(known[name].read_text(encoding="utf-8"))

    def key(text: str) -> str:
        words = plain(text)
        for noise in ("chi so danh gia ve ", "chi so ", "hoat dong ", "truc cot "):
            words = words.replace(noise, "")
        return words.strip(" :.-")

    official = [m["name"] for m in data["main_indicators"]]
    pillars = {key(p.name_vi): p.name_vi for p in framework.pillars}
    matched = [n for n in official if key(n) in pillars]
    missing = [n for n in official if key(n) not in pillars]
    extra = [name_vi for k, name_vi in pillars.items() if k not in {key(n) for n in official}]
    unverified = ["thứ tự, mã và điểm của từng chỉ số chính / order, codes and points of each main indicator"]
    if data.get("total_points") is None:
        unverified.append("tổng điểm / the total points")
    unverified.append(
        "tên, điểm và cách tính của từng chỉ số thành phần / each component's name, points and method"
    )
    return StructureCheck(
        official=name,
        decision=data["decision"],
        matched=matched,
        missing=missing,
        extra=extra,
        components=len(framework.items()),
        official_components=data.get("components"),
        unverified=unverified,
    )
