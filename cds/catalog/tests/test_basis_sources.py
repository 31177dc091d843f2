"""Every citation in the shipped catalog rests on a text we read and saved under docs/sources/.

A citation (``basis``) is only as good as the excerpt behind it: the saved file must hold the
page's address, a verbatim excerpt, the document's number and the indicator it is cited for.
The map of the official sets' items to catalog codes (``official-sets-map.csv``) is held to the
same rule: each item is quoted from a saved file, each code exists.
"""

import csv
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from cds.catalog.loader import load_builtin_catalogs
from cds.catalog.models import CatalogAmendment, IndicatorDefinition
from cds.catalog.spec import builtin_catalog_files, read_catalog_file
from cds.catalog.spec_types import Citation

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ROOT / "docs" / "sources"
MAP = ROOT / "cds" / "catalog" / "data" / "official-sets-map.csv"
SHIPPED = [read_catalog_file(p) for p in builtin_catalog_files()]
NUMBER = re.compile(r"\d+/[0-9A-Za-zĐđ\-/]+")  # "42/2022/NĐ-CP", "766/QĐ-TTg", "18/KH-UBND"


def _flat(text: str) -> str:
    """A saved file's text with quote marks and line wrapping removed, for verbatim lookups."""
    return " ".join(line.lstrip("> ").strip() for line in text.splitlines()).replace("  ", " ")


def unbacked(code: str, citation: Citation, saved: dict[str, str]) -> str | None:
    """Why ``citation`` of indicator ``code`` is not backed by a saved excerpt, or None."""
    if not citation.url:
        return "no address"
    holders = {name: text for name, text in saved.items() if citation.url in text}
    if not holders:
        return "no file under docs/sources holds its address"
    number = NUMBER.search(citation.doc)
    for text in holders.values():
        quoted = any(line.startswith("> ") for line in text.splitlines())
        if quoted and (number is None or number.group(0) in text) and f"`{code}`" in text:
            return None
    return "the file with its address lacks an excerpt, the document's number or the indicator's code"


def _saved(directory: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in directory.glob("*.md")}


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_every_shipped_citation_is_backed_by_an_excerpt_naming_its_document_and_indicator(spec):
    saved = _saved(SOURCES)
    problems = [
        (i.code, c.doc[:40], why)
        for i in spec.indicators
        for c in i.basis
        if (why := unbacked(i.code, c, saved))
    ]
    assert problems == []


def test_a_citation_of_a_document_not_saved_under_docs_sources_is_refused(tmp_path):
    (tmp_path / "nd-42.md").write_text(
        "# Nghị định 42/2022/NĐ-CP\n\nURL: https://example.gov.vn/nd42\n\n> Điều 11 …\n\n"
        "Cited for `dvc.full_online_services`.\n",
        encoding="utf-8",
    )
    saved = _saved(tmp_path)
    backed = Citation("Nghị định số 42/2022/NĐ-CP", "Điều 11", "https://example.gov.vn/nd42")
    assert unbacked("dvc.full_online_services", backed, saved) is None
    elsewhere = Citation("Thông tư số 03/2022/TT-BTTTT", "Phụ lục", "https://example.gov.vn/tt03")
    assert (
        unbacked("infra.internet_users", elsewhere, saved) == "no file under docs/sources holds its address"
    )
    # the address is saved, but the file names another document / another indicator: not backed
    other_doc = Citation("Thông tư số 03/2022/TT-BTTTT", "", "https://example.gov.vn/nd42")
    assert unbacked("dvc.full_online_services", other_doc, saved).startswith("the file with its address")
    assert unbacked("dvc.partial_online_services", backed, saved).startswith("the file with its address")
    assert unbacked("x.y", Citation("Nghị định số 42/2022/NĐ-CP"), saved) == "no address"


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_the_services_levels_cite_article_11_of_decree_42_2022(spec):
    expected = {
        "dvc.full_online_services": "Điều 11 khoản 1 điểm a",
        "dvc.partial_online_services": "Điều 11 khoản 1 điểm b",
        "dvc.online_services": "Điều 11 khoản 1",
        "dvc.full_online_eligible_services": "Điều 11 khoản 1 điểm a",
        "dvc.full_online_dossier_rate": "Điều 11 khoản 1 điểm a",
        "dvc.partial_online_dossier_rate": "Điều 11 khoản 1 điểm b",
    }
    for code, part in expected.items():
        cited = [c for c in spec.indicator(code).basis if "42/2022/NĐ-CP" in c.doc]
        assert [c.part.startswith(part) or c.part.startswith(f"tử số: {part}") for c in cited] == [True], code
        assert spec.indicator(code).basis_none == ""


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_at_least_45_indicators_cite_a_read_text_and_the_age_mismatches_stay_uncited(spec):
    assert sum(1 for i in spec.indicators if i.basis) >= 45
    for code in ("society.payment_accounts", "society.payment_account_rate", "society.basic_ict_skills_rate"):
        assert spec.indicator(code).basis == ()
        assert "411/QĐ-TTg" in spec.indicator(code).basis_none


@pytest.mark.django_db
def test_catalog_show_prints_the_decree_42_citation():
    out = StringIO()
    call_command("catalog", "show", "dvc.full_online_services", "--format", "json", stdout=out)
    shown = json.loads(out.getvalue())
    assert shown["basis_text"].startswith("Căn cứ: Nghị định số 42/2022/NĐ-CP ngày 24/6/2022")
    assert "Điều 11 khoản 1 điểm a" in shown["basis_text"]


@pytest.mark.django_db
def test_the_catalog_migration_amends_a_database_loaded_before_the_decree_42_citations():
    version = SHIPPED[0].version
    row = IndicatorDefinition.objects.get(
        version__code=version, indicator__code="dvc.partial_online_services"
    )
    row.basis, row.basis_none = [], "chưa đọc"
    row.save(update_fields=["basis", "basis_none"])
    _reload_shipped_catalogs()
    row.refresh_from_db()
    assert row.basis_none == "" and "42/2022/NĐ-CP" in row.basis[0]["doc"]
    last = CatalogAmendment.objects.filter(version__code=version).last()
    assert {
        "code": "dvc.partial_online_services",
        "field": "basis_none",
        "old": "chưa đọc",
        "new": "",
    } in last.changes


def _reload_shipped_catalogs() -> None:
    """What ``migrate`` runs after a migration (``load_after_migrate``): the builtin loader."""
    load_builtin_catalogs(django_apps)


def _map_rows() -> list[dict[str, str]]:
    with MAP.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_official_sets_map_quotes_saved_texts_and_names_existing_codes():
    rows = _map_rows()
    assert rows and list(rows[0]) == ["source", "document", "item", "code", "match", "note"]
    codes = {i.code for spec in SHIPPED for i in spec.indicators}
    flat = {name: _flat(text) for name, text in _saved(SOURCES).items()}
    for row in rows:
        where = (row["source"], row["item"][:40])
        assert row["match"] in {"same", "close", "differs", "missing"}, where
        assert (row["code"] == "missing") == (row["match"] == "missing"), where
        assert row["code"] == "missing" or row["code"] in codes, where
        assert f"{row['source']}.md" in flat, where
        assert _flat(row["item"]) in flat[f"{row['source']}.md"], where
    assert len({(r["source"], r["item"]) for r in rows}) == len(rows)


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_the_satisfaction_indicators_do_not_cite_766_whose_rate_divides_by_all_dossiers(spec):
    for code in ("dvc.satisfaction_rate", "dvc.satisfied_ratings", "dvc.ratings_total"):
        ind = spec.indicator(code)
        assert ind.basis == ()
        assert "Tổng số hồ sơ TTHC có thẩm quyền giải quyết" in ind.basis_none
    named = {
        "dvc.services_with_online_dossiers_rate": "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến",
        "dvc.online_payment_rate": "Tỷ lệ thanh toán trực tuyến",
    }
    for code, name in named.items():
        (citation,) = spec.indicator(code).basis
        assert "766/QĐ-TTg" in citation.doc and f"«{name}»" in citation.part
        assert "công thức chưa đọc" in citation.part


@pytest.mark.django_db
def test_the_catalog_migration_takes_the_766_citation_off_a_loaded_satisfaction_rate():
    version = SHIPPED[0].version
    row = IndicatorDefinition.objects.get(version__code=version, indicator__code="dvc.satisfaction_rate")
    old = [
        {"doc": "Quyết định số 766/QĐ-TTg", "part": "Nhóm «Mức độ hài lòng»", "url": "https://vietjack.me/x"}
    ]
    row.basis, row.basis_none = old, ""
    row.save(update_fields=["basis", "basis_none"])
    _reload_shipped_catalogs()
    row.refresh_from_db()
    assert row.basis == [] and row.basis_none.startswith("Quyết định 766/QĐ-TTg định nghĩa khác")
    last = CatalogAmendment.objects.filter(version__code=version).last()
    assert {"code": "dvc.satisfaction_rate", "field": "basis", "old": old, "new": []} in last.changes


@pytest.mark.django_db
def test_the_catalog_migration_adds_the_electronic_documents_citation_to_a_loaded_version():
    row = IndicatorDefinition.objects.get(
        version__code=SHIPPED[0].version, indicator__code="gov.eoffice_units"
    )
    row.basis, row.basis_none = [], "chưa đọc"
    row.save(update_fields=["basis", "basis_none"])
    _reload_shipped_catalogs()
    row.refresh_from_db()
    assert [c["doc"][:34] for c in row.basis] == ["Quyết định số 28/2018/QĐ-TTg của T"]
    assert "khoản 2 Điều 3" in row.basis[0]["part"]
    out = StringIO()
    call_command("catalog", "show", "gov.electronic_documents", "--format", "json", stdout=out)
    assert "28/2018/QĐ-TTg" in json.loads(out.getvalue())["basis_text"]


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_the_website_indicators_cite_the_clauses_of_decree_42_that_were_read(spec):
    (has,) = spec.indicator("gov.has_website").basis
    assert "42/2022/NĐ-CP" in has.doc and has.part.startswith("Điều 5")
    parts = [c.part for c in spec.indicator("gov.website_meets_requirements").basis]
    assert [p.split(" — ")[0] for p in parts] == ["Điều 4 khoản 1", "Điều 7"]
    assert "chỉ đọc nguyên văn điểm e" in parts[0]  # says how much of the clause was read


@pytest.mark.django_db
def test_the_catalog_migration_amends_the_website_indicator_of_a_loaded_version():
    row = IndicatorDefinition.objects.get(version__code=SHIPPED[0].version, indicator__code="gov.has_website")
    row.basis, row.basis_none = [], "chưa đọc"
    row.save(update_fields=["basis", "basis_none"])
    _reload_shipped_catalogs()
    row.refresh_from_db()
    assert row.basis_none == "" and row.basis[0]["part"].startswith("Điều 5")
