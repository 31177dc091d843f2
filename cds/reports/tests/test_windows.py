"""One data window per report, and the status of the values a report reads (DỰ THẢO)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from docx import Document

from cds.dossiers.importer import import_file
from cds.dossiers.store import DossierStore
from cds.dossiers.tests.helpers import dossier, write_export
from cds.lib.errors import InputError
from cds.lib.periods import Period, parse_period
from cds.reports.availability import EmptyPeriod
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.parts import BuiltReport
from cds.reports.windows import clear_window, declare_window, declared_window
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.units.testing import small_tree
from cds.values.models import DataValue, Status
from cds.values.services import Actor, ValueInput, change_status, record_values

from .conftest import approve_all

SON_NHAM = "xã Sơn Nham, huyện Sơn Hà"
YEAR = parse_period("2024")
WINDOW = Period.between(dt.date(2023, 12, 15), dt.date(2024, 10, 31))


def _son_nham() -> Unit:
    return resolve_unit(SON_NHAM, as_of=YEAR.end)


def _calendar_dossier_kpis(unit: Unit) -> None:
    """What the dossier import publishes for calendar 2024 in the demo: 58 dossiers, 39 online."""
    counts = {
        "dvc.dossiers_total": 58,
        "dvc.dossiers_online": 39,
        "dvc.dossiers_online_full": 20,
        "dvc.dossiers_online_partial": 19,
        "dvc.dossiers_digitised": 47,
        "dvc.dossiers_resolved": 55,
        "dvc.dossiers_resolved_on_time": 51,
    }
    inputs = [ValueInput(unit, code, YEAR, n, source_ref="dossier import #2") for code, n in counts.items()]
    record_values(inputs, Actor("dvc import #2", source_kind="computed"))
    approve_all()


def _text(built: BuiltReport) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(built.document.to_bytes())).paragraphs)


@pytest.mark.django_db
def test_the_son_nham_report_draws_every_dossier_figure_from_its_declared_window(sample_figures):
    """Issue 12's symptom: "58 hồ sơ, trong đó 39 … trực tuyến; tỷ lệ 100%" and "1.416/1.416"
    beside 58 dossiers. With the window declared, only the window's figures are printed."""
    unit = _son_nham()
    _calendar_dossier_kpis(unit)
    built = build_report("periodic", unit, YEAR, ReportOptions(charts=False, provenance="separate"))
    text = _text(built)
    assert "Số liệu tính từ ngày 15/12/2023 đến ngày 31/10/2024." in text
    assert "Tổng số hồ sơ thủ tục hành chính: 1.463 hồ sơ, trong đó 1.463 hồ sơ trực tuyến" in text
    assert "58 hồ sơ" not in text and "39 hồ sơ" not in text
    assert "Tỷ lệ số hóa hồ sơ" not in text  # 47 digitised is calendar 2024's: never beside 1.463
    assert "100% (1.416/1.416 hồ sơ)" in text
    shown = {r[1]: r[3] for r in built.appendix_rows["indicators"]}
    assert shown["Tổng số hồ sơ thủ tục hành chính"] == "1.463" and shown["Tỷ lệ hồ sơ trực tuyến"] == "100%"
    periods = {r[1]: r[3] for r in built.appendix_rows["provenance"]}
    assert periods["Tổng số hồ sơ thủ tục hành chính"] == "15/12/2023 – 31/10/2024"
    assert built.check.ok


@pytest.mark.django_db
def test_without_a_window_the_report_is_calendar_2024_throughout(sample_figures):
    unit = _son_nham()
    _calendar_dossier_kpis(unit)
    clear_window(unit, YEAR)
    built = build_report("periodic", unit, YEAR, ReportOptions(charts=False))
    text = _text(built)
    assert "58 hồ sơ, trong đó 39 hồ sơ trực tuyến" in text and "tỷ lệ hồ sơ trực tuyến 67,24%" in text
    assert "1.463" not in text and "1.416" not in text and "Số liệu tính từ ngày" not in text
    assert built.check.ok


@pytest.mark.django_db
def test_a_window_given_for_one_build_overrides_the_declared_one(sample_figures, tmp_path):
    unit = _son_nham()
    clear_window(unit, YEAR)
    out = tmp_path / "x.docx"
    call_command(
        "report", "build", "--unit", SON_NHAM, "--period", "2024", "--window", "2023-12-15..2024-10-31",
        "--no-charts", "-o", str(out),
    )  # fmt: skip
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Số liệu tính từ ngày 15/12/2023 đến ngày 31/10/2024." in text and "1.463 hồ sơ" in text
    assert declared_window(unit, YEAR) is None


@pytest.mark.django_db
def test_cds_report_window_declares_shows_and_clears(sample_figures, capsys):
    unit = _son_nham()
    clear_window(unit, YEAR)
    call_command(
        "report",
        "window",
        "--unit",
        SON_NHAM,
        "--period",
        "2024",
        "--from",
        "15/12/2023",
        "--to",
        "31/10/2024",
    )
    out = capsys.readouterr().out
    assert "số liệu từ ngày 15/12/2023 đến ngày 31/10/2024" in out
    assert declared_window(unit, YEAR) == WINDOW
    call_command("report", "window", "--unit", SON_NHAM, "--period", "2024", "--clear")
    assert declared_window(unit, YEAR) is None


@pytest.mark.django_db
def test_a_window_crossing_the_reorganisation_or_outside_the_period_is_refused(units):
    tree = small_tree()
    crossing = Period.between(dt.date(2025, 6, 1), dt.date(2025, 7, 31))
    with pytest.raises(InputError, match="vượt qua ngày 1/7/2025") as err:
        declare_window(tree["merged"], parse_period("2025"), crossing)
    assert "crosses 1/7/2025" in err.value.en
    with pytest.raises(InputError, match="không giao với kỳ báo cáo"):
        declare_window(
            tree["a"], parse_period("2023"), Period.between(dt.date(2024, 1, 1), dt.date(2024, 3, 31))
        )
    with pytest.raises(InputError, match="không tồn tại trong khoảng"):
        declare_window(
            tree["a"], parse_period("2025"), Period.between(dt.date(2025, 8, 1), dt.date(2025, 10, 31))
        )
    # after the reorganisation, today's commune may declare a window of its own
    after = Period.between(dt.date(2025, 7, 1), dt.date(2025, 11, 14))
    assert declare_window(tree["merged"], parse_period("2025"), after, compute=False).window == after


@pytest.mark.django_db
def test_declaring_a_window_computes_its_dossier_kpis_for_exactly_that_window(units, tmp_path):
    tree = small_tree()
    store = DossierStore(tmp_path / "store")
    rows = [
        dossier("A1", "T99901", received_at="10/12/2023 08:00"),  # before the window
        dossier("A2", "T99901", received_at="16/12/2023 08:00"),
        dossier("A3", "T99901", received_at="01/03/2024 08:00", channel="Trực tiếp"),
        dossier("A4", "T99901", received_at="05/11/2024 08:00"),  # after it
    ]
    import_file(write_export(tmp_path / "a.csv", rows), store=store)
    result = declare_window(tree["a"], parse_period("2024"), WINDOW, store=store)
    assert result.written is not None and result.written.created > 0
    value = DataValue.objects.get(unit=tree["a"], indicator__code="dvc.dossiers_total", period=WINDOW.code)
    assert value.number == 2 and value.source_kind == "computed" and value.status == Status.DRAFT
    online = DataValue.objects.get(unit=tree["a"], indicator__code="dvc.dossiers_online", period=WINDOW.code)
    assert online.number == 1
    # a draft: an official report leaves it out (here it would have no figure: refused), a DỰ THẢO
    # uses it and says so
    with pytest.raises(EmptyPeriod, match="Chưa có số liệu nào đã duyệt của Xã An cho năm 2024"):
        build_report("periodic", tree["a"], parse_period("2024"), ReportOptions(charts=False))
    draft = build_report(
        "periodic", tree["a"], parse_period("2024"), ReportOptions(charts=False, include_unapproved=True)
    )
    assert "2 hồ sơ, trong đó 1 hồ sơ trực tuyến" in _text(draft) and draft.draft


@pytest.mark.django_db
def test_typed_window_figures_are_kept_and_nothing_is_computed_beside_them(units, tmp_path):
    tree = small_tree()
    store = DossierStore(tmp_path / "store")
    import_file(
        write_export(tmp_path / "a.csv", [dossier("A2", "T99901", received_at="16/12/2023 08:00")]),
        store=store,
    )
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", WINDOW, 1463)], Actor("báo cáo xã", "import"))
    result = declare_window(tree["a"], parse_period("2024"), WINDOW, store=store)
    assert result.written is None and any("giữ số liệu đã nhập" in n for n in result.notes)
    assert not DataValue.objects.filter(indicator__code="dvc.dossiers_online", period=WINDOW.code).exists()


@pytest.mark.django_db
def test_an_official_report_uses_approved_values_and_a_draft_lists_the_others(sample_figures):
    unit = _son_nham()
    value = DataValue.objects.get(unit=unit, indicator__code="infra.internet_users", period="2024")
    change_status([value], "reopen", Actor("test: cấp trên", "manual"), reason="kiểm tra lại")
    official = build_report("periodic", unit, YEAR, ReportOptions(charts=False))
    text = _text(official)
    assert "264 người" not in text and "DỰ THẢO" not in text and not official.draft
    draft = build_report("periodic", unit, YEAR, ReportOptions(charts=False, include_unapproved=True))
    text = _text(draft)
    assert "264 người" in text and draft.draft
    doc = Document(io.BytesIO(draft.document.to_bytes()))
    assert [p.text for p in doc.paragraphs if p.text == "DỰ THẢO"] == ["DỰ THẢO"]
    assert "SỐ LIỆU CHƯA ĐƯỢC DUYỆT TRONG DỰ THẢO" in text
    listed = draft.appendix_rows["unapproved"]
    assert ["1", "Số người dùng Internet trên địa bàn", "Xã Sơn Nham", "năm 2024", "Nháp"] in listed
    assert draft.check.ok


@pytest.mark.django_db
def test_with_every_value_approved_include_unapproved_is_not_a_draft(sample_figures):
    built = build_report("periodic", _son_nham(), YEAR, ReportOptions(charts=False, include_unapproved=True))
    assert not built.draft and "DỰ THẢO" not in _text(built)


ONE_WINDOW = "Số liệu của tất cả các đơn vị trong báo cáo này tính theo cùng một khoảng: "


@pytest.mark.django_db
def test_a_consolidated_report_reads_every_unit_on_the_same_window_and_names_units_with_another(
    sample_figures,
):
    """Sơn Hà 2024 has no window of its own: every commune is read on calendar 2024, and the report
    says that Sơn Nham's own report counts 15/12/2023–31/10/2024 (its window figures are not mixed in)."""
    _calendar_dossier_kpis(_son_nham())
    district = resolve_unit("huyện Sơn Hà", as_of=YEAR.end)
    built = build_report("consolidated", district, YEAR, ReportOptions(charts=False))
    text = _text(built)
    assert (
        f"{ONE_WINDOW}năm 2024 (từ ngày 1/1/2024 đến ngày 31/12/2024); 1 đơn vị đã khai báo khoảng số liệu "
        "khác cho báo cáo của đơn vị mình, số liệu theo khoảng đó không được tổng hợp ở đây: "
        "Xã Sơn Nham (15/12/2023–31/10/2024)."
    ) in text
    row = next(r for r in built.appendix_rows["units"] if r[1] == "Xã Sơn Nham")
    assert row[2:4] == ["58", "39"]  # calendar 2024's dossiers; never the window's 1.463
    assert "1.463" not in text and "Số liệu tính từ ngày" not in text
    assert built.check.ok


@pytest.mark.django_db
def test_a_consolidated_report_with_a_declared_window_reads_it_for_every_unit(sample_figures):
    _calendar_dossier_kpis(_son_nham())
    district = resolve_unit("huyện Sơn Hà", as_of=YEAR.end)
    declare_window(district, YEAR, WINDOW, compute=False)
    built = build_report("consolidated", district, YEAR, ReportOptions(charts=False))
    text = _text(built)
    assert "Số liệu tính từ ngày 15/12/2023 đến ngày 31/10/2024." in text
    assert ONE_WINDOW not in text  # Sơn Nham declared the same window: nothing read elsewhere
    row = next(r for r in built.appendix_rows["units"] if r[1] == "Xã Sơn Nham")
    assert row[2:4] == ["1.463", "1.463"]  # the window's, never calendar 2024's 58 and 39
    assert "58" not in row and "39" not in row
    periods = {r[1]: r[3] for r in built.appendix_rows.get("provenance", [])}
    assert all(p in ("15/12/2023 – 31/10/2024", "năm 2024") for p in periods.values())
    assert built.check.ok
    # a window given for one build is the scope's too
    clear_window(district, YEAR)
    again = build_report("consolidated", district, YEAR, ReportOptions(charts=False, window=WINDOW))
    assert "Số liệu tính từ ngày 15/12/2023 đến ngày 31/10/2024." in _text(again)


@pytest.mark.django_db
def test_a_window_count_its_files_cannot_give_is_unknown_and_a_stale_one_is_withdrawn(units, tmp_path):
    """Missing is not zero for a window too: an export without the digitisation columns gives no
    digitised count (not 0), and one computed earlier for the same window is withdrawn."""
    tree = small_tree()
    store = DossierStore(tmp_path / "store")
    key = {"unit": tree["a"], "indicator__code": "dvc.dossiers_digitised", "period": WINDOW.code}
    import_file(
        write_export(tmp_path / "a.csv", [dossier("A2", "T99901", received_at="16/12/2023 08:00")]),
        store=store,
    )
    declare_window(tree["a"], parse_period("2024"), WINDOW, store=store)
    assert DataValue.objects.filter(**key).exists()
    import_file(
        write_export(
            tmp_path / "b.csv",
            [dossier("A3", "T99901", received_at="01/03/2024 08:00")],
            without=("dossier_digitised", "result_digitised"),
        ),
        store=store,
    )
    result = declare_window(tree["a"], parse_period("2024"), WINDOW, store=store)
    assert not DataValue.objects.filter(**key).exists()  # unknown now: withdrawn, not left at 1
    assert (
        DataValue.objects.get(unit=tree["a"], indicator__code="dvc.dossiers_total", period=WINDOW.code).number
        == 2
    )
    assert any("rút" in n for n in result.notes)


@pytest.mark.django_db
def test_a_scope_declaring_a_window_gets_the_window_counts_of_each_unit_below_it(units, tmp_path):
    """A district's window is read for every commune of its consolidated report, so declaring it
    computes each commune's counts for exactly that window too (not only the district's)."""
    tree = small_tree()
    store = DossierStore(tmp_path / "store")
    rows = [
        dossier("A1", "T99901", received_at="16/12/2023 08:00"),
        dossier("A2", "T99901", received_at="05/11/2024 08:00"),  # after the window
        dossier("B1", "T99902", received_at="01/03/2024 08:00", channel="Trực tiếp"),
    ]
    import_file(write_export(tmp_path / "a.csv", rows), store=store)
    declare_window(tree["district"], parse_period("2024"), WINDOW, store=store)
    totals = dict(
        DataValue.objects.filter(indicator__code="dvc.dossiers_total", period=WINDOW.code).values_list(
            "unit__code", "number"
        )
    )
    assert totals == {"T999": 2, "T99901": 1, "T99902": 1}
    approve_all()
    built = build_report("consolidated", tree["district"], parse_period("2024"), ReportOptions(charts=False))
    table = {r[1]: r[2:4] for r in built.appendix_rows["units"]}
    assert table["Xã An"] == ["1", "1"] and table["Xã Bình"] == ["1", "0"]
    assert "Số liệu tính từ ngày 15/12/2023 đến ngày 31/10/2024." in _text(built) and built.check.ok
