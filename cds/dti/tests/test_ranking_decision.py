"""Issue 14 (rcontent item 2): the decision that published a year's DTI results, cited where the
results are stated — linked to a registered document, set by ``cds dti import-results --decision``
or the admin, shown when present and never invented when absent."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cds.dti.decisions import decision_for, decision_words
from cds.dti.demo import PUBLISHED
from cds.dti.models import RankingDecision, Result
from cds.dti.published import import_results
from cds.history.models import ChangeRecord
from cds.lib.periods import parse_period
from cds.registries import documents
from cds.registries.citations import extract
from cds.registries.models import Document
from cds.reports.dti_report import own_result_words
from cds.reports.kinds import ReportOptions, build_report
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.services import Actor

pytestmark = pytest.mark.django_db

# a decision registered for the test (the sample reports cite none)
DECISION = (
    "Quyết định số 1335/QĐ-UBND ngày 29/12/2023 của UBND tỉnh Quảng Ngãi về việc công bố kết quả đánh giá"
    " chỉ số chuyển đổi số cấp xã năm 2022"
)
CITED = "Quyết định số 1335/QĐ-UBND ngày 29/12/2023 của UBND tỉnh Quảng Ngãi về việc công bố kết quả đánh giá"


@pytest.fixture
def province(units: None) -> Unit:
    return resolve_unit("tỉnh Quảng Ngãi", era="legacy")


@pytest.fixture
def registered(province: Unit) -> Document:
    result = documents.register(
        province, documents.preview(province, extract(DECISION)), Actor("test: sổ văn bản", "manual")
    )
    assert len(result.created) == 1
    return result.created[0]


def test_importing_results_with_their_decision_links_the_result_set_to_the_registered_document(registered):
    report = import_results(PUBLISHED, decision="1335/QĐ-UBND")
    assert report.ok, report.errors
    link = RankingDecision.objects.get()
    assert (link.scope.name, link.year, link.level, link.document) == (
        registered.unit.name, 2022, "commune", registered
    )  # fmt: skip
    commune = Result.objects.filter(year=2022).first().unit
    assert decision_for(commune, 2022, "commune") == registered
    assert decision_words(commune, 2022, "commune")["dti_decision"].startswith(CITED)
    assert ChangeRecord.objects.filter(content_type__model="rankingdecision").count() == 1
    assert import_results(PUBLISHED, decision="1335/QĐ-UBND").ok and RankingDecision.objects.count() == 1


def test_a_decision_not_in_the_register_is_refused_and_nothing_is_written(province):
    report = import_results(PUBLISHED, decision="Quyết định số 1335/QĐ-UBND ngày 29/12/2023")
    assert not report.ok and "sổ đăng ký văn bản" in report.errors[0].vi
    assert Result.objects.count() == 0 and RankingDecision.objects.count() == 0


def test_one_decision_cannot_publish_a_file_of_two_years(registered, tmp_path):
    path = tmp_path / "hai-nam.csv"
    lines = PUBLISHED.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[1], lines[2].replace(",2022,", ",2021,")]), encoding="utf-8")
    report = import_results(path, decision="1335/QĐ-UBND")
    assert not report.ok and "một năm" in report.errors[0].vi


def test_the_cli_takes_the_decision_and_says_why_it_refuses_one(registered, province):
    with pytest.raises(CommandError):
        call_command("dti", "import-results", str(PUBLISHED), "--decision", "999/QĐ-UBND")
    assert Result.objects.count() == 0
    call_command("dti", "import-results", str(PUBLISHED), "--decision", "1335/QĐ-UBND")
    assert RankingDecision.objects.get().document == registered


def test_the_dti_report_cites_the_decision_when_linked_and_no_decision_otherwise(registered, province):
    assert import_results(PUBLISHED).ok
    period = parse_period("2022")
    before = build_report("dti", province, period, ReportOptions(charts=False)).narrative
    assert "được công bố tại" not in before and "1335" not in before
    assert import_results(PUBLISHED, decision="1335/QĐ-UBND").ok
    after = build_report("dti", province, period, ReportOptions(charts=False)).narrative
    assert f"được công bố tại {CITED}" in after.splitlines()[0]


def test_a_periodic_reports_dti_paragraph_names_the_decision_of_its_year(registered):
    assert import_results(PUBLISHED, decision="1335/QĐ-UBND").ok
    commune = Result.objects.filter(year=2022).first().unit
    assert own_result_words(commune, 2022)["dti_decision"].startswith(CITED)
    assert "dti_decision" not in own_result_words(commune, 2023)


def test_the_admin_links_a_decision_and_takes_the_scope_from_its_issuer(registered, admin_client):
    page = admin_client.post(
        "/admin/dti/rankingdecision/add/", {"year": 2022, "level": "commune", "document": registered.pk}
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    assert RankingDecision.objects.get().scope == registered.unit
    again = admin_client.post(
        "/admin/dti/rankingdecision/add/", {"year": 2022, "level": "commune", "document": registered.pk}
    )
    assert again.status_code == 200 and "đã có quyết định" in again.content.decode()


def test_the_ranking_page_names_the_decision_when_linked(registered, province, admin_client):
    assert import_results(PUBLISHED).ok
    url = f"/dti/?year=2022&scope={province.pk}"
    assert "published by" not in admin_client.get(url).content.decode()
    assert import_results(PUBLISHED, decision="1335/QĐ-UBND").ok
    page = admin_client.get(url).content.decode()
    assert f"Kết quả được công bố tại: {CITED}" in page
