"""Missing is not zero: a KPI whose source column the export lacked is N/A with the reason."""

from __future__ import annotations

from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cds.dossiers import services
from cds.dossiers.importer import import_file
from cds.dossiers.kpi import NEEDS, RATES, rate_needs
from cds.dossiers.models import DossierImport
from cds.dossiers.publish import publish
from cds.lib.periods import parse_period
from cds.lib.testing import examples
from cds.values.models import DataValue

from .helpers import dossier, write_export

ROWS = [
    dossier(
        f"HS{i}",
        "T99901" if i % 2 else "T99902",
        received_at=f"{1 + i % 20:02d}/03/2023 08:00",
        due_at="25/03/2023",
        finished_at="24/03/2023" if i % 3 else "28/03/2023",
        status="Đã giải quyết",
        fee_required="Có" if i % 2 else "Không",
        paid_online="Có" if i % 4 == 1 else "Không",
        dossier_digitised="Có" if i % 5 else "Không",
        result_digitised="Có",
        rating="Hài lòng" if i % 2 else "",
        service_level="Toàn trình" if i % 3 else "Một phần",
    )
    for i in range(12)
]


def _row(tree, store, period="2023Q1"):
    return services.compute_kpis(tree["province"], parse_period(period), store=store)[0]


def test_an_export_without_digitisation_columns_gives_no_digitisation_rate_not_zero(tree, store, tmp_path):
    path = write_export(tmp_path / "hs.csv", ROWS, without=("dossier_digitised", "result_digitised"))
    assert import_file(path, store=store).import_id
    row = _row(tree, store)
    assert row.counts["dvc.dossiers_total"] == 12
    assert row.rate("dvc.dossier_digitised_rate") is None
    assert row.value("dvc.dossiers_digitised") is None
    assert row.rate("dvc.result_digitised_rate") is None
    vi, en = row.note("dvc.dossier_digitised_rate")
    assert "chưa có số liệu" in vi and "Số hóa hồ sơ" in vi
    assert "no data" in en
    # the other KPIs are still computed
    assert row.rate("dvc.online_dossier_rate") is not None
    assert row.rate("dvc.on_time_rate") is not None


def test_an_export_without_due_dates_gives_no_on_time_rate_not_100(tree, store, tmp_path):
    path = write_export(tmp_path / "hs.csv", ROWS, without=("due_at",))
    import_file(path, store=store)
    row = _row(tree, store)
    assert row.counts["dvc.dossiers_resolved"] == 12
    assert row.rate("dvc.on_time_rate") is None
    assert "Ngày hẹn trả" in row.note("dvc.on_time_rate")[0]


def test_the_import_record_lists_the_fields_the_file_provided(tree, store, tmp_path):
    path = write_export(tmp_path / "hs.csv", ROWS, without=("due_at", "rating"))
    report = import_file(path, store=store)
    record = DossierImport.objects.get(pk=report.import_id)
    provided = set(record.fields.split(","))
    assert "due_at" not in provided and "rating" not in provided
    assert {"finished_at", "dossier_digitised", "channel"} <= provided
    assert set(report.fields_missing) >= {"due_at", "rating"}


def test_unknown_kpis_are_not_written_as_values(tree, store, tmp_path):
    path = write_export(tmp_path / "hs.csv", ROWS, without=("dossier_digitised", "due_at"))
    report = import_file(path, store=store)
    publish(report.provinces[0], [2023], report.import_id, store=store, kinds=("quarter",))
    codes = set(
        DataValue.objects.filter(unit=tree["province"], period="2023Q1").values_list(
            "indicator__code", flat=True
        )
    )
    assert "dvc.dossiers_total" in codes
    assert "dvc.dossiers_digitised" not in codes
    assert "dvc.dossiers_resolved_on_time" not in codes


def test_a_mixed_period_counts_only_dossiers_from_files_that_had_the_column_and_says_so(
    tree, store, tmp_path
):
    first = write_export(tmp_path / "a.csv", ROWS[:6])
    second = write_export(tmp_path / "b.csv", ROWS[6:], without=("dossier_digitised",))
    import_file(first, store=store)
    import_file(second, store=store)
    row = _row(tree, store)
    assert row.counts["dvc.dossiers_total"] == 12
    digitised = sum(1 for r in ROWS[:6] if r["dossier_digitised"] == "Có")
    assert row.parts("dvc.dossier_digitised_rate") == (digitised, 6)
    vi, en = row.note("dvc.dossier_digitised_rate")
    assert "6/12" in vi and "6/12" in en
    # a partial count is never written as the unit's figure
    report = DossierImport.objects.order_by("-id").first()
    publish("T99", [2023], report.pk, store=store, kinds=("quarter",))
    assert not DataValue.objects.filter(
        unit=tree["province"], period="2023Q1", indicator__code="dvc.dossiers_digitised"
    ).exists()


def test_the_kpi_command_prints_the_reason_not_a_percentage(tree, store, tmp_path, capsys):
    path = write_export(tmp_path / "hs.csv", ROWS, without=("dossier_digitised",))
    import_file(path, store=store)
    call_command("dvc", "kpi", "--unit", "T99", "--period", "2023Q1", "--store", str(store.root))
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "dvc.dossier_digitised_rate" in x)
    assert "chưa có số liệu" in line and "0,00%" not in line


OPTIONAL = sorted({f for fields in NEEDS.values() for f in fields})


@settings(max_examples=examples(12), deadline=None, suppress_health_check=list(HealthCheck))
@given(dropped=st.sets(st.sampled_from(OPTIONAL), min_size=1))
def test_no_kpi_is_0_or_100_when_its_inputs_are_unknown(tree, store, tmp_path_factory, dropped):
    store.root.mkdir(parents=True, exist_ok=True)
    for old in store.root.glob("province=*"):
        import shutil

        shutil.rmtree(old)
    path = write_export(tmp_path_factory.mktemp("x") / "hs.csv", ROWS, without=tuple(dropped))
    report = import_file(path, store=store)
    assert report.rows_rejected == 0, report.errors
    row = _row(tree, store)
    for code in RATES:
        if set(rate_needs(code)) & dropped:
            assert row.rate(code) is None, code
            assert "chưa có số liệu" in row.note(code)[0]
    for code, fields in NEEDS.items():
        if set(fields) & dropped:
            assert row.value(code) is None, code


def test_empty_due_date_cells_are_unknown_not_on_time(tree, store, tmp_path):
    rows = [{**r, "due_at": ""} for r in ROWS]  # the column is there, every cell empty
    import_file(write_export(tmp_path / "a.csv", rows), store=store)
    row = _row(tree, store)
    assert row.rate("dvc.on_time_rate") is None
    assert row.note("dvc.on_time_rate")[0] == "chưa có số liệu: cột «Ngày hẹn trả» để trống ở cả 12 hồ sơ"


def test_some_empty_due_dates_leave_those_dossiers_out_of_the_on_time_rate_and_say_so(tree, store, tmp_path):
    rows = [{**r, "due_at": ""} if i < 4 else r for i, r in enumerate(ROWS)]
    import_file(write_export(tmp_path / "a.csv", rows), store=store)
    row = _row(tree, store)
    judged = [r for r in ROWS[4:]]
    on_time = sum(1 for r in judged if r["finished_at"] == "24/03/2023")
    assert row.parts("dvc.on_time_rate") == (on_time, len(judged))
    assert row.note("dvc.on_time_rate")[0] == "chỉ tính 8/12 hồ sơ có «Ngày hẹn trả»"


def test_a_partition_written_before_the_fields_mask_reads_every_optional_column_as_unknown(
    tree, store, tmp_path
):
    import pyarrow.parquet as pq

    import_file(write_export(tmp_path / "a.csv", ROWS), store=store)
    [path] = store.files()
    old = pq.read_table(path).drop_columns(["authority", "fields"])  # as the previous version wrote it
    pq.write_table(old, path)
    row = _row(tree, store)
    assert row.counts["dvc.dossiers_total"] == 12 and row.rate("dvc.online_dossier_rate") is not None
    assert row.rate("dvc.dossier_digitised_rate") is None and row.rate("dvc.on_time_rate") is None
