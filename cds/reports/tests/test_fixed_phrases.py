"""The report's fixed phrases — the window line «Số liệu tính từ ngày … đến ngày …», the
consolidated report's headings, the charts' titles and captions, «Tổng cộng», «Đạt»/«Chưa đạt» —
are wording data (``fixed`` in vi.yaml) a province's ``--wording`` file may override, each one it
leaves out taken from the bundled file; the report's own check reads a file by its own words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.reports.check import read_docx, stated_window
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.parts import BuiltReport, verdict
from cds.reports.tests.golden_text import docx_text
from cds.reports.wording import WORDING_DIR, fixed_words, load_wording, phrase
from cds.units.services import resolve_unit

SON_NHAM = "xã Sơn Nham, huyện Sơn Hà"
TINH_CHAU = "xã Tịnh Châu, thành phố Quảng Ngãi"
OWN = {
    "window_line": "Khoảng số liệu của báo cáo: từ {start} đến {end}.",
    "total": "Cộng",
    "met": "Hoàn thành",
    "not_met": "Chưa hoàn thành",
    "trend_caption": "Hình: chỉ số dịch vụ công trực tuyến từng quý, {period}",
}


def _province_wording(tmp_path: Path, fixed: dict[str, Any]) -> str:
    """A province's wording file: the bundled one with ``fixed`` replaced by its own phrases only."""
    wording = yaml.safe_load((WORDING_DIR / "vi.yaml").read_text(encoding="utf-8"))
    wording["fixed"] = fixed
    path = tmp_path / "tinh.yaml"
    path.write_text(yaml.safe_dump(wording, allow_unicode=True), encoding="utf-8")
    return str(path)


def _build(kind: str, unit_text: str, code: str, **options: Any) -> BuiltReport:
    period = parse_period(code)
    return build_report(kind, resolve_unit(unit_text, as_of=period.end), period, ReportOptions(**options))


def test_the_bundled_wording_holds_every_fixed_phrase_the_code_says():
    assert set(load_wording()["fixed"]) == {
        "window_line",
        "total",
        "met",
        "not_met",
        "trend_title",
        "trend_caption",
        "units_title",
        "units_caption",
        "units_caption_first",
        "units_caption_next",
        "reporting_heading",
        "consolidated_results_heading",
        "consolidated_appendix_title",
        "not_comparable",
        "not_comparable_item",
        "unknown",
        "not_compared_date",
        "not_compared_window",
        "not_compared_partial",
        "total_disagrees",
        "total_disagrees_mark",
        "parts_all",
        "parts_known",
        "no_comparison_formed",
        "no_comparison_unapproved",
        "no_comparison_none",
        "no_comparison_units",
    }
    assert phrase(None, "window_line", start="15/12/2023", end="31/10/2024") == (
        "Số liệu tính từ ngày 15/12/2023 đến ngày 31/10/2024."
    )


def test_a_province_overrides_some_phrases_and_keeps_the_rest():
    words = fixed_words({"fixed": {"total": "Cộng"}})
    assert words["total"] == "Cộng" and words["met"] == "Đạt"
    assert verdict({"fixed": OWN}, False) == "Chưa hoàn thành" and verdict(None, True) == "Đạt"
    assert verdict(None, None) == ""  # not judged


def test_a_fixed_phrase_with_an_unknown_word_is_refused_in_both_languages():
    with pytest.raises(InputError) as err:
        phrase({"fixed": {"trend_caption": "Biểu đồ {ky}"}}, "trend_caption", period="năm 2024")
    assert "fixed.trend_caption" in err.value.vi and "{ky}" in err.value.vi
    assert "unknown word" in err.value.en


@pytest.mark.django_db
def test_a_periodic_report_in_the_provinces_own_words_passes_its_check_and_states_its_window(
    sample_figures, tmp_path
):
    built = _build("periodic", SON_NHAM, "2024", wording=_province_wording(tmp_path, OWN))
    text = docx_text(built.to_bytes())
    assert "Khoảng số liệu của báo cáo: từ 15/12/2023 đến 31/10/2024." in text
    assert "Số liệu tính từ ngày" not in text
    window = stated_window(read_docx(built.to_bytes()))  # `cds report check FILE` reads its window
    assert window is not None and (window.start, window.end) == (dt.date(2023, 12, 15), dt.date(2024, 10, 31))


@pytest.mark.django_db
def test_phu_luc_ii_totals_in_the_provinces_word_are_still_checked(sample_figures, tmp_path):
    built = _build("training", TINH_CHAU, "2023Q3", wording=_province_wording(tmp_path, {"total": "Cộng"}))
    rows = built.appendix_rows["training"]
    assert rows[-1][0] == "Cộng"
    assert built.check.totals > 0  # the check found the total row by the province's word


@pytest.mark.django_db
def test_the_bundled_words_read_as_before(sample_figures):
    built = _build("training", TINH_CHAU, "2023Q3", number=193, date=dt.date(2023, 9, 21))
    assert built.appendix_rows["training"][-1][0] == "Tổng cộng" and built.check.totals > 0
