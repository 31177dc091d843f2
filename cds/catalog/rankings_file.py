"""The list of published rankings other than DTI (``data/rankings.yaml``), read and checked without
the database (the coverage measure reads it too); ``cds.catalog.rankings`` stores units' ranks in them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cds.lib.errors import InputError, Location
from cds.lib.text import fold_words

from .spec_indicators import _basis
from .spec_types import Citation
from .yaml_lines import Mapping, read_yaml

RANKINGS_FILE = Path(__file__).parent / "data" / "rankings.yaml"
LEVELS = ("province", "district", "commune")
_KEYS = ("code", "name_vi", "name_en", "publisher", "basis", "levels", "parts")
_REQUIRED = ("code", "name_vi", "name_en", "publisher", "basis", "levels")
DTI_REFUSED = (
    "thứ hạng DTI lưu ở kết quả DTI đã công bố (cds dti import-results), không ở bảng xếp hạng chung",
    "a DTI rank is stored as a published DTI result (cds dti import-results), not in the general rankings",
)


@dataclass(frozen=True)
class Part:
    code: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class Ranking:
    code: str
    name_vi: str
    name_en: str
    publisher: str
    basis: tuple[Citation, ...]
    basis_none: str
    levels: tuple[str, ...]
    parts: tuple[Part, ...] = ()

    def part(self, code: str) -> Part | None:
        return next((p for p in self.parts if p.code == code), None)


def read_rankings(path: Path | str = RANKINGS_FILE) -> dict[str, Ranking]:
    """Every ranking of the file, checked: a bad file raises one ``InputError`` naming the file,
    its line and the entry («code»), in Vietnamese and English."""
    path = Path(path)
    document, _ = read_yaml(path)
    if not isinstance(document, Mapping) or not isinstance(document.get("rankings"), list):
        raise InputError(
            "tệp bảng xếp hạng cần danh sách «rankings»",
            "a rankings file needs a «rankings» list",
            Location(file=path.name),
        )
    out: dict[str, Ranking] = {}
    for index, entry in enumerate(document["rankings"], start=1):
        ranking = _ranking(path.name, index, entry)
        if ranking.code in out:
            raise InputError(
                f"mã bảng xếp hạng «{ranking.code}» đã có ở một mục trước",
                f"the ranking code «{ranking.code}» repeats an earlier entry",
                Location(file=path.name, row=entry.line_of("code"), column="code", value=ranking.code),
            )
        out[ranking.code] = ranking
    return out


def _ranking(file: str, index: int, entry: Any) -> Ranking:
    if not isinstance(entry, Mapping):
        raise InputError(
            f"mục thứ {index} của «rankings» phải là một bảng khóa: giá trị",
            f"entry {index} of «rankings» must be a mapping of keys to values",
            Location(file=file),
        )
    code = entry.get("code")
    name = code if isinstance(code, str) and code else f"#{index}"

    def fail(key: str, vi: str, en: str) -> InputError:
        return InputError(
            f"bảng xếp hạng «{name}»: {vi}",
            f"ranking «{name}»: {en}",
            Location(file=file, row=entry.line_of(key) or entry.line_of("code"), column=key),
        )

    for key in entry:
        if key not in _KEYS:
            raise fail(key, f"trường «{key}» không dùng ở đây", f"unknown field «{key}»")
    for key in _REQUIRED:
        if key not in entry:
            raise fail(key, f"thiếu trường bắt buộc «{key}»", f"missing required field «{key}»")
    for key in ("code", "name_vi", "name_en", "publisher"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise fail(key, f"«{key}» phải là văn bản không rỗng", f"«{key}» must be non-empty text")
    code = entry["code"].strip()
    if fold_words(code) == "dti":
        raise fail("code", *DTI_REFUSED)
    levels = entry["levels"]
    if not isinstance(levels, list) or not levels or any(level not in LEVELS for level in levels):
        raise fail(
            "levels",
            f"«levels» là danh sách cấp trong {', '.join(LEVELS)}",
            f"«levels» is a list of levels among {', '.join(LEVELS)}",
        )
    basis, basis_none = _basis(dict(entry), True, fail)
    parts = []
    for raw in entry.get("parts") or []:
        if (
            not isinstance(raw, dict)
            or set(raw) != {"code", "name_vi", "name_en"}
            or not all(isinstance(v, str) and v.strip() for v in raw.values())
        ):
            raise fail(
                "parts",
                "mỗi phần là {code, name_vi, name_en} (văn bản)",
                "each part is {code, name_vi, name_en} (text)",
            )
        parts.append(Part(raw["code"], raw["name_vi"], raw["name_en"]))
    return Ranking(code, entry["name_vi"], entry["name_en"], entry["publisher"], basis, basis_none,
                   tuple(levels), tuple(parts))  # fmt: skip


@cache
def rankings() -> dict[str, Ranking]:
    """The shipped list (read once per process)."""
    return read_rankings()


def ranking_name(code: str, part: str = "", lang: str = "vi") -> str:
    """How every page, the admin and the change records name a ranking (and its part): its name in
    ``lang`` («Tên bảng — Tên phần»), its code only if the shipped file no longer lists it."""
    found = rankings().get(code)
    if found is None:
        return f"{code} — {part}" if part else code
    found_part = found.part(part) if part else None
    name = found.name_vi if lang == "vi" else found.name_en
    if found_part is None:
        return name
    return f"{name} — {found_part.name_vi if lang == 'vi' else found_part.name_en}"
