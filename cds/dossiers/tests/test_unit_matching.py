"""Issue 15: the dossier import reads its receiving-unit column through the one matcher of imports
(``cds.units.search.resolve_names``): the table's level decides a name ambiguous between levels,
``--province`` scopes the names of both eras (a legacy commune's dossiers under today's province),
and a name still ambiguous lists its candidates."""

from __future__ import annotations

import pytest

from cds.dossiers.unitmatch import match_texts
from cds.units.models import Era, Level, Unit

pytestmark = pytest.mark.slow


def _province(name: str, era: str) -> Unit:
    return Unit.objects.get(era=era, level=Level.PROVINCE, search_key__endswith=name)


def test_a_commune_name_shared_nationally_is_found_inside_the_province_named_on_either_map(units) -> None:
    text = "Xã Sơn Nham"
    nationally = match_texts([text], Era.LEGACY, None)[text]
    inside = match_texts([text], Era.LEGACY, Unit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, name="Tỉnh Quảng Ngãi"))[text]
    assert inside.unit is not None and inside.unit.era == Era.LEGACY
    assert inside.unit.parent.parent.name == "Tỉnh Quảng Ngãi"
    assert nationally.unit is None or nationally.unit == inside.unit


def test_a_name_ambiguous_nationally_lists_its_candidates_and_how_to_qualify(units) -> None:
    text = "Xã Tân Lập"
    found = match_texts([text], Era.LEGACY, None)[text]
    assert found.unit is None
    assert len(found.candidates) >= 2 and all("(trước 1/7/2025)" in c for c in found.candidates)
    assert "dấu phẩy" in found.reason


def test_a_legacy_name_is_scoped_by_todays_province_through_the_2025_lineage(units) -> None:
    hanoi = Unit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, name="Thành phố Hà Nội")
    text = "Xã Tân Lập, Huyện Đan Phượng"
    found = match_texts([text, "Xã Tân Lập"], Era.LEGACY, hanoi)
    assert found[text].unit is not None and found[text].unit.path.startswith(
        Unit.objects.get(era=Era.LEGACY, level=Level.PROVINCE, name="Thành phố Hà Nội").path
    )


def test_a_code_is_matched_exactly_on_its_map(units) -> None:
    commune = Unit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE).order_by("code").first()
    assert match_texts([commune.code], Era.CURRENT, None)[commune.code].unit == commune
