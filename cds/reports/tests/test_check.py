"""A report checks itself: the checker on hand-made DOCX with deliberate contradictions, and every
report type built and read back through it."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import yaml
from django.core.management import CommandError, call_command
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from cds.lib.vn_numbers import format_number, format_percent
from cds.reports.check import DocText, check_doc, check_docx

# --- hand-made documents --------------------------------------------------------------------------


def _docx(paragraphs: list[str], tables: Sequence[Sequence[Sequence[str]]] = ()) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    for rows in tables:
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.rows[r].cells[c].text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _problems(
    paragraphs: list[str],
    tables: Sequence[Sequence[Sequence[str]]] = (),
    catalog: Any = None,
    expected: Any = None,
) -> list[str]:
    result = check_docx(_docx(paragraphs, list(tables)), catalog, expected)
    return [f"{p.where}: {p.vi}" for p in result.problems]


def test_a_rate_that_is_not_its_fraction_is_found_in_every_written_form():
    assert _problems(["Tỷ lệ: 17/18 = 94,44%, vượt chỉ tiêu 80%."]) == []
    wrong = [
        "Số dịch vụ có hồ sơ trực tuyến: 17/18 = 90%.",
        "Tỷ lệ hồ sơ trực tuyến đạt 90% (17/18).",
        "Số máy trạm kết nối NCSC: 08/09 máy (80%).",
        "Kết quả 7/8 cán bộ, công chức đã hoàn thành khoá học (tỷ lệ 100%, đạt chỉ tiêu 100%).",
        "Có 7/8 công chức tham gia tập huấn, đạt 100%.",
        "Số hồ sơ thanh toán trực tuyến: 1.416/1.463 = 100%.",
    ]
    for text in wrong:
        problems = _problems([text])
        assert len(problems) == 1, text
        assert problems[0].startswith("đoạn 1:")
    assert "1.416/1.463 = 96,79%, không phải 100%" in _problems([wrong[-1]])[0]


def test_a_target_or_a_coverage_phrase_beside_a_fraction_is_not_taken_for_its_rate():
    assert _problems(["5/13 đơn vị đạt chỉ tiêu 80%."]) == []
    assert _problems(["cả 13/13 đơn vị đều đạt chỉ tiêu 80%."]) == []
    assert _problems(["Tỷ lệ hồ sơ trực tuyến (theo số liệu của 13/170 xã) đạt 45,2%."]) == []
    assert _problems(["Theo số liệu của 13/170 xã, tỷ lệ 45,2%."]) == []
    assert _problems(["Kế hoạch số 37/KH-UBND ngày 15/12/2023; tỷ lệ 45%."]) == []  # not fractions


def test_a_rate_is_judged_to_the_decimals_it_states():
    assert _problems(["2/3 = 66,67%", "2/3 = 66,7%", "2/3 = 67%", "1/3 = 33,33%"]) == []
    assert len(_problems(["2/3 = 66,66%"])) == 1
    assert len(_problems(["2/3 = 66%"])) == 1
    assert "mẫu số 0" in _problems(["0/0 = 0%"])[0]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_every_rate_written_the_house_way_passes_and_one_point_off_fails(a, b):
    """House format: two decimals, trailing zeros dropped ("77%" may be 76,995–77,005 or, read
    at its stated precision, 76,5–77,5: the check reads it at the precision it states)."""
    a = min(a, b * 3)
    c = Decimal(a) / Decimal(b) * 100
    text = f"{format_number(a)}/{format_number(b)} = {format_percent(c)}"
    assert check_doc(DocText([text], [])).ok, text
    off = c + 1
    bad = f"{format_number(a)}/{format_number(b)} = {format_percent(off)}"
    assert not check_doc(DocText([bad], [])).ok, bad


UNITS_TABLE = [
    ["Stt", "Đơn vị", "Tổng số hồ sơ", "Tỷ lệ hồ sơ trực tuyến", "Đạt chỉ tiêu", "Đầy đủ số liệu"],
    ["1", "Xã An", "1.200", "50%", "Đạt", "3/3"],
    ["2", "Xã Bình", "", "", "", "0/3"],
    ["3", "Xã Châu", "263", "20%", "Chưa đạt", "3/3"],
]


def test_a_total_row_that_is_not_the_sum_of_its_rows_is_found():
    right = [*UNITS_TABLE, ["Tổng cộng", "Tổng cộng", "1.463", "45,52%", "1/2", "2/3"]]
    assert _problems([], [right]) == []
    wrong = [*UNITS_TABLE, ["Tổng cộng", "Tổng cộng", "1.500", "45,52%", "1/2", "2/3"]]
    (problem,) = _problems([], [wrong])
    assert "Tổng số hồ sơ" in problem and "1.500" in problem and "1463" in problem
    miscounted = [*UNITS_TABLE, ["Tổng cộng", "Tổng cộng", "1.463", "45,52%", "2/2", "2/3"]]
    (problem,) = _problems([], [miscounted])
    assert "1/2 đơn vị đạt" in problem


def test_a_marked_total_and_approximate_rows_are_still_summed():
    table = [
        ["Stt", "Hoạt động", "CBCC", "Người dân"],
        ["1", "Tập huấn", "29", "hơn 2.000"],
        ["2", "Hướng dẫn", "39", "831"],
        ["Tổng cộng", "Tổng cộng", "68*", "2.831"],
    ]
    assert _problems([], [table]) == []
    table[-1][3] = "2.832"
    assert len(_problems([], [table])) == 1


@dataclass(frozen=True)
class _Def:
    code: str
    name_vi: str
    kind: str = "count"
    numerator: str | None = None
    denominator: str | None = None
    scale: int = 100
    name_en: str = ""


class _Catalog:
    """The three catalog entries the appendix below names (the real catalog has them too)."""

    defs = {
        "dvc.dossiers_total": _Def("dvc.dossiers_total", "Tổng số hồ sơ thủ tục hành chính"),
        "dvc.dossiers_online": _Def("dvc.dossiers_online", "Số hồ sơ trực tuyến"),
        "dvc.online_dossier_rate": _Def(
            "dvc.online_dossier_rate",
            "Tỷ lệ hồ sơ trực tuyến",
            "rate",
            "dvc.dossiers_online",
            "dvc.dossiers_total",
        ),
    }

    def definitions(self) -> list[_Def]:
        return list(self.defs.values())

    def __getitem__(self, code: str) -> _Def:
        return self.defs[code]


INDICATORS = [
    ["Stt", "Chỉ tiêu", "Đơn vị tính", "năm 2024", "năm 2023", "Chỉ tiêu giao"],
    ["1", "Tổng số hồ sơ thủ tục hành chính", "hồ sơ", "58", "", ""],
    ["2", "Số hồ sơ trực tuyến", "hồ sơ", "39", "", ""],
    ["3", "Tỷ lệ hồ sơ trực tuyến", "%", "100%", "", "Đạt"],
]


def test_a_rate_beside_parts_from_another_window_is_found():
    """The Sơn Nham symptom: 58 dossiers, 39 online (calendar 2024) beside 100% (the window)."""
    (problem,) = _problems([], [INDICATORS], catalog=_Catalog())
    assert "Tỷ lệ hồ sơ trực tuyến" in problem and "39/58" in problem and "67,24%" in problem
    fixed = [r[:] for r in INDICATORS]
    fixed[3][3] = "67,24%"
    assert _problems([], [fixed], catalog=_Catalog()) == []


def test_an_appendix_value_must_be_in_the_provenance_appendix_and_the_data():
    provenance = [
        ["Stt", "Chỉ tiêu", "Giá trị", "Kỳ số liệu", "Nguồn", "Tham chiếu", "Lô nhập"],
        ["1", "Tổng số hồ sơ thủ tục hành chính", "58", "năm 2024", "Tính toán", "", ""],
        ["2", "Số hồ sơ trực tuyến", "38", "năm 2024", "Tính toán", "", ""],
    ]
    tables = [INDICATORS[:3], provenance]
    (problem,) = _problems([], tables)
    assert "Số hồ sơ trực tuyến" in problem and "38" in problem
    provenance[2][2] = "39"
    assert _problems([], tables) == []
    expected = {"Tổng số hồ sơ thủ tục hành chính": "58", "Số hồ sơ trực tuyến": "40"}
    (problem,) = _problems([], tables, expected=expected)
    assert "dữ liệu hiện có là 40" in problem


def test_a_rolled_up_figure_from_some_units_must_say_whose_figures_it_states():
    table = [*UNITS_TABLE, ["Tổng cộng", "Tổng cộng", "1.463", "45,52%", "1/2", "2/3"]]
    text = [
        "I. Tình hình báo cáo số liệu của các đơn vị",
        "- Có 2/3 đơn vị đã báo cáo.",
        "II. Kết quả triển khai chuyển đổi số năm 2024",
        "1. Công tác chỉ đạo",
        "UBND huyện đã ban hành 20 văn bản chỉ đạo.",  # the district's own acts: scope own, not rolled up
        "Trên địa bàn có 7 Tổ công nghệ số cộng đồng.",
        "Tổng số hồ sơ theo số liệu của 2/3 xã: 1.463 hồ sơ.",
        "III. Đánh giá chung",
        "Năm 2024 có 3 khó khăn.",
    ]
    (problem,) = _problems(text, [table])
    assert problem.startswith("đoạn 6:") and "2/3" in problem and "7 Tổ" in problem
    full = [r[:] for r in table]
    full[2] = ["2", "Xã Bình", "0", "0%", "Chưa đạt", "3/3"]
    full[-1][-1] = "3/3"
    full[-1][4] = "1/3"
    full[2][4] = "Chưa đạt"
    assert _problems(text, [full]) == []


def test_a_file_that_is_not_a_docx_is_a_bilingual_error(tmp_path):
    path = tmp_path / "x.docx"
    path.write_text("not a zip")
    with pytest.raises(CommandError, match=r"Không đọc được tệp DOCX.*Cannot read the DOCX"):
        call_command("report", "check", str(path))


@pytest.mark.django_db  # the command reads the catalog to check rates against their parts
def test_cds_report_check_names_each_contradiction_and_fails(tmp_path, capsys):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(_docx(["Tỷ lệ: 17/18 = 90%."]))
    with pytest.raises(CommandError) as err:
        call_command("report", "check", str(path))
    message = str(err.value)
    assert "Báo cáo có chỗ mâu thuẫn (1 lỗi)" in message and "không ghi tệp" not in message
    assert "đoạn 1" in message and "17/18 = 94,44%, không phải 90%" in message
    assert "paragraph 1" in message and "17/18 is 94,44%, not 90%" in message
    path.write_bytes(_docx(["Tỷ lệ: 17/18 = 94,44%."]))
    call_command("report", "check", str(path))
    assert "Không có mâu thuẫn / no contradictions: 1 tỷ lệ" in capsys.readouterr().out


# --- built reports ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_report_whose_wording_contradicts_its_data_is_not_written(sample_figures, tmp_path):
    """A province's edited wording that types a rate by hand: the build refuses, says why, writes nothing."""
    from cds.reports.wording import WORDING_DIR

    wording = yaml.safe_load((WORDING_DIR / "vi.yaml").read_text(encoding="utf-8"))
    typed = " Tỷ lệ dịch vụ có hồ sơ trực tuyến: {dvc.services_with_online_dossiers_rate|fraction} = 90%."
    wording["periodic"]["intro"] += typed
    custom = tmp_path / "wording.yaml"
    custom.write_text(yaml.safe_dump(wording, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "bao-cao.docx"
    with pytest.raises(CommandError) as err:
        call_command(
            "report", "build", "--type", "periodic", "--unit", "xã Sơn Nham, huyện Sơn Hà", "--period", "2024",
            "--wording", str(custom), "--no-charts", "-o", str(out),
        )  # fmt: skip
    assert "Báo cáo tự mâu thuẫn, không ghi tệp" in str(err.value)
    assert "17/18 = 94,44%, không phải 90%" in str(err.value) and "not written" in str(err.value)
    assert not out.exists()


@pytest.mark.django_db
def test_the_periodic_report_passes_its_check_and_so_does_the_file_against_the_data(sample_figures, tmp_path):
    out = tmp_path / "son-nham.docx"
    call_command(
        "report", "build", "--type", "periodic", "--unit", "xã Sơn Nham, huyện Sơn Hà", "--period", "2024",
        "--no-charts", "-o", str(out),
    )  # fmt: skip
    result = check_docx(out)
    # the official file has no provenance appendix (issue 14): alone, its values trace to nothing …
    assert result.ok and result.rates >= 8 and result.sources == 0
    stdout = io.StringIO()
    call_command(
        "report", "check", str(out), "--unit", "xã Sơn Nham, huyện Sơn Hà", "--period", "2024", stdout=stdout
    )  # fmt: skip
    sources = int(re.search(r"(\d+) nguồn", stdout.getvalue()).group(1))
    assert sources >= 60  # … against the data, every indicator appendix value is traced


@pytest.mark.django_db
def test_the_check_against_the_data_finds_a_value_changed_after_the_report_was_built(
    sample_figures, tmp_path
):
    from cds.values.models import DataValue

    out = tmp_path / "son-nham.docx"
    call_command(
        "report",
        "build",
        "--unit",
        "xã Sơn Nham, huyện Sơn Hà",
        "--period",
        "2024",
        "--no-charts",
        "-o",
        str(out),
    )
    DataValue.objects.filter(
        unit__short_name="Sơn Nham", indicator__code="infra.internet_users", period="2024"
    ).update(number=265)
    with pytest.raises(CommandError, match="báo cáo ghi 264, dữ liệu hiện có là 265"):
        call_command("report", "check", str(out), "--unit", "xã Sơn Nham, huyện Sơn Hà", "--period", "2024")


@pytest.mark.django_db
def test_the_training_report_passes_its_check_with_its_total_row_verified(sample_figures):
    from cds.lib.periods import parse_period
    from cds.reports.kinds import ReportOptions, build_report
    from cds.units.services import resolve_unit

    period = parse_period("2023Q3")
    unit = resolve_unit("xã Tịnh Châu, thành phố Quảng Ngãi", as_of=period.end)
    built = build_report("training", unit, period, ReportOptions(charts=False))
    assert built.check.ok and built.check.totals == 3


@pytest.mark.django_db
def test_the_consolidated_report_of_a_fully_covered_tree_passes_its_check(units):
    """Both communes of a small district report: totals are checked against their rows."""
    from cds.lib.periods import parse_period
    from cds.reports.kinds import ReportOptions, build_report
    from cds.reports.tests.conftest import approve_all
    from cds.units.testing import small_tree
    from cds.values.services import Actor, ValueInput, record_values

    tree = small_tree()
    period = parse_period("2024")
    codes = [
        "dvc.dossiers_total", "dvc.dossiers_online", "dvc.fee_dossiers", "dvc.online_paid_dossiers",
        "dvc.dossiers_digitised", "dvc.services_with_dossiers", "dvc.services_with_online_dossiers",
        "pop.population", "society.vneid_level2", "training.officials_completed",
    ]  # fmt: skip
    figures = {
        "a": [1200, 600, 300, 150, 900, 20, 12, 5000, 3000, 8],
        "b": [263, 50, 40, 5, 100, 10, 2, 3000, 900, 6],
    }
    inputs = [
        ValueInput(tree[key], code, period, value)
        for key, values in figures.items()
        for code, value in zip(codes, values, strict=True)
    ]
    record_values(inputs, Actor("test", "import"))
    approve_all()
    built = build_report("consolidated", tree["district"], period, ReportOptions(charts=False))
    total = built.appendix_rows["units"][-1]
    assert total[0] == "Tổng cộng" and total[2] == "1.463" and total[-1] == "2/2"
    assert built.check.ok and built.check.totals == 2  # the two count columns; rates are not sums


@pytest.mark.django_db
def test_a_consolidated_report_of_a_partly_covered_scope_says_whose_figures_or_is_refused(sample_figures):
    """TP Quảng Ngãi 2023Q3: 1 of 23 communes has figures (Nghĩa An and Nghĩa Phú were communes until
    1/1/2025). Every rolled-up figure either says "theo số liệu của …" or, below the coverage
    threshold, is not written as a total: the report passes its own check either way."""
    from cds.lib.periods import parse_period
    from cds.reports.kinds import ReportOptions, build_report
    from cds.units.services import resolve_unit

    period = parse_period("2023Q3")
    unit = resolve_unit("thành phố Quảng Ngãi", as_of=period.end)
    built = build_report("consolidated", unit, period, ReportOptions(charts=False))
    assert built.check.ok
    assert built.check.coverage > 0 or "1/23 xã có số liệu" in built.narrative


@pytest.mark.django_db
def test_a_district_sentence_from_one_of_its_communes_must_say_so(units, settings):
    """Issue 12: "UBND huyện đã ban hành 20 văn bản" when 1 of the district's communes reported.
    Documents issued are the UBND's own acts (never summed from communes); dossiers are the
    area's, so a total from 1 of 2 communes says whose figures it adds up."""
    from cds.lib.periods import parse_period
    from cds.reports.kinds import ReportOptions, build_report
    from cds.reports.tests.conftest import approve_all
    from cds.units.testing import small_tree
    from cds.values.services import Actor, ValueInput, record_values

    settings.CDS_REPORT_MIN_COVERAGE = 0
    tree = small_tree()
    period = parse_period("2024")
    record_values(
        [
            ValueInput(tree["a"], "docs.issued_total", period, 20),
            ValueInput(tree["a"], "dvc.dossiers_total", period, 5),
        ],
        Actor("test", "import"),
    )
    approve_all()
    built = build_report("consolidated", tree["district"], period, ReportOptions(charts=False))
    assert built.check.ok
    assert "ban hành 20" not in built.narrative  # the commune's own acts are not the district's


@pytest.mark.django_db
def test_a_batch_lists_each_refused_report_zips_none_of_them_and_fails(sample_figures, tmp_path):
    import zipfile

    from cds.lib.periods import parse_period
    from cds.reports.batch import build_batch
    from cds.reports.kinds import ReportOptions
    from cds.reports.wording import WORDING_DIR
    from cds.units.services import resolve_unit

    wording = yaml.safe_load((WORDING_DIR / "vi.yaml").read_text(encoding="utf-8"))
    wording["training"]["sections"][0]["items"].insert(
        0, "Tỷ lệ: {training.officials_completed_rate|fraction} = 1%."
    )
    custom = tmp_path / "wording.yaml"
    custom.write_text(yaml.safe_dump(wording, allow_unicode=True), encoding="utf-8")
    period = parse_period("2023Q3")
    city = resolve_unit("thành phố Quảng Ngãi", as_of=period.end)
    out = tmp_path / "bao-cao.zip"
    result = build_batch("training", city, period, ReportOptions(wording=str(custom)), out, workers=1)
    (failed,) = [line for line in result.failed if "Tịnh Châu" in line]
    assert "29/29 = 100%, không phải 1%" in failed and "29/29 is 100%, not 1%" in failed
    with zipfile.ZipFile(out) as zf:
        assert not any("Tịnh Châu" in name for name in zf.namelist())
    with pytest.raises(CommandError, match="báo cáo không tạo được"):
        call_command(
            "report", "batch", "--type", "training", "--unit", "thành phố Quảng Ngãi", "--period", "2023Q3",
            "--wording", str(custom), "--workers", "1", "-o", str(tmp_path / "b.zip"),
        )  # fmt: skip


@pytest.mark.django_db
def test_a_built_consolidated_report_passes_the_file_check_without_the_database(
    sample_figures, tmp_path, capsys
):
    """TP Quảng Ngãi 2022: the city's own typed totals ("163 Tổ", "99,5%") are not roll-ups of
    its 21/22 reporting communes. The build writes what it knows of each figure sentence into the
    file (a custom property), so `cds report check FILE` agrees with the build's own check."""
    import zipfile

    from cds.lib.periods import parse_period
    from cds.reports.check import FIGURES_PROPERTY, read_docx
    from cds.reports.kinds import ReportOptions, build_report
    from cds.units.services import resolve_unit

    period = parse_period("2022")
    city = resolve_unit("thành phố Quảng Ngãi", as_of=period.end)
    built = build_report("consolidated", city, period, ReportOptions(charts=False))
    path = tmp_path / "tp-quang-ngai-2022.docx"
    built.save(path)
    with zipfile.ZipFile(path) as zf:
        assert FIGURES_PROPERTY.encode() in zf.read("docProps/custom.xml")
    assert "own" in read_docx(path).figures.values()
    call_command("report", "check", str(path))
    assert "Không có mâu thuẫn" in capsys.readouterr().out


def test_a_consolidated_report_citing_the_registers_passes_the_file_check_without_the_database(
    sample_figures, tmp_path, capsys
):
    """The demo's TP Quảng Ngãi 2022 (21/22 communes reporting) cites the city's own documents:
    "Công văn số 377/UBND ngày 28/1/2022" is a register record, not a roll-up that must say
    «theo số liệu của 21/22 xã» — `cds report check FILE` refused it (the golden matrix found it)."""
    import datetime as dt

    from cds.lib.periods import parse_period
    from cds.registries.models import Document
    from cds.reports.kinds import ReportOptions, build_report
    from cds.units.services import resolve_unit

    period = parse_period("2022")
    city = resolve_unit("thành phố Quảng Ngãi", as_of=period.end)
    Document.objects.create(
        unit=city, doc_type="CV", number="377", symbol="UBND", issued_on=dt.date(2022, 1, 28),
        subject="về việc triển khai chuyển đổi số năm 2022",
    )  # fmt: skip
    built = build_report("consolidated", city, period, ReportOptions(charts=False))
    assert "Công văn số 377/UBND ngày 28/1/2022" in built.narrative
    path = tmp_path / "tp-quang-ngai-2022.docx"
    built.save(path)
    call_command("report", "check", str(path))
    assert "Không có mâu thuẫn" in capsys.readouterr().out


def test_a_sentence_under_its_sections_coverage_lead_needs_no_note_of_its_own():
    """A section whose aggregates all cover every commune says so once, in its lead (issue 14):
    the check of a partly reporting scope reads the lead for the sentences under it, and a later
    numbered section without a lead is checked again."""
    from cds.reports.check import CheckResult, DocText, check_coverage

    units = [
        ["Stt", "Đơn vị", "Đầy đủ số liệu"],
        ["1", "Xã A", "3/3"],
        ["2", "Xã B", "0/3"],
        ["Tổng cộng", "", "1/2"],
    ]
    paragraphs = [
        "II. Kết quả triển khai chuyển đổi số năm 2024",
        "1. Dịch vụ công",
        "Số liệu về hồ sơ thủ tục hành chính theo hồ sơ trên Hệ thống thông tin giải quyết TTHC, có hồ sơ của 2/2 xã.",
        "Tỷ lệ hồ sơ trực tuyến đạt 51,29%.",
        "2. Hạ tầng số",
        "Số thuê bao băng rộng cố định: 17.898 thuê bao.",
    ]
    result = CheckResult()
    check_coverage(DocText(paragraphs, [units]), result)
    assert [p.vi for p in result.problems if "51,29%" in p.vi] == []
    assert any("17.898" in p.vi for p in result.problems)
