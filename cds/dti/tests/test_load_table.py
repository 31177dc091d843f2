"""«cds dti load-table»: a framework read from the table a province publishes, and written back."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from cds.dti.framework import DATA_DIR, read_framework
from cds.dti.models import FrameworkVersion
from cds.dti.services import framework_of, load_framework_table
from cds.dti.tables import (
    TableRequest,
    check_official_structure,
    framework_table_rows,
    read_framework_table,
    read_method,
    write_framework_table,
)
from cds.history.models import ChangeRecord
from cds.lib.errors import InputError

pytestmark = pytest.mark.django_db

SHIPPED = DATA_DIR / "dti-xa-2025.1.yaml"
FIXTURE = Path(__file__).parent / "tables" / "dti-xa-2025.1.xlsx"
META = {
    "code": "dti-xa-bang",
    "title": "Khung từ bảng",
    "level": "commune",
    "years": [2025],
    "version": "2025.1",
}


def _shape(framework):
    return [
        (
            p.code,
            p.name_vi,
            p.name_en,
            p.max_points,
            [
                (i.code, i.name_vi, i.name_en, i.max_points, i.rule, i.evidence, i.data_source, i.verifier)
                for i in p.items
            ],
        )
        for p in framework.pillars
    ]


def test_the_shipped_table_fixture_is_the_shipped_framework_written_as_a_table(tmp_path):
    fresh = tmp_path / "fresh.xlsx"
    write_framework_table(read_framework(SHIPPED), fresh)
    read = [[c for c in row] for row in openpyxl.load_workbook(fresh).active.iter_rows(values_only=True)]
    shipped = [[c for c in row] for row in openpyxl.load_workbook(FIXTURE).active.iter_rows(values_only=True)]
    assert read == shipped


def test_a_framework_written_as_a_table_and_read_back_is_the_same_framework_and_the_same_table(tmp_path):
    original = read_framework(SHIPPED)
    reading = read_framework_table(FIXTURE, file_name=FIXTURE.name, request=TableRequest(**META))
    assert _shape(reading.framework) == _shape(original)
    assert reading.framework.total == Decimal(1000)
    assert framework_table_rows(reading.framework) == framework_table_rows(original)
    again = tmp_path / "again.xlsx"
    write_framework_table(reading.framework, again)
    second = read_framework_table(again, file_name=FIXTURE.name, request=TableRequest(**META))
    assert framework_table_rows(second.framework) == framework_table_rows(reading.framework)
    assert _shape(second.framework) == _shape(original)


def _messy(path: Path) -> None:
    """A table as a province might send it: two title rows, header on row 3, merged pillar cells,
    points written «10 điểm» and «10,5», a blank row, roman numerals, a total row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    sheet["A1"] = "BỘ CHỈ SỐ ĐÁNH GIÁ CHUYỂN ĐỔI SỐ CẤP XÃ"
    sheet["A2"] = "(Kèm theo Quyết định số …/QĐ-UBND)"
    sheet.append(
        ["TT", "Chỉ số chính", "Tiêu chí", "Điểm tối đa", "Cách tính điểm", "Minh chứng", "Đơn vị thẩm định"]
    )
    rows = [
        ["1", "Nhận thức số", "Ban Chỉ đạo CĐS do Chủ tịch làm Trưởng ban", "10 điểm",
         "Chủ tịch làm Trưởng ban: 10 điểm; Phó Chủ tịch làm Trưởng ban: 5 điểm; Chưa thành lập: 0 điểm",
         "Quyết định thành lập", "Sở KH&CN"],
        ["2", None, "Số cuộc họp Ban Chỉ đạo trong năm", "10,5",
         "Từ 4 cuộc trở lên: 10,5 điểm; 3 cuộc: 7 điểm; 2 cuộc: 5 điểm; Không họp: 0 điểm", None, None],
        [None, None, None, None, None, None, None],
        ["3", "Chính quyền số", "Tỷ lệ hồ sơ trực tuyến", 20,
         "Tỷ lệ = số hồ sơ trực tuyến/tổng số hồ sơ; Điểm = Tỷ lệ × Điểm tối đa; ≥ 80% đạt điểm tối đa", None, None],
        ["4", None, "Trang thông tin điện tử của xã", "5đ", "Có: 5 điểm; Không: 0 điểm", "Địa chỉ trang", None],
        ["5", None, "Ứng dụng nền tảng số khác", "4,5 điểm", "Đánh giá theo thực tế triển khai", None, None],
        [None, "Tổng cộng", None, "50 điểm", None, None, None],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("B4:B5")  # «Nhận thức số» written once beside its two criteria
    sheet.merge_cells("B7:B9")
    sheet.merge_cells("F4:F5")  # one evidence for both criteria
    book.save(path)


def test_a_messy_table_is_read_with_merged_cells_points_in_words_blank_rows_and_a_header_on_row_3(tmp_path):
    path = tmp_path / "khung-xa.xlsx"
    _messy(path)
    reading = read_framework_table(path, file_name=path.name, request=TableRequest(**META))
    framework = reading.framework
    assert [(p.name_vi, p.max_points) for p in framework.pillars] == [
        ("Nhận thức số", Decimal("20.5")),
        ("Chính quyền số", Decimal("29.5")),
    ]
    assert framework.total == Decimal(50)
    kinds = {line.row: (line.kind, line.rule) for line in reading.report}
    assert kinds[4] == ("item", "manual")  # labelled choices
    assert kinds[5] == ("item", "manual")  # steps, but no catalog code to score them from
    assert kinds[7] == ("item", "manual")  # proportional, no catalog code
    assert kinds[10] == ("total", "")
    head = framework.item("1.1")
    assert [(label, points) for label, points in head.rule.choices] == [
        ("Chủ tịch làm Trưởng ban", Decimal(10)),
        ("Phó Chủ tịch làm Trưởng ban", Decimal(5)),
        ("Chưa thành lập", Decimal(0)),
    ]
    notes = {line.row: line.note_en for line in reading.report}
    assert "steps" in notes[5] and "Mã chỉ tiêu" in notes[5]
    assert "proportional" in notes[7]
    assert "not recognised" in notes[9]
    assert framework.item("2.4").verifier == "" and framework.item("1.1").verifier == "Sở KH&CN"
    assert framework.item("1.2").evidence == "Quyết định thành lập"  # the merged cell covers it


def _table(tmp_path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Khung"
    sheet.append(header or ["STT", "Chỉ số thành phần", "Điểm tối đa", "Phương pháp đánh giá", "Mã chỉ tiêu"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "bang.xlsx"
    book.save(path)
    return path


def test_points_that_are_not_a_number_are_refused_naming_file_sheet_row_column_and_value(tmp_path):
    path = _table(
        tmp_path, [["I", "Nhận thức số", None, None, None], ["1", "Ban Chỉ đạo", "mười điểm", None, None]]
    )
    with pytest.raises(InputError) as caught:
        read_framework_table(path, file_name="bang.xlsx", request=TableRequest(**META))
    where = caught.value.where
    assert (where.file, where.row, where.column, where.value) == ("bang.xlsx", 3, "Điểm tối đa", "mười điểm")
    assert "trang «Khung»" in caught.value.vi and "sheet «Khung»" in caught.value.en


def test_a_component_before_any_main_indicator_and_points_that_do_not_add_up_are_explained(tmp_path):
    path = _table(tmp_path, [["1", "Ban Chỉ đạo", 10, None, None]])
    with pytest.raises(InputError) as caught:
        read_framework_table(path, file_name="bang.xlsx", request=TableRequest(**META))
    assert caught.value.where.row == 2 and "main indicator" in caught.value.en
    path = _table(tmp_path, [["I", "Nhận thức số", 30, None, None], ["1", "Ban Chỉ đạo", 10, None, None]])
    with pytest.raises(InputError) as caught:
        read_framework_table(path, file_name="bang.xlsx", request=TableRequest(**META))
    assert (caught.value.where.row, caught.value.where.value) == (2, "30")
    assert "add up to 10" in caught.value.en


def test_a_catalog_code_the_catalog_lacks_is_refused_on_its_row(tmp_path):
    method = "Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa"
    path = _table(
        tmp_path, [["I", "Chính quyền số", None, None, None], ["1", "Hồ sơ", 10, method, "dvc.khong_co"]]
    )
    with pytest.raises(InputError) as caught:
        load_framework_table(path, request=TableRequest(**META), dry_run=True)
    where = caught.value.where
    assert (where.row, where.column, where.value) == (3, "Mã chỉ tiêu", "dvc.khong_co")


def test_sub_items_make_their_parent_a_heading_whose_points_are_theirs(tmp_path):
    path = _table(
        tmp_path,
        [
            ["I", "Nhận thức số", None, None, None],
            ["1", "Tuyên truyền", 20, None, None],
            ["1.1", "Trên trang thông tin", 12, None, None],
            ["1.2", "Trên đài truyền thanh", 8, None, None],
        ],
    )
    reading = read_framework_table(path, file_name="bang.xlsx", request=TableRequest(**META))
    assert [i.code for i in reading.framework.items()] == ["I.1.1", "I.1.2"]
    assert [line.kind for line in reading.report] == ["pillar", "heading", "item", "item"]


CODE = ["dvc.online_dossier_rate"]


@pytest.mark.parametrize(
    ("words", "codes", "rule"),
    [
        ("Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa", CODE, {"type": "proportional", "indicator": CODE[0]}),
        (
            "Điểm = Tỷ lệ x Điểm tối đa; ≥ 80% đạt điểm tối đa; dưới 20%: 0 điểm",
            CODE,
            {"type": "proportional", "indicator": CODE[0], "full_at": 80, "floor": 20},
        ),
        (
            "Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa; mẫu số bằng 0: điểm tối đa",
            ["a.x", "a.y"],
            {"type": "proportional", "numerator": "a.x", "denominator": "a.y", "zero_denominator": "full"},
        ),
        (
            "Từ 4 cuộc trở lên: 20 điểm; 3 cuộc: 15 điểm; 2 cuộc: 10 điểm; Không họp: 0 điểm",
            CODE,
            {"type": "steps", "indicator": CODE[0], "steps": [[4, 20], [3, 15], [2, 10]]},
        ),
        ("Có: 20 điểm; Không: 0 điểm", CODE, {"type": "yes_no", "indicator": CODE[0]}),
        ("Có: 20 điểm; Không: 5 điểm", CODE, {"type": "yes_no", "indicator": CODE[0], "points_no": 5}),
        (
            "Số thuê bao trên 100 dân; đạt 20/100 dân trở lên: điểm tối đa",
            CODE,
            {"type": "per_population", "indicator": CODE[0], "per": 100, "full_at": 20},
        ),
        (
            "0,004 điểm/lượt người được tập huấn",
            CODE,
            {"type": "per_item", "indicator": CODE[0], "points_each": 0.004},
        ),
        (
            "Có: 20 điểm; Không: 0 điểm",
            [],
            {"type": "manual", "choices": [{"label": "Có", "points": 20}, {"label": "Không", "points": 0}]},
        ),
        ("Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa", [], {"type": "manual"}),
        ("Căn cứ mức độ triển khai thực tế", CODE, {"type": "manual"}),
        ("", [], {"type": "manual"}),
    ],
)
def test_each_method_phrasing_maps_to_its_rule_type(words, codes, rule):
    assert read_method(words, Decimal(20), codes).rule == rule


def test_loading_the_same_table_twice_changes_nothing_and_a_dry_run_writes_nothing(tmp_path):
    _, row, created = load_framework_table(FIXTURE, request=TableRequest(**META), dry_run=True)
    assert (row, created) == (None, False) and FrameworkVersion.objects.count() == 0
    _, row, created = load_framework_table(FIXTURE, request=TableRequest(**META))
    assert created and row.file_name == FIXTURE.name
    assert framework_of(row).key == "dti-xa-bang@2025.1"
    _, again, created = load_framework_table(FIXTURE, request=TableRequest(**META))
    assert (again.pk, created) == (row.pk, False)
    assert FrameworkVersion.objects.count() == 1


def test_a_changed_table_under_a_loaded_version_is_refused(tmp_path):
    load_framework_table(FIXTURE, request=TableRequest(**META))
    path = tmp_path / "messy.xlsx"
    _messy(path)
    with pytest.raises(InputError, match="new version"):
        load_framework_table(path, request=TableRequest(**META))


def test_the_command_prints_the_mapping_records_who_loaded_it_and_answers_json(tmp_path):
    out = StringIO()
    call_command("dti", "load-table", str(FIXTURE), "--code", "dti-xa-bang", "--years", "2025", stdout=out)
    assert "dti-xa-bang@2025.1: 8 chỉ số chính, 29 chỉ số thành phần" in out.getvalue()
    assert "đã nạp / loaded" in out.getvalue()
    change = ChangeRecord.objects.get()
    assert change.action == "create" and "load-table" in change.actor
    out = StringIO()
    call_command(
        "dti", "load-table", str(FIXTURE), "--code", "dti-xa-bang", "--years", "2025", "--format", "json",
        stdout=out,
    )  # fmt: skip
    data = json.loads(out.getvalue())
    assert (data["items"], data["pillars"], data["created"], data["dry_run"]) == (29, 8, False, False)
    assert data["mapping"][1]["rule"] == "manual" and data["mapping"][1]["code"] == "NT1"
    assert ChangeRecord.objects.count() == 1


def test_the_command_reports_a_bad_table_in_both_languages_without_a_traceback(tmp_path):
    path = _table(
        tmp_path, [["I", "Nhận thức số", None, None, None], ["1", "Ban Chỉ đạo", "10 điêm x", None, None]]
    )
    with pytest.raises(CommandError) as caught:
        call_command("dti", "load-table", str(path), "--code", "x", "--years", "2025", "--dry-run")
    assert "dòng 3" in str(caught.value) and "row 3" in str(caught.value)


def test_export_table_writes_the_title_the_source_and_the_header_on_row_3(tmp_path):
    target = tmp_path / "khung.xlsx"
    call_command("dti", "export-table", str(SHIPPED), str(target), stdout=StringIO())
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("Bộ chỉ số DTI cấp xã 2025")
    assert rows[2][:3] == ("STT", "Mã", "Chỉ số thành phần")
    assert rows[3][:3] == ("I", "nhan_thuc_so", "Nhận thức số")


def test_a_table_is_compared_with_the_verified_structure_of_decision_405():
    check = check_official_structure(read_framework(SHIPPED), "qd-405-2025-tinh")
    assert len(check.matched) == 8 and check.missing == [] and check.extra == []
    assert (check.components, check.official_components) == (29, 47)
    assert not check.conforms  # our commune template is not the province framework of 405
    assert any("total points" in line for line in check.unverified)


def test_a_main_indicator_the_decision_does_not_name_is_reported(tmp_path):
    path = _table(
        tmp_path,
        [["I", "Chỉ số Hoạt động chính quyền số", None, None, None], ["1", "Hồ sơ", 10, None, None],
         ["II", "Đô thị thông minh", None, None, None], ["1", "Bản đồ số", 5, None, None]],
    )  # fmt: skip
    framework = read_framework_table(path, file_name="bang.xlsx", request=TableRequest(**META)).framework
    check = check_official_structure(framework, "qd-405-2025-tinh")
    assert check.matched == ["Chính quyền số"] and check.extra == ["Đô thị thông minh"]
    assert "Nhận thức số" in check.missing
    with pytest.raises(InputError, match="qd-405-2025-tinh"):
        check_official_structure(framework, "qd-999")


def test_a_component_whose_name_starts_like_a_total_is_still_a_component(tmp_path):
    path = _table(
        tmp_path,
        [["I", "Chính quyền số", None, None, None], ["1", "Tổng điểm khảo sát hài lòng", 10, None, None],
         [None, "Tổng cộng", "10 điểm", None, None]],
    )  # fmt: skip
    reading = read_framework_table(path, file_name="bang.xlsx", request=TableRequest(**META))
    assert [line.kind for line in reading.report] == ["pillar", "item", "total"]


def test_loading_a_yaml_framework_from_the_command_is_recorded_too():
    call_command("dti", "load", str(SHIPPED), stdout=StringIO())
    call_command("dti", "load", str(SHIPPED), stdout=StringIO())  # unchanged: no second record
    change = ChangeRecord.objects.get()
    assert change.object_repr == "dti-xa@2025.1" and change.actor == "cli: cds dti load dti-xa-2025.1.yaml"


def test_a_csv_table_with_a_main_indicator_column_and_excel_numbers_loads(tmp_path):
    path = tmp_path / "khung.csv"
    path.write_text(
        "Chỉ số chính,Tiêu chí,Điểm tối đa,Cách tính điểm\n"
        "Nhận thức số,Ban Chỉ đạo,10.5,Có: 10.5 điểm; Không: 0 điểm\n"
        ",Kế hoạch năm,9,\n"
        "Kinh tế số,Thanh toán số,20,Điểm = Tỷ lệ × Điểm tối đa\n",
        encoding="utf-8",
    )
    reading = read_framework_table(path, file_name="khung.csv", request=TableRequest(**META))
    assert [(p.name_vi, p.max_points) for p in reading.framework.pillars] == [
        ("Nhận thức số", Decimal("19.5")),
        ("Kinh tế số", Decimal(20)),
    ]
    assert [i.code for i in reading.framework.items()] == ["1.1", "1.2", "2.1"]
    assert reading.framework.item("1.1").rule.choices == (("Có", Decimal("10.5")), ("Không", Decimal(0)))
