"""Issue 14 item 3: one report over several windows ("năm 2023 và 6 tháng đầu năm 2024" is one
build, not three), correct Vietnamese for ranges, and the report's own check on it."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from docx import Document
from docx.document import Document as DocxDocument
from docx.table import Table

from cds.lib.errors import InputError
from cds.lib.periods import Period, PeriodSet, parse_periods
from cds.reports import check
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.parts import BuiltReport
from cds.reports.wording import Renderer, load_wording, period_words
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.models import DataValue

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
TINH_CHAU = "xã Tịnh Châu, thành phố Quảng Ngãi"


def _build(unit_text: str, periods: list[str] | str, **options: Any) -> tuple[BuiltReport, DocxDocument]:
    chosen = parse_periods(periods)
    unit = resolve_unit(unit_text, as_of=chosen.end)
    built = build_report("periodic", unit, chosen, ReportOptions(**{"charts": False} | options))
    return built, Document(io.BytesIO(built.to_bytes()))


def _text(doc: DocxDocument) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def _appendix(doc: DocxDocument) -> Table:
    return next(
        t for t in doc.tables if [c.text for c in t.rows[0].cells][:3] == ["Stt", "Chỉ tiêu", "Đơn vị tính"]
    )


def test_a_two_window_reports_docx_has_a_column_and_a_label_for_each_window(sample_figures):
    built, doc = _build(TINH_CHAU, ["2023Q2", "2023Q3"])
    text = _text(doc)
    assert "Kết quả chuyển đổi số quý II/2023 và quý III/2023 trên địa bàn" in text
    table = _appendix(doc)
    header = [c.text for c in table.rows[0].cells]
    assert header[3:5] == ["Quý II/2023", "Quý III/2023"]
    rate = next(r for r in table.rows if r.cells[1].text == "Tỷ lệ hồ sơ trực tuyến")
    assert [rate.cells[3].text, rate.cells[4].text] == ["18,73%", "58,19%"]
    # each figure sentence is said with its window
    assert "Tỷ lệ hồ sơ trực tuyến quý II/2023 đạt 18,73%" in text
    assert "58,19%" in text
    # the date line follows the last window's data: 30/9/2023
    header_table = "\n".join(c.text for c in doc.tables[0]._cells)
    assert "ngày 30 tháng 9 năm 2023" in header_table
    assert built.check is not None and built.check.ok
    assert built.check.sources >= 2  # each window's column traced against that window's data


def test_the_range_reads_from_and_never_trong_tu_ngay(sample_figures):
    _built, doc = _build(TINH_CHAU, "1/4/2023-30/9/2023")
    text = _text(doc)
    assert "Kết quả chuyển đổi số giai đoạn từ ngày 1/4/2023 đến ngày 30/9/2023 trên địa bàn" in text
    assert "Trong từ ngày" not in text and "trong từ ngày" not in text
    assert [c.text for c in _appendix(doc).rows[0].cells][3:5] == ["Quý II/2023", "Quý III/2023"]


def test_the_range_phrase_forms_come_from_the_wording():
    words = period_words(Period.between(Period.of("year", 2023).start, Period.of("half", 2024, 1).end))
    assert words == {
        "period": "giai đoạn từ ngày 1/1/2023 đến ngày 30/6/2024",
        "period_lead": "Từ ngày 1/1/2023 đến ngày 30/6/2024",
        "in_period": "trong giai đoạn từ ngày 1/1/2023 đến ngày 30/6/2024",
    }
    several = parse_periods(["2023", "2024S1"])
    assert period_words(several)["in_period"] == "trong năm 2023 và 6 tháng đầu năm 2024"
    assert period_words(several, lang="en")["period_lead"] == "In 2023 and H1 2024"
    # the direction sentence of a one-period report over a range
    template = load_wording()["periodic"]["sections"][0]["items"][1]["sentences"][0]
    sentence = Renderer(None, words | {"body": "UBND xã"}).text(
        template.split("{docs.issued_total}")[0] + "x."
    )
    assert sentence.startswith("Từ ngày 1/1/2023 đến ngày 30/6/2024, UBND xã đã ban hành")


def test_a_range_that_does_not_decompose_is_refused_in_both_languages(sample_figures):
    with pytest.raises(CommandError) as caught:
        call_command(
            "report", "build", "--unit", TINH_CHAU, "--period", "15/3/2023-30/9/2023", "-o", os.devnull
        )
    assert "không chia được thành các năm, 6 tháng hoặc quý trọn vẹn" in str(caught.value)
    assert "does not split into whole years, halves or quarters" in str(caught.value)


def test_a_window_crossing_1_7_2025_is_refused(units):
    unit = resolve_unit("tỉnh Quảng Ngãi", as_of=Period.of("year", 2025).end)
    with pytest.raises(InputError) as caught:
        build_report("periodic", unit, parse_periods(["2025", "2026S1"]))
    assert "vượt qua ngày 1/7/2025" in caught.value.vi and "crosses 1/7/2025" in caught.value.en


def test_a_window_without_values_is_named(sample_figures):
    unit = resolve_unit(TINH_CHAU, as_of=Period.of("quarter", 2023, 3).end)
    with pytest.raises(InputError) as caught:
        build_report("periodic", unit, parse_periods(["2022", "2023Q3"]))
    assert "năm 2022" in caught.value.vi


def test_the_check_compares_a_rate_with_its_parts_of_the_same_window_only():
    header = [
        "Stt",
        "Chỉ tiêu",
        "Đơn vị tính",
        "năm 2023",
        "6 tháng đầu năm 2024",
        "Chỉ tiêu giao",
        "Đánh giá",
    ]
    rows = [
        header,
        ["1", "Tổng số hồ sơ thủ tục hành chính", "hồ sơ", "100", "40", "", ""],
        ["2", "Số hồ sơ tiếp nhận trực tuyến", "hồ sơ", "50", "30", "", ""],
        ["3", "Tỷ lệ hồ sơ trực tuyến", "%", "50%", "50%", "", ""],  # 30/40 is 75%
    ]
    from cds.catalog.services import get_catalog

    catalog = get_catalog()
    names = {d.code: d.name_vi for d in catalog.definitions()}
    rows = [rows[0]] + [
        [r[0], names[c], *r[2:]]
        for r, c in zip(
            rows[1:], ["dvc.dossiers_total", "dvc.dossiers_online", "dvc.online_dossier_rate"], strict=True
        )
    ]
    doc = check.DocText([], [rows], windows=["2023", "2024S1"])
    result = check.check_doc(doc, catalog)
    assert result.parts == 2
    assert len(result.problems) == 1 and "30/40" in result.problems[0].vi
    alone = check.check_doc(check.DocText([], [rows]), catalog)  # one window: column 3 only
    assert alone.parts == 1 and alone.ok


def test_cds_report_build_takes_several_periods(sample_figures, tmp_path):
    out = tmp_path / "bao-cao.docx"
    call_command(
        "report", "build", "--unit", TINH_CHAU, "--period", "2023Q2", "--period", "2023Q3", "-o", str(out)
    )
    doc = Document(str(out))
    assert [c.text for c in _appendix(doc).rows[0].cells][3:5] == ["Quý II/2023", "Quý III/2023"]
    result = check.check_docx(out)  # the file alone: its windows are in the file
    assert result.ok and result.parts >= 0
    assert check.read_docx(out).windows == ["2023Q2", "2023Q3"]


def test_a_demo_communes_multi_window_periodic_report_matches_the_golden_text(registered):
    built, _ = _build(TINH_CHAU, ["2023Q2", "2023Q3"])
    assert isinstance(parse_periods(["2023Q2", "2023Q3"]), PeriodSet)
    path = GOLDEN / "tinh_chau_periodic_2023Q2+2023Q3.txt"
    if os.environ.get("CDS_UPDATE_GOLDEN"):
        path.write_text(built.narrative + "\n", encoding="utf-8")
    assert built.narrative + "\n" == path.read_text(encoding="utf-8")


def test_the_web_page_chooses_several_periods_and_downloads_one_report_of_them(client, sample_figures):
    from django.contrib.auth import get_user_model

    from cds.accounts.models import Role, RoleAssignment

    unit = resolve_unit(TINH_CHAU, as_of=Period.of("quarter", 2023, 3).end)
    officer = get_user_model().objects.create_user("officer", password="x-Secret-123")
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, unit=unit)
    client.login(username="officer", password="x-Secret-123")
    _typed_training_q2(unit)  # each window has training figures: the training report is offered too
    chosen = client.get(f"/reports/{unit.pk}/", {"period": ["2023Q3", "2023Q2"]})
    assert chosen.status_code == 302 and chosen["Location"].endswith(f"/reports/{unit.pk}/2023Q2+2023Q3/")
    page = client.get(chosen["Location"])
    content = page.content.decode()
    assert page.status_code == 200 and "quý II/2023 và quý III/2023" in content
    assert "periodic.docx" in content and "training.docx" in content and "dti.docx" not in content
    warned = client.get(f"/reports/{unit.pk}/2023Q2+2023Q3/periodic.docx")  # sections left to write
    assert warned.status_code == 200 and "chưa sẵn sàng ký" in warned.content.decode()
    response = client.get(f"/reports/{unit.pk}/2023Q2+2023Q3/periodic.docx", {"unready": "1"})
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    assert [c.text for c in _appendix(doc).rows[0].cells][3:5] == ["Quý II/2023", "Quý III/2023"]
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(chosen["Location"]).content.decode()
    assert "One report for several periods" in english and "Q2 2023 and Q3 2023" in english
    assert "Một báo cáo cho nhiều kỳ" not in english


def test_the_several_periods_are_chosen_by_checkboxes_that_work_on_a_touch_screen(client, sample_figures):
    """s14: «chọn nhiều kỳ bằng Ctrl hoặc Shift» was the hint of a <select multiple>, untrue on a
    phone; each period is a checkbox named ``period`` (what the choose view reads), the chosen ticked."""
    from django.contrib.auth import get_user_model

    from cds.accounts.models import Role, RoleAssignment

    unit = resolve_unit(TINH_CHAU, as_of=Period.of("quarter", 2023, 3).end)
    officer = get_user_model().objects.create_user("officer", password="x-Secret-123")
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, unit=unit)
    client.login(username="officer", password="x-Secret-123")
    content = client.get(f"/reports/{unit.pk}/2023Q2+2023Q3/").content.decode()
    assert "Ctrl" not in content and "Shift" not in content and '<select id="periods"' not in content
    assert "đánh dấu các kỳ cần gộp" in content
    for code in ("2023Q2", "2023Q3"):
        assert f'<input type="checkbox" name="period" value="{code}" checked>' in content


def test_cds_report_check_traces_each_column_to_its_windows_data(sample_figures, tmp_path):
    out = tmp_path / "bao-cao.docx"
    call_command(
        "report", "build", "--unit", TINH_CHAU, "--period", "2023Q2", "--period", "2023Q3", "-o", str(out)
    )
    args = ["report", "check", str(out), "--unit", TINH_CHAU]
    call_command(*args, "--period", "2023Q2", "--period", "2023Q3")
    # a value of quý II changed after the build: its column no longer matches the data
    DataValue.objects.filter(
        unit__short_name="Tịnh Châu", period="2023Q2", indicator__code="dvc.online_dossier_rate"
    ).update(number=F("number") + 1)
    with pytest.raises(CommandError) as caught:
        call_command(*args, "--period", "2023Q2", "--period", "2023Q3")
    assert "báo cáo ghi 18,73%" in str(caught.value)
    with pytest.raises(CommandError) as caught:
        call_command(*args, "--period", "2023Q3")
    assert "không phải" in str(caught.value)


def test_a_batch_builds_the_multi_window_report_of_each_commune(sample_figures, tmp_path):
    import zipfile

    from cds.reports.batch import build_batch

    chosen = parse_periods(["2023Q2", "2023Q3"])
    unit = resolve_unit(TINH_CHAU, as_of=chosen.end)
    out = tmp_path / "bao-cao.zip"
    result = build_batch("periodic", unit, chosen, ReportOptions(charts=False), out, workers=1)
    assert result.reports == 1 and not result.failed
    with zipfile.ZipFile(out) as z:
        doc = Document(io.BytesIO(z.read(z.namelist()[0])))
    assert [c.text for c in _appendix(doc).rows[0].cells][3:5] == ["Quý II/2023", "Quý III/2023"]


def test_a_report_over_a_range_never_reads_trong_tu_ngay(registered):
    """The defect of issue 14: "Trong từ ngày 15/12/2023 đến ngày 31/10/2024, UBND xã đã ban hành …"."""
    from cds.values.services import Actor, ValueInput, record_values

    from .conftest import approve_all

    span = Period.between(dt.date(2023, 12, 15), dt.date(2024, 10, 31))
    unit = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=span.end)
    typed = [
        ValueInput(unit, "docs.issued_total", span, "3"),
        ValueInput(unit, "society.citizen_feedback", span, "0"),
    ]
    record_values(typed, Actor("test: cán bộ", "manual"))
    approve_all()
    text = build_report("periodic", unit, span, ReportOptions(charts=False)).narrative
    assert "rong từ ngày" not in text
    assert "Từ ngày 15/12/2023 đến ngày 31/10/2024, UBND xã đã ban hành 3 văn bản" in text
    assert "Từ ngày 15/12/2023 đến ngày 31/10/2024 không có phản ánh, kiến nghị" in text


def test_a_team_decision_issued_after_the_window_is_not_cited(registered):
    """Tịnh Châu's team was re-formed on 5/9/2023: a report of quý II/2023 cannot cite that decision."""
    unit = resolve_unit(TINH_CHAU, as_of=Period.of("quarter", 2023, 2).end)
    text = build_report(
        "periodic", unit, Period.of("quarter", 2023, 2), ReportOptions(charts=False)
    ).narrative
    assert "100/QĐ-UBND ngày 5/9/2023" not in text


def test_a_multi_window_draft_lists_the_unapproved_values_of_each_window(sample_figures):
    from cds.values.models import Status

    DataValue.objects.filter(
        unit__short_name="Tịnh Châu", period="2023Q2", indicator__code="dvc.online_dossier_rate"
    ).update(status=Status.SUBMITTED)
    official, doc = _build(TINH_CHAU, ["2023Q2", "2023Q3"])
    rate = next(r for r in _appendix(doc).rows if r.cells[1].text == "Tỷ lệ hồ sơ trực tuyến")
    assert [rate.cells[3].text, rate.cells[4].text] == ["", "58,19%"]  # quý II's is not approved
    assert not official.draft
    draft, doc = _build(TINH_CHAU, ["2023Q2", "2023Q3"], include_unapproved=True)
    assert draft.draft and "DỰ THẢO" in _text(doc)
    assert ["Tỷ lệ hồ sơ trực tuyến", "Xã Tịnh Châu", "quý II/2023", "Đã gửi"] in [
        row[1:] for row in draft.appendix_rows["unapproved"]
    ]


def test_the_page_of_several_periods_names_the_empty_window_and_links_to_its_entry(client, sample_figures):
    from django.contrib.auth import get_user_model

    from cds.accounts.models import Role, RoleAssignment

    unit = resolve_unit(TINH_CHAU, as_of=Period.of("quarter", 2023, 3).end)
    officer = get_user_model().objects.create_user("officer", password="x-Secret-123")
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, unit=unit)
    client.login(username="officer", password="x-Secret-123")
    page = client.get(f"/reports/{unit.pk}/2022Q4+2023Q3/").content.decode()
    assert "Chưa có số liệu nào của Xã Tịnh Châu cho quý IV/2022" in page
    assert "?period=2022Q4" in page
    assert client.get(f"/reports/{unit.pk}/2022Q4+2023Q3/periodic.docx").status_code == 422


def test_a_sentence_led_by_its_window_lowers_a_common_first_word_but_keeps_a_name():
    from cds.reports.multi import _lower_first

    assert _lower_first("Các Tổ công nghệ số cộng đồng có 28 thành viên.") == (
        "các Tổ công nghệ số cộng đồng có 28 thành viên."
    )
    assert _lower_first("Ban Chỉ đạo đã họp 2 lần.") == "Ban Chỉ đạo đã họp 2 lần."
    assert _lower_first("Tỷ lệ hồ sơ trực tuyến đạt 58,19%.") == "tỷ lệ hồ sơ trực tuyến đạt 58,19%."


def _typed_training_q2(unit: Unit) -> None:
    """Quý II/2023 training figures of Tịnh Châu (the sample has quý III's only)."""
    from cds.values.services import Actor, ValueInput, record_values

    from .conftest import approve_all

    q2 = Period.of("quarter", 2023, 2)
    typed = {
        "training.local_classes": "3",
        "training.local_course_officials": "12",
        "training.local_course_team_members": "9",
        "training.local_course_residents": "900",
    }
    record_values([ValueInput(unit, c, q2, v) for c, v in typed.items()], Actor("test: cán bộ", "manual"))
    approve_all()


def test_a_training_report_over_two_windows_says_each_figure_with_its_window(sample_figures):
    """Issue 14 item 3 for the training report: one build of quý II and quý III/2023."""
    unit = resolve_unit(TINH_CHAU, as_of=Period.of("quarter", 2023, 3).end)
    _typed_training_q2(unit)
    built = build_report("training", unit, parse_periods(["2023Q2", "2023Q3"]), ReportOptions(charts=False))
    doc = Document(io.BytesIO(built.to_bytes()))
    text = _text(doc)
    assert "trên địa bàn xã quý II/2023 và quý III/2023" in text
    assert "- Trong quý II/2023, đã tổ chức 3 lớp phổ biến kiến thức" in text
    assert "- Trong quý III/2023, đã tổ chức 8 lớp phổ biến kiến thức" in text
    assert "với 900 lượt người tham gia" in text and "với 2.400 lượt người tham gia" in text
    # Phụ lục II: one table per window, each under its window's label, each with its own total
    tables = [t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["Stt", "Tên hoạt động"]]
    assert len(tables) == 2
    assert [c.text for c in tables[0].rows[-1].cells][-3:] == ["12", "9", "900"]
    assert [c.text for c in tables[1].rows[-1].cells][-3:] == ["68", "57", "2.831"]
    assert "Quý II/2023" in text and "Quý III/2023" in text
    assert built.appendix_rows["training"][-1][-4:-1] == ["68", "57", "2.831"]
    assert built.check is None or built.check.ok


def test_a_dti_report_over_several_windows_is_refused_with_its_reason(sample_figures):
    """A DTI report is about one ranking year (decision in docs/reports.md)."""
    unit = resolve_unit(TINH_CHAU, as_of=Period.of("year", 2023).end)
    with pytest.raises(InputError) as caught:
        build_report("dti", unit, parse_periods(["2022", "2023"]))
    assert "một năm xếp hạng" in caught.value.vi and "one ranking year" in caught.value.en


def test_a_consolidated_report_over_two_windows_tables_each_window_and_says_each_figure_with_it(units):
    """Issue 14 item 3 for the consolidated report: one build of năm 2023 and 6 tháng đầu năm 2024."""
    from cds.values.services import Actor, ValueInput, record_values

    from .conftest import approve_all

    chosen = parse_periods(["2023", "2024S1"])
    district = resolve_unit("huyện Sơn Hà, tỉnh Quảng Ngãi", as_of=chosen.end)
    communes = list(district.children.filter(level="commune", era=district.era).order_by("name"))[:2]
    typed = []
    for window, (total, online) in zip(chosen.windows, [("100", "40"), ("80", "60")], strict=True):
        for c in communes:
            typed += [
                ValueInput(c, "dvc.dossiers_total", window, total),
                ValueInput(c, "dvc.dossiers_online", window, online),
            ]
    record_values(typed, Actor("test: cán bộ", "manual"))
    approve_all()
    built = build_report("consolidated", district, chosen, ReportOptions(charts=False))
    doc = Document(io.BytesIO(built.to_bytes()))
    text = _text(doc)
    assert "Kết quả triển khai công tác chuyển đổi số năm 2023 và 6 tháng đầu năm 2024 trên địa bàn" in text
    # the reporting summary of each window, each saying its window
    assert "- Có 2/14 đơn vị cấp xã đã có số liệu năm 2023" in text
    assert "- Có 2/14 đơn vị cấp xã đã có số liệu 6 tháng đầu năm 2024" in text
    # Phụ lục I: one units table per window, under its window's label, each with its own total
    tables = [t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["Stt", "Đơn vị"]]
    assert len(tables) == 2
    totals = [[c.text for c in t.rows[-1].cells] for t in tables]
    assert "200" in totals[0] and "160" in totals[1]
    assert "Năm 2023" in text and "6 tháng đầu năm 2024" in text
    assert built.check is not None and built.check.ok


def test_an_official_multi_window_report_lists_no_unapproved_values_as_the_one_period_report(sample_figures):
    """An official report reads approved values only; a draft part of a rate it quotes (not read)
    is no "Số liệu chưa được duyệt trong dự thảo" appendix in a file without «DỰ THẢO»."""
    from cds.values.services import Actor, ValueInput, record_values

    unit = resolve_unit(TINH_CHAU, as_of=dt.date(2023, 9, 30))
    record_values(
        [ValueInput(unit, "dvc.dossiers_online", Period.of("quarter", 2023, 3), "40")], Actor("t", "manual")
    )
    for periods in (["2023Q3"], ["2023Q2", "2023Q3"]):
        official, doc = _build(TINH_CHAU, periods)
        assert not official.draft and "unapproved" not in official.appendix_rows, periods
        assert "Số liệu chưa được duyệt trong dự thảo" not in _text(doc)
        draft, _ = _build(TINH_CHAU, periods, include_unapproved=True)
        assert draft.draft, periods


def test_a_target_set_for_some_windows_only_names_its_windows():
    """Page review, session 11: Tịnh Châu's Phụ lục I over năm 2023 and 6 tháng đầu năm 2024 said
    «Chỉ tiêu giao: 80%» beside 2023's 11,29% with no verdict — the target is 2024's only."""
    from cds.reports.multi import _per_window

    template = "{label}: {text}"
    assert _per_window(template, [("6 tháng đầu năm 2024", "80%")], 2) == "6 tháng đầu năm 2024: 80%"
    both = [("năm 2023", "80%"), ("6 tháng đầu năm 2024", "80%")]
    assert _per_window(template, both, 2) == "80%"
    assert _per_window(template, [("năm 2023", "30%"), ("6 tháng đầu năm 2024", "45%")], 2) == (
        "năm 2023: 30%; 6 tháng đầu năm 2024: 45%"
    )
