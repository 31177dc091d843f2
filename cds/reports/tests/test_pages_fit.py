"""What is printed fits its page: charts inside the text area, no empty columns, targets as targets,
units in Vietnamese alphabetical order."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from cds.lib.periods import Period, parse_period
from cds.lib.text import vn_sort_key
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.layout import Letterhead, OfficialDocument
from cds.reports.tests.conftest import approve_all
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.models import DataValue
from cds.values.services import Actor, ValueInput, change_status, record_values

EMU_PER_MM = 36000
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 165, 257  # A4 portrait inside the Nghị định 30 margins
CAPTION_MM = 10  # the caption line under a picture


def _extents(blob: bytes) -> list[tuple[float, float]]:
    """(width, height) in mm of every picture in the document body."""
    body = Document(io.BytesIO(blob)).element.body
    return [
        (int(e.get("cx")) / EMU_PER_MM, int(e.get("cy")) / EMU_PER_MM) for e in body.iter(qn("wp:extent"))
    ]


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_picture_taller_than_the_page_is_scaled_into_the_text_area():
    doc = OfficialDocument(Letterhead("Ủy ban nhân dân", "Xã A", "A"))
    doc.picture(_png(100, 1000), 150, "Biểu đồ")
    doc.picture(_png(1000, 100), 400)
    (tall_w, tall_h), (wide_w, _) = _extents(doc.to_bytes())
    assert tall_h <= TEXT_HEIGHT_MM - CAPTION_MM and tall_w < 150
    assert wide_w <= TEXT_WIDTH_MM


@pytest.fixture
def province_2025(units: None) -> tuple[Unit, Period, list[Unit]]:
    """Quảng Ngãi after 1/7/2025 (96 communes), each with dossier figures for 2025."""
    period = parse_period("2025")
    province = resolve_unit("tỉnh Quảng Ngãi", as_of=period.end)
    communes = list(province.children.filter(level="commune"))
    inputs = []
    for i, commune in enumerate(communes):
        inputs += [
            ValueInput(commune, "dvc.dossiers_total", period, str(200 + i)),
            ValueInput(commune, "dvc.dossiers_online", period, str(100 + i)),
        ]
    record_values(inputs, Actor("test", "manual"))
    approve_all()
    return province, period, communes


@pytest.mark.django_db
def test_a_96_unit_chart_is_split_into_pictures_that_each_fit_the_text_area(province_2025):
    province, period, communes = province_2025
    assert len(communes) == 96
    built = build_report("consolidated", province, period, ReportOptions(provenance="none"))
    blob = built.to_bytes()
    extents = _extents(blob)
    assert len(extents) >= 3  # 96 bars do not fit one page
    for width, height in extents:
        assert width <= TEXT_WIDTH_MM and height <= TEXT_HEIGHT_MM - CAPTION_MM, (width, height)
        # half a page each, two with their captions to a page: the first fits the space the text
        # leaves (the province's page 2 was half empty before a picture of a whole page)
        assert 2 * (height + CAPTION_MM) <= TEXT_HEIGHT_MM, height
    captions = [p.text for p in Document(io.BytesIO(blob)).paragraphs if p.text.startswith("Biểu đồ")]
    assert len(captions) == len(extents)
    assert "(tiếp theo" not in captions[0] and all("(tiếp theo" in c for c in captions[1:])
    # every unit once, in the order of the chart (best first), the parts numbered
    assert re.search(r"thứ 1[–-]\d+", captions[0]) and re.search(r"\d+[–-]96\)", captions[-1])


@pytest.mark.django_db
def test_the_units_table_lists_units_in_vietnamese_alphabetical_order(province_2025):
    province, period, _ = province_2025
    built = build_report("consolidated", province, period, ReportOptions(charts=False, provenance="none"))
    names = [row[1] for row in built.appendix_rows["units"][:-1]]
    shorts = [re.sub(r"^(Xã|Phường|Đặc khu|Thị trấn) ", "", n) for n in names]
    assert shorts == sorted(shorts, key=vn_sort_key)
    # "Đ…" after every "D…", not after "Z" (code-point order) nor before "D" (accent folding)
    first_dd = next(i for i, s in enumerate(shorts) if s.startswith("Đ"))
    assert all(not s.startswith("D") for s in shorts[first_dd:])


def _tables(blob: bytes) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(io.BytesIO(blob)).tables]


def _empty_columns(table: list[list[str]]) -> list[str]:
    """Headers of the columns no body row (the Tổng cộng row included) fills."""
    header, body = table[0], table[1:]
    return [h for i, h in enumerate(header) if not any(i < len(r) and r[i].strip() for r in body)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "unit_text", "period_code"),
    [
        ("periodic", "xã Sơn Nham, huyện Sơn Hà", "2024"),
        ("training", "xã Tịnh Châu, thành phố Quảng Ngãi", "2023Q3"),
        ("consolidated", "thành phố Quảng Ngãi", "2023Q3"),
    ],
)
def test_no_appendix_prints_a_column_without_data(sample_figures, kind, unit_text, period_code):
    period = parse_period(period_code)
    unit = resolve_unit(unit_text, as_of=period.end)
    built = build_report(kind, unit, period, ReportOptions(charts=False, check=False))
    for table in _tables(built.to_bytes()):
        if table and table[0][0] == "Stt":
            assert _empty_columns(table) == [], table[0]


@pytest.mark.django_db
def test_the_indicator_appendix_shows_the_target_and_the_verdict_apart(sample_figures):
    period = parse_period("2024")
    unit = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=period.end)
    built = build_report("periodic", unit, period, ReportOptions(charts=False))
    table = next(t for t in _tables(built.to_bytes()) if t[0][:3] == ["Stt", "Chỉ tiêu", "Đơn vị tính"])
    header = table[0]
    assert header[-2:] == ["Chỉ tiêu giao", "Đánh giá"]
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in table[1:]}
    trained = rows["Tỷ lệ CBCC đã hoàn thành lớp bồi dưỡng kiến thức, kỹ năng số"]
    assert (trained["Chỉ tiêu giao"], trained["Đánh giá"]) == ("100%", "Đạt")
    assert all(r["Chỉ tiêu giao"] not in ("Đạt", "Chưa đạt") for r in rows.values())
    assert all(bool(r["Chỉ tiêu giao"]) == bool(r["Đánh giá"]) for r in rows.values())


@pytest.mark.django_db
def test_a_recorded_total_that_disagrees_is_explained_in_the_ghi_chu_column(sample_figures):
    period = parse_period("2023Q3")
    unit = resolve_unit("xã Tịnh Châu, thành phố Quảng Ngãi", as_of=period.end)
    recorded = DataValue.objects.filter(
        unit=unit, period=period.code, indicator__code="training.participants_officials"
    )
    change_status(list(recorded), "reopen", Actor("test", "manual"), "sửa tổng")
    record_values(
        [ValueInput(unit, "training.participants_officials", period, "70")], Actor("test", "manual")
    )
    approve_all()
    built = build_report("training", unit, period, ReportOptions(charts=False))
    table = next(t for t in _tables(built.to_bytes()) if t[0][-1] == "Ghi chú")
    total = table[-1]
    assert total[2] == "68*"  # the sum of the rows, marked
    assert total[-1] == "68*: đơn vị ghi 70"
