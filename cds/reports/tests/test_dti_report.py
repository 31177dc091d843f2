"""The DTI results report on the demo province: every rank and score read back from the DOCX is
the one ``rank_scope`` gives, and the narrative matches the golden text.

The data is the DTI golden ranking test's own seeded values (every input the shipped framework
reads, so no unit is scored on partial data) and the DTI demo's seeded self-assessments, so the
output is the same on every machine and database. Regenerate the golden file after a
deliberate change with ``CDS_UPDATE_GOLDEN=1 .venv/bin/pytest cds/reports/tests/test_dti_report.py``.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any, cast

import pytest
from docx import Document
from docx.document import Document as DocxDocument

from cds.dti.ranking import Entry, rank_scope
from cds.dti.tests.test_golden_ranking import demo_province_scored
from cds.lib.errors import InputError
from cds.lib.periods import Period, parse_period
from cds.reports.dti_report import points, rank_change
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.parts import BuiltReport
from cds.reports.windows import declare_window
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.services import Actor

from .conftest import approve_all
from .test_reports import _golden


@pytest.fixture
def dti_demo(units: None) -> Unit:
    return demo_province_scored()


def _docx(built: BuiltReport) -> DocxDocument:
    return Document(io.BytesIO(built.document.to_bytes()))


@pytest.mark.django_db
def test_the_dti_report_of_the_demo_province(dti_demo):
    """One build, every check (the fixture costs seconds): table = rank_scope, narrative = golden."""
    province = dti_demo
    built = build_report("dti", province, parse_period("2024"), ReportOptions(number=12))
    assert built.check.ok  # read back through cds report check: nothing contradicts itself
    ranking = rank_scope(2024, province, "commune")
    doc = _docx(built)
    table = doc.tables[-1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0][:4] == ["Stt", "Đơn vị", "Tổng điểm", "Xếp hạng"]
    assert len(rows) - 1 == len(ranking.entries)
    for row, entry in zip(rows[1:], ranking.entries, strict=True):
        assert row[1] == entry.unit.name
        if entry.rank is None:
            assert row[2:4] == ["", "Không xếp hạng"]
            continue
        assert row[2] == points(entry.score)
        assert row[3] == f"{entry.rank}/{entry.ranked_of}"
        if entry.previous_rank is not None:
            assert row[5] == f"{entry.previous_rank}/{entry.previous_of}"
    # the repeated header row and the landscape appendix section
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    assert doc.sections[-1].page_width > doc.sections[-1].page_height
    text = "\n".join(p.text for p in doc.paragraphs)
    top = ranking.top(1)[0]
    assert f"{top.unit.name}: {points(top.score)} điểm, xếp thứ 1/{top.ranked_of}" in text
    for entry in ranking.not_assessed:  # named in one sentence (test below)
        assert f"{entry.unit.short_name}" in text.split("Không tự đánh giá đúng hạn, không được xếp hạng")[1]
    # the framework is quoted without its editorial notes ("(mẫu có thể sửa)", the " — …" tail)
    assert "cấp xã năm 2024 theo Bộ chỉ số DTI cấp xã, UBND tỉnh Quảng Ngãi báo cáo" in built.narrative
    assert "mẫu có thể sửa" not in built.narrative
    # compared on both databases: the DTI app's fast scoring path (29f9b49) scores the seeded demo
    # the same on PostgreSQL as on SQLite (it did not before: 151 units "thiếu dữ liệu" there)
    _golden("quang_ngai_dti_2024.txt", built.narrative)


@pytest.mark.django_db
def test_a_commune_report_ranks_it_among_its_districts_communes(dti_demo):
    son_nham = resolve_unit("xã Sơn Nham, huyện Sơn Hà", era="legacy")
    year = parse_period("2024")
    window = Period.between(dt.date(2023, 12, 15), dt.date(2024, 10, 31))
    declare_window(son_nham, year, window, compute=False)
    built = build_report("dti", son_nham, year, ReportOptions(charts=False))
    ranking = rank_scope(2024, son_nham.parent, "commune")
    entry = ranking.find(son_nham.pk)
    assert entry is not None and entry.rank is not None
    # the field it was ranked in, named: not "các đơn vị cùng cấp" (for a commune, the province's 170)
    assert (
        f"xếp thứ {entry.rank}/{entry.ranked_of} trong các đơn vị cấp xã thuộc huyện Sơn Hà"
        in built.narrative
    )
    # a ranking reads every unit on the same year; the commune's own declared window is named in
    # its own voice, not read (and not as «1 đơn vị … : Xã Sơn Nham (…)»)
    assert (
        "Điểm của tất cả các đơn vị được tính trên số liệu năm 2024 (từ ngày 1/1/2024 đến ngày 31/12/2024); "
        "số liệu theo khoảng 15/12/2023–31/10/2024 mà xã Sơn Nham đã khai báo cho báo cáo năm của mình "
        "không được dùng để chấm điểm, xếp hạng."
    ) in built.narrative
    assert "1 đơn vị đã khai báo khoảng số liệu khác" not in built.narrative
    # the count of the field names the district it covers, not "14 đơn vị cấp xã" of no place
    assert f"Có {len(ranking.ranked)} đơn vị cấp xã thuộc huyện Sơn Hà được xếp hạng" in built.narrative
    with pytest.raises(InputError, match="không dùng khoảng số liệu riêng") as err:
        build_report("dti", son_nham, year, ReportOptions(charts=False, window=window))
    assert "takes no data window" in err.value.en


@pytest.mark.django_db
def test_the_dti_report_without_results_or_for_a_quarter_explains_in_both_languages(units):
    province = resolve_unit("tỉnh Quảng Ngãi", era="legacy")
    with pytest.raises(InputError) as err:
        build_report("dti", province, parse_period("2024"))
    assert "DTI" in err.value.vi and "DTI" in err.value.en
    with pytest.raises(InputError) as err:
        build_report("dti", province, parse_period("2024Q1"))
    assert "năm" in err.value.vi and "year" in err.value.en


@pytest.mark.django_db
def test_ranks_of_fields_of_different_sizes_are_not_compared(dti_demo):
    """151 ranked in 2024, 161 in 2023 (issue 14: "xếp thứ 151/151, tăng 8 bậc"): last year's rank
    and score are given, the change in rank is not, and the report says why."""
    province = dti_demo
    built = build_report("dti", province, parse_period("2024"), ReportOptions(charts=False))
    ranking = rank_scope(2024, province, "commune")
    top = ranking.top(1)[0]
    assert top.ranked_of != top.previous_of  # the demo's fields differ
    text = built.narrative
    assert " bậc so với năm 2023" not in text
    assert "đơn vị tăng hạng" not in text and "Các đơn vị tụt hạng nhiều nhất" not in text
    assert f"xếp thứ 1/{top.ranked_of}; năm 2023 xếp thứ {top.previous_rank}/{top.previous_of} (" in text
    assert f"số đơn vị được xếp hạng năm 2024 ({top.ranked_of}) khác năm 2023 ({top.previous_of})" in text
    rows = [[c.text for c in r.cells] for r in _docx(built).tables[-1].rows]
    assert "Thay đổi thứ hạng" not in rows[0] and not any("bậc" in c for row in rows for c in row)


@pytest.mark.django_db
def test_a_commune_report_leads_with_the_communes_own_result_and_pillars(dti_demo):
    son_nham = resolve_unit("xã Sơn Nham, huyện Sơn Hà", era="legacy")
    built = build_report("dti", son_nham, parse_period("2024"), ReportOptions(charts=False))
    entry = rank_scope(2024, son_nham.parent, "commune").find(son_nham.pk)
    assert entry is not None
    lines = built.narrative.splitlines()
    assert lines[1] == "# Kết quả của xã Sơn Nham"
    assert lines[2].startswith(f"Năm 2024, xã Sơn Nham đạt {points(entry.score)} điểm, xếp thứ {entry.rank}/")
    own = "\n".join(lines[: lines.index("# Kết quả chung")])
    assert "Nhận thức số: " in own and "điểm, xếp thứ" in own  # each pillar's score and rank


@pytest.mark.django_db
def test_a_periodic_report_states_the_units_own_dti_result_with_last_years(dti_demo):
    from cds.dti.ranking import change_text, peer_rank

    approve_all()  # an official report reads approved values (none: refused as empty)
    son_nham = resolve_unit("xã Sơn Nham, huyện Sơn Hà", era="legacy")
    built = build_report("periodic", son_nham, parse_period("2024"), ReportOptions(charts=False))
    now, before = peer_rank(son_nham, 2024), peer_rank(son_nham, 2023)
    assert now is not None and before is not None and now[1] == before[1]  # the same 14 communes
    assert "## Kết quả chỉ số chuyển đổi số (DTI)" in built.narrative
    assert (
        f"Năm 2024, xã Sơn Nham đạt {points(now[2])} điểm chỉ số chuyển đổi số (DTI), xếp thứ {now[0]}/{now[1]}"
        f" trong các đơn vị cấp xã thuộc huyện Sơn Hà, {change_text(before[0], now[0])} so với năm 2023"
        f" (thứ {before[0]}/{before[1]}, {points(before[2])} điểm; điểm số " in built.narrative
    )


def _scored(*pairs: tuple[str, str]) -> list[tuple[Any, Decimal]]:
    from decimal import Decimal
    from types import SimpleNamespace

    out = []
    for name, score in pairs:
        unit = SimpleNamespace(unit_type="Xã", short_name=name, name=f"Xã {name}")
        out.append((SimpleNamespace(unit=unit), Decimal(score)))
    return out


def test_a_pillars_best_and_worst_name_every_tied_unit_in_vietnamese_order():
    """Issue 14: «cao nhất: xã Sơn Cao và 1 đơn vị khác» left the signer asking which one."""
    from decimal import Decimal

    from cds.reports.dti_report import tied_units

    scored = _scored(("Sơn Lập", "90"), ("Sơn Cao", "90"), ("Đinh Lễ", "70"), ("Ba Dinh", "90"))
    assert tied_units(scored, Decimal("90")) == "xã Ba Dinh, xã Sơn Cao và xã Sơn Lập"
    assert tied_units(scored, Decimal("70")) == "xã Đinh Lễ"
    assert (
        tied_units(_scored(("Sơn Cao", "90"), ("Sơn Lập", "90.001")), Decimal("90"))
        == "xã Sơn Cao và xã Sơn Lập"
    )


def test_a_long_tie_names_the_first_five_and_counts_the_rest():
    from decimal import Decimal

    from cds.reports.dti_report import tied_units

    names = ["Ba Dinh", "Ba Tơ", "Bình Sơn", "Đức Phổ", "An Phú", "Sơn Hà", "Trà Bồng"]
    text = tied_units(_scored(*[(n, "100") for n in names]), Decimal("100"))
    assert text == "xã An Phú, xã Ba Dinh, xã Ba Tơ, xã Bình Sơn, xã Đức Phổ và 2 đơn vị khác"


@pytest.mark.django_db
def test_the_province_appendix_fits_each_row_on_one_line_and_says_once_why_ranks_are_not_compared(dti_demo):
    """Issue 14 (session 10's reading): «không so sánh được» in every row of the province's appendix
    wrapped each row onto two lines (14 pages for ~8). The change column holds only real changes;
    with none it is left out, and one note under the table says why."""
    province = dti_demo
    built = build_report("dti", province, parse_period("2024"), ReportOptions(charts=False))
    ranking = rank_scope(2024, province, "commune")
    top = ranking.top(1)[0]
    assert top.ranked_of != top.previous_of  # the demo's fields differ
    doc = _docx(built)
    rows = [[c.text for c in r.cells] for r in doc.tables[-1].rows]
    assert "Thay đổi thứ hạng" not in rows[0]
    assert not any("so sánh" in cell for row in rows for cell in row)
    note = (
        f"Ghi chú: số đơn vị được xếp hạng năm 2024 ({top.ranked_of}) khác năm 2023 ({top.previous_of}) "
        "nên không so sánh thứ hạng."
    )
    assert doc.paragraphs[-1].text == note
    for row, entry in zip(rows[1:], ranking.entries, strict=True):
        if entry.rank is None:
            assert row[3] == "Không xếp hạng"


def test_the_change_cell_is_short_and_empty_when_there_is_nothing_to_compare():
    from cds.dti.ranking import Entry, Previous

    def entry(
        rank: int | None, previous: int | None, of: int = 14, previous_of: int = 14, comparable: bool = True
    ) -> Entry:
        return Entry(
            unit=cast(Unit, None),  # rank_change reads the ranks only
            status="",
            score=None,
            max_total=None,
            source="",
            rank=rank,
            ranked_of=of,
            previous=Previous(comparable=comparable),
            previous_rank=previous,
            previous_of=previous_of,
        )

    assert rank_change(entry(3, 6)) == "tăng 3 bậc"
    assert rank_change(entry(6, 3)) == "tụt 3 bậc"
    assert rank_change(entry(4, 4)) == "giữ nguyên"
    assert rank_change(entry(4, 4, of=14, previous_of=15)) == ""  # fields differ: the note says so
    assert rank_change(entry(4, None)) == ""  # no rank last year: the «Hạng năm» cell is empty
    assert rank_change(entry(None, 4)) == ""  # not ranked: the rank cell says so
    assert rank_change(entry(4, 4, comparable=False)) == ""


@pytest.mark.django_db
def test_a_pillar_with_no_assessed_criteria_reads_chua_co_so_lieu_and_a_real_zero_stays_zero(dti_demo):
    """Scoring adds nothing for a missing criterion, so a pillar none of whose criteria were
    assessed is stored as 0: unknown is never printed as 0; a 0 of assessed criteria stays 0."""
    from cds.dti.models import Result
    from cds.dti.services import framework_of, frameworks_for_year

    son_nham = resolve_unit("xã Sơn Nham, huyện Sơn Hà", era="legacy")
    framework = framework_of(frameworks_for_year(2024, "commune")[0])
    unknown, zero = framework.pillars[2], framework.pillars[3]  # Hạ tầng số, Nhân lực số
    result = Result.objects.get(unit=son_nham, year=2024)
    result.pillar_scores = {**result.pillar_scores, unknown.code: "0.00", zero.code: "0.00"}
    result.missing_items = sorted({*(result.missing_items or []), *(i.code for i in unknown.items)})
    result.save()
    built = build_report("dti", son_nham, parse_period("2024"), ReportOptions(charts=False))
    own = built.narrative.split("# Kết quả chung")[0]
    assert f"- {unknown.name_vi} (tối đa 100 điểm): chưa có số liệu (chưa tiêu chí nào được đánh giá)." in own
    assert f"- {zero.name_vi}: 0/100 điểm, xếp thứ " in own
    assert f"{unknown.name_vi}: 0/" not in built.narrative
    # the field's analysis leaves the unknown out (and counts it); the real 0 is its lowest
    pillars = built.narrative.split("Phân tích theo trụ cột")[1]
    line = next(x for x in pillars.splitlines() if x.startswith(f"- {unknown.name_vi} "))
    assert "1 đơn vị chưa có số liệu, không tính" in line and "xã Sơn Nham" not in line
    line = next(x for x in pillars.splitlines() if x.startswith(f"- {zero.name_vi} "))
    assert "thấp nhất: xã Sơn Nham (0 điểm)" in line
    # the appendix: «–» with the note under the table, the real zero as 0
    doc = _docx(built)
    rows = [[c.text for c in r.cells] for r in doc.tables[-1].rows]
    row = next(r for r in rows if r[1] == son_nham.name)
    header = rows[0]
    assert row[header.index(unknown.name_vi)] == "–"
    assert row[header.index(zero.name_vi)] == "0"
    assert "«–»: trụ cột chưa có số liệu" in doc.paragraphs[-1].text


@pytest.mark.django_db
def test_a_commune_dti_report_assesses_its_own_pillars_and_does_not_repeat_the_periodic_khó_khăn(dti_demo):
    """Issue 14 (session 10's reading): the commune's DTI report printed the periodic report's
    «Thuận lợi / Khó khăn / Nguyên nhân» word for word. Its assessment is its own DTI result: the
    pillars above and below the mean of the communes it was ranked with, each with both scores."""
    from cds.reports.narrative import save_sections

    son_nham = resolve_unit("xã Sơn Nham, huyện Sơn Hà", era="legacy")
    year = parse_period("2024")
    periodic = "Chưa có cơ chế hỗ trợ cho cán bộ làm nhiệm vụ chuyển đổi số."
    save_sections(son_nham, year, {"kho_khan": periodic}, Actor("test", "test"))
    built = build_report("dti", son_nham, year, ReportOptions(charts=False))
    assert periodic not in built.narrative and "Khó khăn, hạn chế" not in built.narrative
    ranking = rank_scope(2024, son_nham.parent, "commune")
    entry = ranking.find(son_nham.pk)
    assert entry is not None
    own = built.narrative.split("# Kết quả chung")[0]
    above = next(x for x in own.splitlines() if x.startswith("So với điểm bình quân"))
    assert above.startswith(
        "So với điểm bình quân của các đơn vị cấp xã thuộc huyện Sơn Hà, xã Sơn Nham cao hơn ở "
    )
    below = next(x for x in own.splitlines() if x.startswith("Xã Sơn Nham thấp hơn bình quân ở "))
    for code, name in (("ha_tang_so", "Hạ tầng số"), ("xa_hoi_so", "Xã hội số")):
        scores = [e.pillar_scores[code] for e in ranking.ranked]
        mean = sum(scores) / len(scores)
        # each pillar with both figures, in the sentence its side of the district's mean says
        mine = entry.pillar_scores[code]
        said = f"{name} ({points(mine)} so với {points(mean)} điểm)"
        assert said in (above if mine > mean else below) and said not in (below if mine > mean else above)


@pytest.mark.django_db
def test_the_units_not_ranked_for_one_reason_are_named_in_one_sentence(dti_demo):
    """The province's report listed 19 lines «- Xã …: không tự đánh giá đúng hạn, không xếp hạng.»
    (most of a page); one sentence names them, in Vietnamese order."""
    province = dti_demo
    built = build_report("dti", province, parse_period("2024"), ReportOptions(charts=False))
    ranking = rank_scope(2024, province, "commune")
    missing = ranking.not_assessed
    assert len(missing) > 1
    assert ": không tự đánh giá đúng hạn, không xếp hạng." not in built.narrative
    line = next(x for x in built.narrative.splitlines() if x.startswith("Không tự đánh giá đúng hạn"))
    assert line.startswith(f"Không tự đánh giá đúng hạn, không được xếp hạng ({len(missing)} đơn vị): xã ")
    for entry in missing:
        assert entry.unit.short_name in line


@pytest.mark.django_db
def test_a_wording_file_written_before_the_new_sentences_still_builds_and_never_prints_unknown_as_0(
    dti_demo, tmp_path
):
    import yaml

    from cds.reports.wording import WORDING_DIR

    wording = yaml.safe_load((WORDING_DIR / "vi.yaml").read_text(encoding="utf-8"))
    for key in (
        "own_above",
        "own_below",
        "own_pillar_unknown",
        "appendix_unknown_note",
        "not_assessed_units",
    ):
        del wording["dti"][key]
    path = tmp_path / "tinh.yaml"
    path.write_text(yaml.safe_dump(wording, allow_unicode=True), encoding="utf-8")
    province = dti_demo
    built = build_report(
        "dti", province, parse_period("2024"), ReportOptions(charts=False, wording=str(path))
    )
    assert "Không tự đánh giá đúng hạn, không được xếp hạng (" in built.narrative


@pytest.mark.django_db
def test_a_commune_that_was_not_ranked_says_so_under_its_own_heading(dti_demo):
    """The demo's xã Tịnh Khê 2025 report went straight to the province's ranked units and named
    the commune only inside the list of those not ranked: its own section says it first."""
    province = dti_demo
    missing = rank_scope(2024, province, "commune").not_assessed[0].unit
    built = build_report("dti", missing, parse_period("2024"), ReportOptions(charts=False))
    lines = built.narrative.splitlines()
    name = f"{missing.unit_type.lower()} {missing.short_name}"
    assert lines[1] == f"# Kết quả của {name}"
    assert lines[2] == (
        f"Năm 2024, {name} không tự đánh giá đúng hạn nên không được xếp hạng trong "
        f"các đơn vị cấp xã thuộc {missing.parent.unit_type.lower()} {missing.parent.short_name}."
    )
    assert lines[3] == "# Kết quả chung"
