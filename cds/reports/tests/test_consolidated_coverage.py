"""A consolidated report states an area's figure only for what its units reported, and says so."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from cds.lib.periods import Period, parse_period
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.parts import BuiltReport
from cds.reports.tests.conftest import approve_all
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db

# a withheld figure's coverage: after its name, or once after the group of figures sharing it
# («A; B (cả 2 chỉ tiêu: 1/14 xã có số liệu)»)
GROUP = r"( \(|;[^()]*\()(cả \d+ chỉ tiêu: |\d+ chỉ tiêu trên: )?"


def _province_report(period_code: str = "2024") -> tuple[Unit, BuiltReport]:
    period = parse_period(period_code)
    province = resolve_unit("tỉnh Quảng Ngãi", as_of=period.end)
    return province, build_report("consolidated", province, period, ReportOptions(charts=False))


def test_one_communes_figures_are_not_presented_as_the_provinces(sample_figures):
    _, built = _province_report()
    text = built.narrative
    # Sơn Nham's own figures (20 documents, 7 teams, 48.000.000 đồng) are not the province's
    assert "ban hành 20 văn bản" not in text
    assert "Trên địa bàn có 7 Tổ công nghệ số cộng đồng" not in text
    assert "48.000.000" not in text
    # the teams are listed as not consolidated, with how many communes reported them
    assert re.search(rf"Số Tổ CNSCĐ cấp xã{GROUP}1/\d+ (xã|đơn vị) có số liệu\)", text)
    assert "Chưa tổng hợp thành số liệu chung" in text


def test_an_incomplete_total_above_the_threshold_says_whose_figures_it_adds_up(sample_figures, settings):
    settings.CDS_REPORT_MIN_COVERAGE = 0
    _, built = _province_report()
    line = next(b.text for b in built.blocks if "Tổ công nghệ số cộng đồng" in b.text)
    assert re.search(r"\(theo số liệu đã duyệt của 1/\d+ (xã|đơn vị)\)\.$", line), line
    assert "Chưa tổng hợp thành số liệu chung" not in built.narrative


def test_the_province_states_its_own_documents_when_it_typed_them(sample_figures):
    period = parse_period("2024")
    province = resolve_unit("tỉnh Quảng Ngãi", as_of=period.end)
    record_values([ValueInput(province, "docs.issued_total", period, "4")], Actor("test", "manual"))
    approve_all()  # an official report reads approved values
    _, built = _province_report()
    assert "đã ban hành 4 văn bản" in built.narrative
    assert "ban hành 20 văn bản" not in built.narrative


def _units_table_of_two_communes(
    first_second: dict[str, tuple[str, str]], city_own: dict[str, str] | None = None
) -> tuple[list[list[str]], list[str]]:
    """thành phố Quảng Ngãi 2023Q3 with ``code: (first commune's, second commune's)`` values (and
    ``city_own``, typed for the city itself), approved: its consolidated report's unit rows and
    total row."""
    period = parse_period("2023Q3")
    city = resolve_unit("thành phố Quảng Ngãi", as_of=period.end)
    first, second = list(city.children.filter(level="commune").order_by("name"))[:2]
    typed = [
        ValueInput(unit, code, period, raw)
        for code, pair in first_second.items()
        for unit, raw in zip((first, second), pair, strict=True)
    ]
    typed += [ValueInput(city, code, period, raw) for code, raw in (city_own or {}).items()]
    record_values(typed, Actor("test", "manual"))
    approve_all()
    built = build_report("consolidated", city, period, ReportOptions(charts=False))
    *rows, total = built.appendix_rows["units"]
    return rows, total


def test_the_total_row_is_the_sum_of_the_rows_shown_and_names_its_coverage(units):
    rows, total = _units_table_of_two_communes(
        {"dvc.dossiers_total": ("120", "80"), "dvc.dossiers_online": ("30", "70")},
        # a total typed for the city itself is kept beside the rows, never put in their total row
        city_own={"dvc.dossiers_total": "99999"},
    )
    assert total[2:5] == ["200", "100", "50%"]  # 120 + 80, 30 + 70, 100/200
    assert "99.999" not in total
    assert total[0] == f"Tổng cộng (theo số liệu của 2/{len(rows)} xã)"


def test_a_districts_periodic_report_says_whose_figures_its_totals_add_up(sample_figures, settings):
    """Issue 14 (reading every demo report): a district's periodic report was refused by its own
    check — it stated its communes' roll-ups without "theo số liệu của n/N xã"."""
    settings.CDS_REPORT_MIN_COVERAGE = 0
    period = parse_period("2024")
    district = resolve_unit("huyện Sơn Hà", as_of=period.end)
    built = build_report("periodic", district, period, ReportOptions(charts=False))
    assert built.check.ok
    line = next(b.text for b in built.blocks if "Số người dùng Internet" in b.text)
    assert re.search(r"\(theo số liệu đã duyệt của 1/\d+ (xã|đơn vị)\)\.$", line), line


def test_a_districts_periodic_report_lists_figures_too_few_communes_reported(sample_figures):
    period = parse_period("2024")
    district = resolve_unit("huyện Sơn Hà", as_of=period.end)
    built = build_report("periodic", district, period, ReportOptions(charts=False))
    assert "Số người dùng Internet trên địa bàn:" not in built.narrative
    assert re.search(
        rf"Số người dùng Internet trên địa bàn{GROUP}1/\d+ (xã|đơn vị) có số liệu\)", built.narrative
    )


def _every_commune_trained(period_code: str) -> tuple[Unit, Period, list[Unit]]:
    period = parse_period(period_code)
    district = resolve_unit("huyện Sơn Hà, tỉnh Quảng Ngãi", as_of=period.end)
    communes = list(district.children.filter(level="commune", era=district.era))
    record_values(
        [ValueInput(c, "training.residents_trained", period, "100") for c in communes],
        Actor("test: cán bộ", "manual"),
    )
    return district, period, communes


def test_a_complete_aggregate_still_says_how_many_units_it_covers_and_that_they_are_approved(units):
    """Issue 14: «Có 20.818 lượt người dân …» summed every commune of huyện Sơn Hà and said nothing;
    now said once, in its section's lead, not after each figure («(… 96/96 xã)» on every line)."""
    district, period, communes = _every_commune_trained("2024")
    approve_all()
    built = build_report("periodic", district, period, ReportOptions(charts=False))
    n = len(communes)
    at = next(i for i, b in enumerate(built.blocks) if "lượt người dân tham gia tập huấn" in b.text)
    assert built.blocks[at].text.endswith("phổ biến kỹ năng số."), built.blocks[at].text
    lead = next(
        b for b in reversed(built.blocks[:at]) if b.text.startswith("Các số liệu tổng hợp trong mục này")
    )
    assert lead.text == f"Các số liệu tổng hợp trong mục này theo số liệu đã duyệt của {n}/{n} xã."


def test_a_drafts_aggregate_says_how_many_of_its_units_are_approved(units):
    from cds.values.models import DataValue, Status

    district, period, communes = _every_commune_trained("2024")
    approve_all()
    DataValue.objects.filter(unit=communes[0], indicator__code="training.residents_trained").update(
        status=Status.SUBMITTED
    )
    built = build_report("periodic", district, period, ReportOptions(charts=False, include_unapproved=True))
    n = len(communes)
    line = next(b.text for b in built.blocks if "lượt người dân tham gia tập huấn" in b.text)
    assert line.endswith(f"(theo số liệu của {n}/{n} xã, {n - 1} xã đã duyệt)."), line


def test_a_districts_training_report_states_what_its_communes_reported_with_coverage(units):
    """Issue 14: huyện Sơn Hà's training report (demo 2024) said nothing of training although every
    commune reported its residents trained; the one commune's teams are listed as not
    consolidated, with how many communes reported them."""
    from cds.reports.tests.conftest import approve_all as approve

    period = parse_period("2024")
    district = resolve_unit("huyện Sơn Hà, tỉnh Quảng Ngãi", as_of=period.end)
    communes = list(district.children.filter(level="commune", era=district.era))
    n = len(communes)
    typed = [ValueInput(c, "training.residents_trained", period, "100") for c in communes]
    typed += [ValueInput(c, "training.officials_completed", period, "20") for c in communes]
    typed += [ValueInput(communes[0], "teams.commune_teams", period, "1")]
    record_values(typed, Actor("test: cán bộ", "manual"))
    approve()
    built = build_report("training", district, period, ReportOptions(charts=False))
    text = built.narrative
    assert "CBCC đã hoàn thành" not in text  # a commune's own staff (scope own) are not the district's
    residents = format(100 * n, ",").replace(",", ".")
    # every commune reported: said once in the section's lead, not after the sentence
    assert f"Các số liệu tổng hợp trong mục này theo số liệu đã duyệt của {n}/{n} xã." in text
    assert f"Có {residents} lượt người dân tham gia tập huấn, phổ biến kỹ năng số." in text
    assert re.search(rf"Số Tổ CNSCĐ cấp xã{GROUP}1/{n} xã có số liệu\)", text)


def test_a_province_that_rewords_the_coverage_note_still_passes_the_self_check(
    sample_figures, settings, tmp_path
):
    """The coverage note is wording data (``coverage_notes``); the check reads the forms the build
    used (a custom property of the file), so a reworded note is not refused as a missing one."""
    import yaml

    from cds.reports.check import check_docx
    from cds.reports.wording import load_wording

    settings.CDS_REPORT_MIN_COVERAGE = 0
    wording = dict(load_wording())
    wording["coverage_notes"] = {"approved": "số liệu tổng hợp từ {units} đã duyệt"}
    own = tmp_path / "tinh.yaml"
    own.write_text(yaml.safe_dump(wording, allow_unicode=True), encoding="utf-8")
    period = parse_period("2024")
    province = resolve_unit("tỉnh Quảng Ngãi", as_of=period.end)
    built = build_report("consolidated", province, period, ReportOptions(charts=False, wording=str(own)))
    line = next(b.text for b in built.blocks if "Tổ công nghệ số cộng đồng" in b.text)
    assert re.search(r"\(số liệu tổng hợp từ 1/\d+ (xã|đơn vị) đã duyệt\)\.$", line), line
    assert check_docx(built.to_bytes()).ok  # `cds report check FILE` reads the same forms


def test_the_total_row_gives_the_rate_of_services_with_online_dossiers_from_its_rows_summed_parts(units):
    """Issue 14 (session 11 pages): the province's total row left «Tỷ lệ dịch vụ công trực tuyến có
    phát sinh hồ sơ trực tuyến» blank though every row's parts are held (a rate of the unit's own
    services is not rolled up). A total equals its rows: the rate of the summed parts, 17 + 9 of
    18 + 12 services = 86,67%, with the units it adds up."""
    rows, total = _units_table_of_two_communes(
        {"dvc.services_with_dossiers": ("18", "12"), "dvc.services_with_online_dossiers": ("17", "9")}
    )
    column = 7  # STT, đơn vị, hồ sơ, trực tuyến, 3 rates, then services with online dossiers
    assert [r[column] for r in rows if r[column]] == ["94,44%", "75%"]
    assert total[column] == "86,67%"
    assert total[0] == f"Tổng cộng (theo số liệu của 2/{len(rows)} xã)"


def test_the_reporting_summary_names_units_as_a_sentence_does_with_their_kind(units):
    """Session 11 pages: «cao nhất: Đăk Rơ Wa (92,5%); thấp nhất: An Phú (74,26%)» — an office
    writes «xã Đăk Rơ Wa»; the chart's labels keep the short names."""
    period = parse_period("2023Q3")
    city = resolve_unit("thành phố Quảng Ngãi", as_of=period.end)
    first, second = list(city.children.filter(level="commune").order_by("name"))[:2]
    record_values(
        [
            ValueInput(first, "dvc.dossiers_total", period, "120"),
            ValueInput(first, "dvc.dossiers_online", period, "30"),
            ValueInput(second, "dvc.dossiers_total", period, "80"),
            ValueInput(second, "dvc.dossiers_online", period, "70"),
        ],
        Actor("test", "manual"),
    )
    approve_all()
    text = build_report("consolidated", city, period, ReportOptions(charts=False)).narrative
    kind = (second.unit_type or "").lower()
    assert f"cao nhất: {kind} {second.short_name} (87,5%)" in text, text
    assert f"thấp nhất: {(first.unit_type or '').lower()} {first.short_name} (25%)" in text


def _rates(city: Unit, period: Period, pairs: list[tuple[Unit, tuple[int, int]]]) -> None:
    """Record (dossiers, online) for each commune given, then approve them."""
    inputs = []
    for unit, (total, online) in pairs:
        inputs += [
            ValueInput(unit, "dvc.dossiers_total", period, str(total)),
            ValueInput(unit, "dvc.dossiers_online", period, str(online)),
        ]
    record_values(inputs, Actor("test", "manual"))
    approve_all()


def _mid(unit: Unit) -> str:
    return f"{(unit.unit_type or '').lower()} {unit.short_name}"


def test_the_summary_names_every_unit_tied_at_the_top_and_at_the_bottom_in_vietnamese_order(units):
    """Issue 14: «cao nhất: xã A (87,5%)» when three communes had 87,5% named one at random
    (the first in the table); the DTI report names every tied unit, and so does the summary."""
    from cds.lib.text import vn_sort_key

    period = parse_period("2023Q3")
    city = resolve_unit("thành phố Quảng Ngãi", as_of=period.end)
    communes = list(city.children.filter(level="commune").order_by("-name"))[:5]
    top, bottom = communes[:3], communes[3:]
    # 87,5% printed for all three (7/8, 70/80, 35/40), 25% for both at the bottom
    figures = [(8, 7), (80, 70), (40, 35), (120, 30), (4, 1)]
    _rates(city, period, list(zip(communes, figures, strict=True)))
    text = build_report("consolidated", city, period, ReportOptions(charts=False)).narrative

    def listed(us: Iterable[Unit]) -> str:
        names = [_mid(u) for u in sorted(us, key=lambda u: vn_sort_key(u.short_name))]
        return f"{', '.join(names[:-1])} và {names[-1]}"

    assert f"cao nhất: {listed(top)} (87,5%); thấp nhất: {listed(bottom)} (25%)." in text, text


def test_a_long_tie_in_the_summary_names_the_first_five_and_counts_the_rest(units):
    from cds.lib.text import vn_sort_key

    period = parse_period("2023Q3")
    city = resolve_unit("thành phố Quảng Ngãi", as_of=period.end)
    communes = list(city.children.filter(level="commune").order_by("name"))[:8]
    top, bottom = communes[:7], communes[7]
    _rates(city, period, [*((u, (10, 9)) for u in top), (bottom, (10, 1))])
    text = build_report("consolidated", city, period, ReportOptions(charts=False)).narrative
    first_five = ", ".join(_mid(u) for u in sorted(top, key=lambda u: vn_sort_key(u.short_name))[:5])
    assert f"cao nhất: {first_five} và 2 đơn vị khác (90%); thấp nhất: {_mid(bottom)} (10%)." in text, text
