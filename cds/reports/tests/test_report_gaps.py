"""Issue 14 item 8's leftovers: an empty period is refused by every build (CLI, batch, web alike),
and a unit-written section left empty is a visible placeholder that `cds report check` flags."""

from __future__ import annotations

import re
import zipfile

import pytest
from django.core.management import CommandError, call_command

from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.reports.batch import build_batch
from cds.reports.check import check_docx
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.narrative import EMPTY_SECTION, save_sections
from cds.units.services import resolve_unit

TINH_CHAU = "xã Tịnh Châu, thành phố Quảng Ngãi"
SON_NHAM = "xã Sơn Nham, huyện Sơn Hà"


@pytest.mark.django_db
def test_building_a_report_of_an_empty_period_is_refused_naming_the_unit_and_period(sample_figures):
    period = parse_period("2022Q1")
    unit = resolve_unit(TINH_CHAU, as_of=period.end)
    with pytest.raises(InputError) as caught:
        build_report("periodic", unit, period, ReportOptions(charts=False))
    assert "Chưa có số liệu nào của Xã Tịnh Châu cho quý I/2022" in caught.value.vi
    assert "No values of Xã Tịnh Châu for" in caught.value.en


@pytest.mark.django_db
def test_cds_report_build_of_an_empty_period_exits_non_zero_and_writes_nothing(sample_figures, tmp_path):
    out = tmp_path / "bc.docx"
    with pytest.raises(CommandError, match="Chưa có số liệu nào của Xã Tịnh Châu cho quý I/2022"):
        call_command("report", "build", "--unit", TINH_CHAU, "--period", "2022Q1", "-o", str(out))
    assert not out.exists()


@pytest.mark.django_db
def test_a_batch_skips_the_units_without_values_and_lists_them(sample_figures, tmp_path, capsys):
    period = parse_period("2023Q3")
    city = resolve_unit("thành phố Quảng Ngãi", as_of=period.end)
    out = tmp_path / "bc.zip"
    result = build_batch("training", city, period, ReportOptions(charts=False), out, workers=1)
    assert result.reports >= 1 and result.skipped
    # the city's other communes hold DVC rates only: no training report (the training refusal)
    training = r"Chưa có số liệu bồi dưỡng, tập huấn \(Phụ lục II, Tổ công nghệ số cộng đồng\) đã duyệt của"
    assert all(re.search(rf"Chưa có số liệu nào của|{training}", line) for line in result.skipped)
    assert not any("Tịnh Châu" in line for line in result.skipped)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    assert len(names) == result.reports and any("Tịnh Châu" in n or "tinh" in n.lower() for n in names)
    with pytest.raises(CommandError, match="bỏ qua"):
        call_command(
            "report", "batch", "--type", "training", "--unit", "thành phố Quảng Ngãi", "--period", "2023Q3",
            "--workers", "1", "--no-charts", "-o", str(tmp_path / "b.zip"),
        )  # fmt: skip
    assert re.search(rf"Chưa có số liệu nào của|{training}", capsys.readouterr().err)


@pytest.mark.django_db
def test_an_empty_unit_written_section_is_a_visible_placeholder_and_a_written_one_is_not(sample_figures):
    period = parse_period("2023Q3")
    unit = resolve_unit(TINH_CHAU, as_of=period.end)
    save_sections(unit, period, {"thuan_loi": "Nhìn chung tốt."})
    built = build_report("training", unit, period, ReportOptions(charts=False))
    lines = built.narrative.splitlines()
    # every unit-written section of the report type is there, in order, the empty ones saying so
    for label in ("Thuận lợi", "Khó khăn, hạn chế", "Nguyên nhân", "Đề xuất, kiến nghị", "Phương hướng"):
        assert any(line.startswith("#") and label in line for line in lines), label
    after = {lines[i].split(" ", 1)[1]: lines[i + 1] for i, line in enumerate(lines) if line.startswith("#")}
    assert after["Thuận lợi"] == "Nhìn chung tốt."
    assert after["Khó khăn, hạn chế"] == EMPTY_SECTION
    assert "chưa có nội dung" in EMPTY_SECTION and EMPTY_SECTION.startswith("[")


@pytest.mark.django_db
def test_report_check_warns_that_a_report_with_placeholders_is_not_ready_to_sign(
    sample_figures, tmp_path, capsys
):
    period = parse_period("2023Q3")
    unit = resolve_unit(TINH_CHAU, as_of=period.end)
    built = build_report("training", unit, period, ReportOptions(charts=False))
    path = tmp_path / "bc.docx"
    built.save(path)
    result = check_docx(path)
    assert result.ok and len(result.warnings) >= 5  # a warning: not a contradiction
    assert any("Khó khăn, hạn chế" in w.vi for w in result.warnings)
    call_command("report", "check", str(path))
    captured = capsys.readouterr()
    assert "chưa sẵn sàng ký" in captured.err and "not ready to sign" in captured.err
    assert "Khó khăn, hạn chế" in captured.err
    # written in full and signed (a report without its signer's name is not ready either), it checks clean
    texts = {
        k: "Nội dung."
        for k in ("thuan_loi", "kho_khan", "nguyen_nhan", "giai_phap", "phuong_huong", "de_xuat")
    }
    save_sections(unit, period, texts)
    build_report("training", unit, period, ReportOptions(charts=False, signer_name="Võ Quang Luận")).save(
        path
    )
    assert not check_docx(path).warnings
    call_command("report", "check", str(path))
    assert "chưa sẵn sàng ký" not in capsys.readouterr().err
