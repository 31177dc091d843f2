"""The core of each level's data set (``core-forms.yaml``): what the level's official forms ask.

It is derived from what the catalog records — the official-sets map's items of the forms a level
files, the ``source`` of indicators quoted from that level's sample reports and the legal texts their
``basis`` cites — so it is a subset of the level's data set and every indicator in it cites where a
form asks it.
"""

import csv
import datetime as dt
from pathlib import Path

import pytest
import yaml

from cds.catalog.core import FORMS_FILE, MAP_FILE, core
from cds.catalog.services import get_catalog
from cds.catalog.spec_types import LEVELS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_catalogs")]
SOURCES = Path(__file__).resolve().parents[3] / "docs" / "sources"
BEFORE, AFTER = dt.date(2024, 1, 1), dt.date(2025, 8, 1)  # the 2022.1 and 2025.1 catalogs


def _forms():
    return yaml.safe_load(FORMS_FILE.read_text(encoding="utf-8"))


def _map():
    with MAP_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("on", [BEFORE, AFTER])
@pytest.mark.parametrize("level", LEVELS)
def test_the_core_is_a_subset_of_the_level_data_set_in_catalog_order(on, level):
    catalog = get_catalog(on)
    dataset = [d.code for d in catalog.dataset(level)]
    chosen = list(core(catalog, level))
    assert set(chosen) <= set(dataset)
    assert chosen == [code for code in dataset if code in chosen]
    if dataset:  # every level with a data set has a core smaller than the set
        assert 0 < len(chosen) < len(dataset)


@pytest.mark.parametrize("on", [BEFORE, AFTER])
@pytest.mark.parametrize("level", LEVELS)
def test_every_core_indicator_cites_the_form_or_report_that_asks_it(on, level):
    catalog = get_catalog(on)
    forms = _forms()[level]
    asked = {
        row["code"] for row in _map() if row["source"] in forms["sets"] and row["match"] in {"same", "close"}
    }
    chosen = core(catalog, level)
    for code, why in chosen.items():
        definition = catalog.get(code)
        assert definition is not None and why, code
        from_form = code in asked
        from_source = bool(forms["sources"]) and definition.source.startswith(tuple(forms["sources"]))
        from_basis = any(c.doc.startswith(tuple(forms["basis"])) for c in definition.basis)
        rate_users = [r for r in catalog.rates_using(code) if r.code in chosen]
        parts = definition.numerator in chosen and definition.denominator in chosen
        assert from_form or from_source or from_basis or rate_users or parts, f"{code}: {why}"
        assert definition.source.strip(), code  # and it has the catalog's own source too


def test_every_form_named_is_a_read_source_of_the_map_and_every_source_prefix_begins_some_source():
    mapped = {row["source"] for row in _map()}
    catalog = get_catalog(BEFORE)
    sources = [d.source for d in catalog.definitions()]
    for level, forms in _forms().items():
        assert level in LEVELS
        for name in forms["sets"]:
            assert name in mapped and (SOURCES / f"{name}.md").exists(), name
        for prefix in forms["sources"]:
            assert any(s.startswith(prefix) for s in sources), prefix
        for text in forms["basis"]:
            assert any(c.doc.startswith(text) for d in catalog.definitions() for c in d.basis), text
        for entry in forms["codes"]:
            assert catalog.get(entry["code"]) and entry["why"].strip(), entry


def test_a_commune_core_holds_the_one_stop_form_rows_and_the_typed_parts_of_its_rates():
    catalog = get_catalog(AFTER)
    chosen = core(catalog, "commune")
    for code in ("dvc.dossiers_total", "dvc.dossiers_online", "dvc.dossiers_resolved_late"):
        assert code in chosen and chosen[code].startswith("tt-01-2020-vpcp-bieu-06"), code
    for code in chosen:
        d = catalog.get(code)
        if d.kind == "rate" and d.numerator:
            assert d.numerator in chosen and d.denominator in chosen, code
    assert "admin.communes_total" not in chosen  # a district's figure, outside the commune set


def test_a_district_has_no_core_after_the_reorganisation():
    assert core(get_catalog(AFTER), "district") == {}
