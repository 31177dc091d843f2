"""Column mappings: how one source system's export headers and wordings map to our columns.

A mapping is data (YAML), not code, because every province's one-stop-shop system names its
columns and values a little differently. ``load_mapping`` validates a file and returns a frozen
``Mapping``; the default one ships in ``data/mapping-default.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from cds.lib.errors import InputError, Location, reading_problem
from cds.lib.text import fold, nfc

DEFAULT_MAPPING = Path(__file__).parent / "data" / "mapping-default.yaml"

# libyaml's parser where PyYAML was built with it (the same document ten times faster: every import
# reads its mapping); the safe loader's constructors either way, so only plain data.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_mapping_text(text: str) -> object:
    """A mapping file's YAML document, as ``yaml.safe_load`` reads it."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader: no arbitrary objects


# Our canonical columns, in the order they are stored.
COLUMNS = (
    "dossier_code",
    "procedure_code",
    "procedure_name",
    "field",
    "unit",
    "received_at",
    "due_at",
    "finished_at",
    "supplement_days",
    "channel",
    "service_level",
    "fee_required",
    "paid_online",
    "dossier_digitised",
    "result_digitised",
    "status",
    "rating",
    "authority",  # thẩm quyền giải quyết: cấp tỉnh / huyện / xã (optional; appended: bit positions are stored)
)
DATE_COLUMNS = ("received_at", "due_at", "finished_at")
BOOLEAN_COLUMNS = ("fee_required", "paid_online", "dossier_digitised", "result_digitised")
# Columns whose text is looked up in the mapping's ``values`` section (boolean columns share one).
CODED_COLUMNS = {
    "channel": "channel",
    "service_level": "service_level",
    "status": "status",
    "rating": "rating",
    "authority": "authority",
    **{c: "boolean" for c in BOOLEAN_COLUMNS},
}
ALWAYS_REQUIRED = ("dossier_code", "procedure_code", "unit", "received_at", "channel")
CODES = {
    "channel": {"online", "direct", "postal"},
    "service_level": {"full", "partial", "none"},
    "boolean": {"true", "false"},
    "status": {"resolved", "in_progress", "cancelled"},
    "rating": {"satisfied", "neutral", "unsatisfied", "none"},
    "authority": {"province", "district", "commune"},
}
# Which columns a file provided, stored per dossier as a bit mask (bit i = COLUMNS[i]): a KPI that
# needs a column the dossier's file did not have is unknown for that dossier, never 0 or "no".
FIELD_BIT = {column: 1 << i for i, column in enumerate(COLUMNS)}


def fields_mask(columns: frozenset[str] | set[str]) -> int:
    return sum(FIELD_BIT[c] for c in columns if c in FIELD_BIT)


# How a column is named to users when it is missing (the default export's header; English name).
FIELD_LABELS = {
    "procedure_name": ("Tên thủ tục", "procedure name"),
    "field": ("Lĩnh vực", "field"),
    "due_at": ("Ngày hẹn trả", "due date"),
    "finished_at": ("Ngày hoàn thành", "finish date"),
    "supplement_days": ("Số ngày bổ sung", "supplement days"),
    "service_level": ("Mức độ DVC", "service level"),
    "fee_required": ("Có phí, lệ phí", "fee required"),
    "paid_online": ("Thanh toán trực tuyến", "paid online"),
    "dossier_digitised": ("Số hóa hồ sơ", "dossier digitised"),
    "result_digitised": ("Số hóa kết quả", "result digitised"),
    "status": ("Trạng thái", "status"),
    "rating": ("Đánh giá", "rating"),
    "authority": ("Thẩm quyền", "authority level"),
}


@dataclass(frozen=True)
class Mapping:
    name: str
    aliases: dict[str, tuple[str, ...]]  # canonical column -> header texts
    required: tuple[str, ...]
    values: dict[str, dict[str, str]]  # value group -> folded text -> code

    def lookup_rows(self) -> list[tuple[str, str, str]]:
        """(group, folded text, code) rows, to join against in SQL."""
        return [(group, key, code) for group, table in self.values.items() for key, code in table.items()]


def _bad(path: str, vi: str, en: str, value: object = "") -> InputError:
    return InputError(f"Tệp ánh xạ cột: {vi}", f"Column mapping file: {en}", Location(file=path, value=value))


def load_mapping(path: str | Path | None = None) -> Mapping:
    """Read and check a mapping file; every mistake is an ``InputError`` naming the key."""
    path = Path(path) if path else DEFAULT_MAPPING
    name = path.name
    try:
        data = parse_mapping_text(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        reason, _line = reading_problem(error)
        raise _bad(name, f"không mở được tệp ({reason}).", f"cannot open the file ({reason}).") from None
    except yaml.YAMLError as error:
        problem, line = reading_problem(error)
        at_vi, at_en = (f" ở dòng {line}", f" at line {line}") if line else ("", "")
        raise _bad(
            name, f"không phải YAML hợp lệ{at_vi} ({problem}).", f"not valid YAML{at_en} ({problem})."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise _bad(name, "thiếu mục «columns».", "the 'columns' section is missing.")
    unknown = set(data["columns"]) - set(COLUMNS)
    if unknown:
        raise _bad(
            name,
            f"cột không có trong danh sách: {', '.join(sorted(unknown))}.",
            f"unknown columns: {', '.join(sorted(unknown))}.",
            ", ".join(sorted(unknown)),
        )
    aliases = {col: tuple(nfc(str(a)) for a in (data["columns"].get(col) or ())) for col in COLUMNS}
    required = tuple(dict.fromkeys([*ALWAYS_REQUIRED, *(data.get("required") or ())]))
    for col in required:
        if col not in COLUMNS:
            raise _bad(name, f"cột bắt buộc lạ «{col}».", f"unknown required column '{col}'.", col)
    values: dict[str, dict[str, str]] = {}
    for group, codes in CODES.items():
        table = (data.get("values") or {}).get(group) or {}
        values[group] = {}
        for code, texts in table.items():
            if str(code) not in codes:
                raise _bad(
                    name,
                    f"mã «{code}» không hợp lệ cho «{group}» (hợp lệ: {', '.join(sorted(codes))}).",
                    f"code '{code}' is not valid for '{group}' (valid: {', '.join(sorted(codes))}).",
                    code,
                )
            for text in texts or ():
                values[group][fold(str(text))] = str(code)
        for code in codes:  # the code itself is always accepted ("online", "full", "true" …)
            values[group].setdefault(fold(code), code)
    return Mapping(name=str(data.get("name") or name), aliases=aliases, required=required, values=values)
