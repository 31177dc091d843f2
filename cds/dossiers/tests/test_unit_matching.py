"""Issue 15: the dossier import reads its receiving-unit column through the one matcher of imports
(``cds.units.search.resolve_names``): the table's level decides a name ambiguous between levels,
``--province`` scopes the names of both eras (a legacy commune's dossiers under today's province),
and a name still ambiguous lists its candidates."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.dossiers.importer import import_file
from cds.dossiers.store import DossierStore
from cds.dossiers.unitmatch import match_texts
from cds.units.models import Era, Level, Unit

from .helpers import dossier, write_export

pytestmark = pytest.mark.slow


def _province(name: str, era: str = Era.CURRENT) -> Unit:
    return Unit.objects.get(era=era, level=Level.PROVINCE, name=name)


@pytest.mark.parametrize(
    ("text", "former"), [("Phường Quyết Thắng", "Tỉnh Kon Tum"), ("Phường Trần Phú", "Tỉnh Quảng Ngãi")]
)
def test_a_former_commune_name_shared_nationally_is_found_in_the_provinces_merged_into_todays_one(
    units, text, former
) -> None:
    assert match_texts([text], Era.LEGACY, None)[text].unit is None  # several provinces have one
    found = match_texts([text], Era.LEGACY, _province("Tỉnh Quảng Ngãi"))[text]  # Kon Tum + Quảng Ngãi
    assert found.unit is not None and found.unit.era == Era.LEGACY
    assert found.unit.path.startswith(_province(former, Era.LEGACY).path)


def test_a_name_ambiguous_nationally_lists_its_candidates_and_how_to_qualify(units) -> None:
    text = "Xã Tân Lập"
    found = match_texts([text], Era.LEGACY, None)[text]
    assert found.unit is None
    assert len(found.candidates) >= 2 and all("(trước 1/7/2025)" in c for c in found.candidates)
    assert "dấu phẩy" in found.reason


def test_a_code_is_matched_exactly_on_its_map(units) -> None:
    commune = Unit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE).order_by("code").first()
    assert match_texts([commune.code], Era.CURRENT, None)[commune.code].unit == commune


# --- each row on the map of its own date (units.history): a ceased unit only before its end ---


def test_a_ceased_commune_matches_a_date_before_its_end_and_not_after(units) -> None:
    text = "Xã Trà Quân"  # Huyện Tây Trà, merged into Xã Sơn Trà on 1/2/2020 (NQ 867/NQ-UBTVQH14)
    before = match_texts([text], Era.LEGACY, None, as_of=dt.date(2019, 12, 31))[text]
    assert before.unit is not None and before.unit.valid_to == dt.date(2020, 2, 1)
    after = match_texts([text], Era.LEGACY, None, as_of=dt.date(2020, 2, 1))[text]
    assert after.unit is None
    assert "Xã Sơn Trà" in after.reason and "867/NQ-UBTVQH14" in after.reason
    assert "Sơn Trà" in after.reason_en and "merged" in after.reason_en


def test_a_former_name_matches_only_before_the_rename(units) -> None:
    text = "Thị trấn Đức Phổ"  # Phường Nguyễn Nghiêm since 1/2/2020
    before = match_texts([text], Era.LEGACY, None, as_of=dt.date(2019, 6, 1))[text]
    assert before.unit is not None and before.unit.name == "Phường Nguyễn Nghiêm"
    assert match_texts([text], Era.LEGACY, None, as_of=dt.date(2023, 6, 1))[text].unit is None


def test_an_import_matches_each_row_on_the_map_of_its_reception_day(units, tmp_path) -> None:
    rows = [
        dossier("HS1", "Xã Trà Quân", received_at="15/01/2020 08:00"),
        dossier("HS2", "Xã Trà Quân", received_at="03/02/2020 08:00"),
        dossier("HS3", "Xã Sơn Trà, Huyện Trà Bồng", received_at="03/02/2020 08:00"),
    ]
    report = import_file(
        write_export(tmp_path / "a.csv", rows), store=DossierStore(tmp_path / "s"), dry_run=True
    )
    assert {(e.row, e.column) for e in report.errors} == {(3, "unit")}
    (miss,) = report.unmatched_units
    assert miss["text"] == "Xã Trà Quân" and "Xã Sơn Trà" in miss["reason"]
    assert "Sơn Trà" in miss["reason_en"] and miss["as_of"] == "2020-02-01"
    error = next(e for e in report.errors if e.column == "unit")
    assert "Xã Sơn Trà" in error.reason_vi and "Sơn Trà" in error.reason_en


def test_synthetic_dossiers_of_2024_go_to_the_communes_of_2024_and_import_whole(units, tmp_path) -> None:
    from cds.dossiers.synth import generate

    province = _province("Tỉnh Quảng Ngãi", Era.LEGACY)
    table = generate(province, 2024, 20_000, seed="history")
    codes = set(table.column("unit").to_pylist())
    formed = dict(
        Unit.objects.filter(
            era=Era.LEGACY, name__in=["Xã Thắng Lợi", "Xã An Phú"], path__startswith=province.path
        ).values_list("name", "code")
    )
    assert formed and not codes & set(formed.values())  # formed on 1/1/2025
    ceased = Unit.objects.filter(era=Era.LEGACY, valid_to=dt.date(2025, 1, 1), path__startswith=province.path)
    assert codes & set(ceased.values_list("code", flat=True))  # their dossiers went to a former commune
