"""Issue 15: the dossier import reads its receiving-unit column through the one matcher of imports
(``cds.units.search.resolve_names``): the table's level decides a name ambiguous between levels,
``--province`` scopes the names of both eras (a legacy commune's dossiers under today's province),
and a name still ambiguous lists its candidates."""

from __future__ import annotations

import pytest

from cds.dossiers.unitmatch import match_texts
from cds.units.models import Era, Level, Unit

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
