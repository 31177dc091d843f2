"""Read the national unit lists from the installed packages into plain records.

Two PyPI packages, read from their own files at load time (nothing is downloaded):

- ``vietnamadminunits`` 1.0.4, ``data/dataset.db``: ``admin_units`` (34 provinces, 3,321 current
  communes with areas) and ``admin_units_legacy`` (63 provinces, 696 districts, 10,035 communes;
  its five island districts have no communes and appear as rows with an empty ward);
- ``vietnam_provinces``: the General Statistics Office list of the 34 provinces and their
  communes. Its commune codes are the official ones; ``vietnamadminunits`` disagrees on 123 of
  them (codes shifted or swapped between neighbours), so current codes are taken from the GSO
  list after matching by province and name, and every correction is reported.

Names are trusted over the ``wardType`` column, which contradicts the name in a few rows
("Thị trấn Ngọc Lặc" typed "Xã"). Every such decision is returned as an ``Issue``.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cds.lib.text import fold, nfc
from cds.units.models import Era, Level
from cds.units.names import accent_key, split_type


def _package_dir(name: str) -> Path:
    """An installed package's folder, found without importing it: importing ``vietnamadminunits``
    builds its address parsers (seconds), which every test run paid through ``cds.units.testing``
    although only the national-list loader reads these files."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


PACKAGE_DATA = _package_dir("vietnamadminunits") / "data"
GSO_NESTED_JSON = (
    _package_dir("vietnam_provinces") / "data" / "nested-divisions.json"
)  # its NESTED_DIVISIONS_JSON_PATH
DATASET_DB = PACKAGE_DATA / "dataset.db"
CONVERTER_JSON = PACKAGE_DATA / "converter_2025.json"

UnitKey = tuple[str, str, str]  # (era, level, code): how the loader finds a unit again
_GSO_PROVINCE_TYPES = {"tỉnh": "Tỉnh", "thành phố trung ương": "Thành phố"}


@dataclass(frozen=True)
class UnitRecord:
    era: str
    level: str
    code: str
    name: str
    short_name: str
    unit_type: str
    parent: UnitKey | None
    area_km2: Decimal | None = None
    valid_to: dt.date | None = None  # a unit that ceased before 1/7/2025 (``units.history``)
    valid_from: dt.date | None = None  # a legacy unit formed by an arrangement (``units.history``)

    @property
    def key(self) -> UnitKey:
        return (self.era, self.level, self.code)


@dataclass(frozen=True)
class Issue:
    """Something in the sources that needed a decision: kind is unmatched, corrected, dropped or gap."""

    kind: str
    detail: str


@dataclass
class SourceIndex:
    """How the converter's text keys and coordinates lead to unit records."""

    legacy_provinces: dict[str, UnitKey] = field(default_factory=dict)  # provinceKey →
    current_provinces: dict[str, UnitKey] = field(default_factory=dict)
    legacy_wards: dict[str, UnitKey] = field(default_factory=dict)  # "prov_dist_ward" (ward "" for islands) →
    current_wards: dict[tuple[str, str], UnitKey] = field(default_factory=dict)  # (provinceKey, wardKey) →
    ward_keys: dict[UnitKey, str] = field(default_factory=dict)  # legacy ward → its wardKey
    locations: dict[UnitKey, tuple[float, float]] = field(default_factory=dict)
    short_names: dict[UnitKey, str] = field(default_factory=dict)
    names: dict[UnitKey, str] = field(default_factory=dict)


@dataclass
class NationalList:
    units: list[UnitRecord]
    index: SourceIndex
    issues: list[Issue]


def read_converter() -> dict[str, Any]:
    with CONVERTER_JSON.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def read_national_list() -> NationalList:
    index, issues = SourceIndex(), list[Issue]()
    with closing(sqlite3.connect(f"file:{DATASET_DB}?mode=ro&immutable=1", uri=True)) as db:
        db.row_factory = sqlite3.Row
        legacy = list(_legacy_units(db.execute("SELECT * FROM admin_units_legacy"), index, issues))
        current = list(_current_units(db.execute("SELECT * FROM admin_units"), index, issues))
    for record in legacy + current:
        index.short_names[record.key] = record.short_name
        index.names[record.key] = record.name
    return NationalList(legacy + current, index, issues)


def _legacy_units(
    rows: Iterator[sqlite3.Row], index: SourceIndex, issues: list[Issue]
) -> Iterator[UnitRecord]:
    seen: set[UnitKey] = set()
    for row in rows:
        province = _record(
            Era.LEGACY, Level.PROVINCE, row["provinceCode"], row["province"], None, None, issues
        )
        district = _record(
            Era.LEGACY,
            Level.DISTRICT,
            row["districtCode"],
            row["district"],
            province.key,
            row["districtType"],
            issues,
        )
        index.legacy_provinces[row["provinceKey"]] = province.key
        for record in (province, district):
            if record.key not in seen:
                seen.add(record.key)
                yield record
        source_key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        if not row["wardCode"]:
            # Island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) have no communes;
            # the converter maps the district itself to the new special zone.
            index.legacy_wards[source_key] = district.key
            index.locations[district.key] = (row["districtLat"], row["districtLon"])
            continue
        commune = _record(
            Era.LEGACY, Level.COMMUNE, row["wardCode"], row["ward"], district.key, row["wardType"], issues
        )
        index.legacy_wards[source_key] = commune.key
        index.ward_keys[commune.key] = row["wardKey"]
        index.locations[commune.key] = (row["wardLat"], row["wardLon"])
        yield commune


def _current_units(
    rows: Iterator[sqlite3.Row], index: SourceIndex, issues: list[Issue]
) -> Iterator[UnitRecord]:
    gso_provinces, gso_wards = _gso_lists()
    seen: set[UnitKey] = set()
    used_codes: set[str] = set()
    for row in rows:
        province = _record(
            Era.CURRENT, Level.PROVINCE, row["provinceCode"], row["province"], None, None, issues
        )
        index.current_provinces[row["provinceKey"]] = province.key
        if province.key not in seen:
            seen.add(province.key)
            _check_gso_province(province, gso_provinces, issues)
            yield province
        code = _gso_ward_code(row, gso_wards, issues)
        if code in used_codes:
            issues.append(
                Issue("unmatched", f"{row['ward']} ({row['province']}): GSO code {code} taken twice")
            )
            code = str(row["wardCode"])
        used_codes.add(code)
        area = Decimal(str(row["wardAreaKm2"])).quantize(Decimal("0.01")) if row["wardAreaKm2"] else None
        if area is None:
            issues.append(Issue("gap", f"{row['ward']} ({row['province']}): no area in the source"))
        commune = _record(
            Era.CURRENT, Level.COMMUNE, code, row["ward"], province.key, row["wardType"], issues, area
        )
        index.current_wards[(row["provinceKey"], row["wardKey"])] = commune.key
        index.locations[commune.key] = (row["wardLat"], row["wardLon"])
        yield commune


def _record(
    era: str,
    level: str,
    code: str,
    name: str,
    parent: UnitKey | None,
    data_type: str | None,
    issues: list[Issue],
    area: Decimal | None = None,
) -> UnitRecord:
    """Build a record, taking the type from the official name and reporting a contradicting column."""
    full = nfc(name)
    unit_type, short = split_type(full)
    if unit_type is None:
        unit_type, short = nfc(data_type or ""), full
        issues.append(
            Issue("corrected", f"{full} [{code}]: name has no type word, type «{unit_type}» from data")
        )
    elif data_type and fold(data_type) != fold(unit_type):
        issues.append(
            Issue("corrected", f"{full} [{code}]: type «{unit_type}» from the name, data says «{data_type}»")
        )
    return UnitRecord(era, level, code, full, short, unit_type, parent, area)


def _gso_lists() -> tuple[dict[str, dict[str, Any]], dict[str, dict[tuple[str, str], list[str]]]]:
    """GSO provinces by code, and GSO commune codes by province code → (match kind, name key)."""
    with GSO_NESTED_JSON.open(encoding="utf-8") as handle:
        nested = json.load(handle)
    provinces: dict[str, dict[str, Any]] = {}
    wards: dict[str, dict[tuple[str, str], list[str]]] = defaultdict(lambda: defaultdict(list))
    for province in nested:
        province_code = f"{province['code']:02d}"
        provinces[province_code] = province
        for ward in province["wards"]:
            code = f"{ward['code']:05d}"
            wards[province_code][("exact", accent_key(ward["name"]))].append(code)
            wards[province_code][("folded", fold(ward["name"]))].append(code)
    return provinces, wards


def _check_gso_province(record: UnitRecord, gso: dict[str, dict[str, Any]], issues: list[Issue]) -> None:
    official = gso.get(record.code)
    if official is None:
        issues.append(Issue("unmatched", f"{record.name} [{record.code}]: province code not in the GSO list"))
        return
    if fold(official["name"]) not in (fold(record.name), fold(record.short_name)):
        issues.append(Issue("unmatched", f"{record.name} [{record.code}]: GSO names it «{official['name']}»"))
    if _GSO_PROVINCE_TYPES.get(official["division_type"]) != record.unit_type:
        issues.append(Issue("unmatched", f"{record.name}: GSO type is «{official['division_type']}»"))


def _gso_ward_code(
    row: sqlite3.Row, gso: dict[str, dict[tuple[str, str], list[str]]], issues: list[Issue]
) -> str:
    """The GSO code of a current commune, matched by province and name (accents first, then folded)."""
    by_name = gso.get(row["provinceCode"], {})
    codes = (
        by_name.get(("exact", accent_key(row["ward"]))) or by_name.get(("folded", fold(row["ward"]))) or []
    )
    if len(codes) != 1:
        issues.append(
            Issue("unmatched", f"{row['ward']} ({row['province']}): not found once in the GSO list")
        )
        return str(row["wardCode"])
    if codes[0] != row["wardCode"]:
        issues.append(
            Issue(
                "corrected",
                f"{row['ward']} ({row['province']}): code {codes[0]} (GSO), package has {row['wardCode']}",
            )
        )
    return codes[0]
