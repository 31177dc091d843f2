"""Every indicator cites its legal basis («Căn cứ»), or says why no legal text defines it."""

import pytest
from django.apps import apps as django_apps

from cds.catalog.loader import load_builtin_catalogs, load_catalog, load_catalog_file
from cds.catalog.models import CatalogAmendment, CatalogVersion, IndicatorDefinition
from cds.catalog.services import get_catalog
from cds.catalog.spec import builtin_catalog_files, read_catalog_file
from cds.lib.errors import InputError

from .helpers import count, indicator, small_catalog, write_catalog

pytestmark = pytest.mark.django_db

QD_766 = {
    "doc": "Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ",
    "part": "Nhóm chỉ số «Cung cấp dịch vụ trực tuyến»",
    "url": "https://aita.gov.vn/thu-tuong-chinh-phu-ban-hanh-bo-chi-so",
}

BAD_SHAPES = [
    ("a bare string", "Quyết định 922"),
    ("an empty list", []),
    ("a citation without its document", [{"part": "Phụ lục"}]),
    ("a citation with an unknown key", [{"doc": "Quyết định 922", "page": 3}]),
    ("an address that is not a web address", [{"doc": "Quyết định 922", "url": "www.mic.gov.vn"}]),
    ("a number as part", [{"doc": "Quyết định 922", "part": 4.3}]),
    ("none without a reason", {"none": ""}),
    ("none with another key", {"none": "tự đếm", "doc": "x"}),
]


@pytest.mark.parametrize(("label", "basis"), BAD_SHAPES, ids=[b[0] for b in BAD_SHAPES])
def test_a_badly_shaped_basis_is_refused_naming_file_line_indicator_and_field(tmp_path, label, basis):
    data = small_catalog()
    indicator(data, "t.online")["basis"] = basis
    with pytest.raises(InputError) as caught:
        load_catalog_file(write_catalog(tmp_path, data))
    err = caught.value
    assert (err.where.file, err.where.column) == ("catalog-9000.1.yaml", "basis")
    assert err.where.row is not None
    assert "«t.online»" in err.message("vi") and "«t.online»" in err.message("en")
    assert "basis" in err.message("vi") and "basis" in err.message("en")
    assert not CatalogVersion.objects.filter(code="9000.1").exists()


def test_citations_and_reasons_are_stored_and_read_as_cang_cu(tmp_path):
    data = small_catalog()
    indicator(data, "t.online")["basis"] = [QD_766, {"doc": "Nghị định số 42/2022/NĐ-CP"}]
    indicator(data, "t.offline")["basis"] = {"none": "số liệu tự đếm của đơn vị"}
    load_catalog(write_catalog(tmp_path, data))
    catalog = get_catalog(version="9000.1")
    online, offline, total = catalog["t.online"], catalog["t.offline"], catalog["t.total"]
    assert [c.as_dict() for c in online.basis] == [
        QD_766,
        {"doc": "Nghị định số 42/2022/NĐ-CP", "part": "", "url": ""},
    ]
    assert online.basis_text() == (
        "Căn cứ: Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ, "
        "Nhóm chỉ số «Cung cấp dịch vụ trực tuyến»; Nghị định số 42/2022/NĐ-CP"
    )
    assert offline.basis == () and offline.basis_text() == (
        "Căn cứ: chưa trích dẫn văn bản nào (số liệu tự đếm của đơn vị)"
    )
    assert offline.basis_text("en").startswith("Legal basis: no legal text cited")
    assert total.basis_text() == "Căn cứ: chưa ghi"  # optional in a province's own file, and says so


def test_a_version_that_extends_another_inherits_the_basis_and_may_restate_it(tmp_path):
    base = small_catalog()
    indicator(base, "t.online")["basis"] = [QD_766]
    indicator(base, "t.offline")["basis"] = {"none": "tự đếm"}
    write_catalog(tmp_path, base)
    newer = {
        "version": "9000.2",
        "extends": "9000.1",
        "title": "Bản sau",
        "effective_from": "2031-01-01",
        "indicators": [
            {"code": "t.offline", "basis": [{"doc": "Thông tư số 01/2023/TT-VPCP"}]},
            count("t.extra", basis={"none": "mới, tự đếm"}),
        ],
    }
    load_catalog(write_catalog(tmp_path, base))
    load_catalog(write_catalog(tmp_path, newer))
    catalog = get_catalog(version="9000.2")
    assert [c.doc for c in catalog["t.online"].basis] == [QD_766["doc"]]
    assert [c.doc for c in catalog["t.offline"].basis] == ["Thông tư số 01/2023/TT-VPCP"]
    assert catalog["t.offline"].basis_none == ""  # the restated list replaces the inherited reason
    assert catalog["t.extra"].basis_none == "mới, tự đếm"


def test_adding_a_basis_to_a_loaded_version_amends_it_with_history(tmp_path):
    data = small_catalog()
    first = load_catalog(write_catalog(tmp_path, data))
    indicator(data, "t.online")["basis"] = [QD_766]
    again = load_catalog(write_catalog(tmp_path, data))
    assert (again.created, again.amended, again.version.pk) == (False, 1, first.version.pk)
    amendment = CatalogAmendment.objects.get(version__code="9000.1")
    assert {"code": "t.online", "field": "basis", "old": [], "new": [QD_766]} in amendment.changes


SHIPPED = [read_catalog_file(p) for p in builtin_catalog_files()]


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_every_shipped_indicator_cites_a_legal_text_or_says_why_none(spec):
    unstated = [i.code for i in spec.indicators if not i.basis and not i.basis_none]
    assert unstated == []
    both = [i.code for i in spec.indicators if i.basis and i.basis_none]
    assert both == []


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_every_cited_document_has_its_excerpts_saved_under_docs_sources(spec):
    from pathlib import Path

    sources = Path(__file__).resolve().parents[3] / "docs" / "sources"
    saved = "\n".join(p.read_text(encoding="utf-8") for p in sources.glob("*.md"))
    for ind in spec.indicators:
        for citation in ind.basis:
            assert citation.url, ind.code
            assert citation.url in saved, (ind.code, citation.url)


def test_a_new_database_stores_the_shipped_basis_once_without_amendments():
    # The squashed catalog migration loads the shipped files once, with every field: nothing to amend.
    spec = SHIPPED[0]
    stored = {
        code: (basis, none)
        for code, basis, none in IndicatorDefinition.objects.filter(version__code=spec.version).values_list(
            "indicator__code", "basis", "basis_none"
        )
    }
    assert stored == {i.code: ([c.as_dict() for c in i.basis], i.basis_none) for i in spec.indicators}
    assert not CatalogAmendment.objects.filter(version__code=spec.version).exists()


def test_the_catalog_migration_amends_a_database_whose_definitions_have_no_basis():
    IndicatorDefinition.objects.update(basis=[], basis_none="")
    load_builtin_catalogs(django_apps)  # what ``migrate`` runs after a migration (``load_after_migrate``)
    catalog = get_catalog(version=SHIPPED[-1].version)
    assert all(d.basis or d.basis_none for d in catalog.definitions())
    last = CatalogAmendment.objects.filter(version__code=SHIPPED[0].version).last()
    assert any(c["field"] == "basis_none" and c["old"] == "" for c in last.changes)


def test_catalog_show_says_cang_cu():
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("catalog", "show", "dvc.on_time_rate", "--format", "json", stdout=out)
    shown = json.loads(out.getvalue())
    assert shown["basis"][0]["doc"].startswith("Quyết định số 766/QĐ-TTg ngày 23/6/2022")
    assert shown["basis_text"].startswith("Căn cứ: Quyết định số 766/QĐ-TTg")
