"""Authority level (thẩm quyền cấp tỉnh / huyện / xã): kept apart, and shown together."""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from cds.dossiers import services
from cds.dossiers.importer import import_file
from cds.lib.periods import parse_period

from .helpers import dossier, write_export

ROWS = [
    dossier("HS1", "T99901", authority="Cấp xã"),
    dossier("HS2", "T99901", authority="Cấp xã", channel="Trực tiếp"),
    dossier("HS3", "T99901", authority="Cấp huyện"),  # received at the commune, decided by the district
    dossier("HS4", "T99902", authority="Thẩm quyền cấp huyện", channel="Trực tiếp"),
]


def test_dossiers_are_counted_apart_by_authority_level_and_together(tree, store, tmp_path):
    report = import_file(write_export(tmp_path / "a.csv", ROWS), store=store)
    assert report.rows_rejected == 0, report.errors
    period = parse_period("2023Q1")
    rows = {
        r.key["authority"]: r
        for r in services.compute_kpis(tree["province"], period, by="authority", store=store)
    }
    assert set(rows) == {"commune", "district"}
    assert (
        rows["commune"].counts["dvc.dossiers_total"] == 2
        and rows["commune"].counts["dvc.dossiers_online"] == 1
    )
    assert (
        rows["district"].counts["dvc.dossiers_total"] == 2
        and rows["district"].counts["dvc.dossiers_online"] == 1
    )
    together = services.compute_kpis(tree["province"], period, store=store)[0]
    assert together.counts["dvc.dossiers_total"] == 4


def test_an_unknown_authority_word_is_a_rejected_row(tree, store, tmp_path):
    report = import_file(
        write_export(tmp_path / "a.csv", [dossier("HS1", "T99901", authority="Cấp bộ")]), store=store
    )
    assert report.refused and report.errors[0].column == "authority"


def test_without_the_column_the_breakdown_says_the_authority_is_unknown(tree, store, tmp_path, capsys):
    import_file(write_export(tmp_path / "a.csv", [dossier("HS1", "T99901")]), store=store)
    call_command(
        "dvc", "kpi", "--unit", "T99", "--period", "2023Q1", "--by", "authority", "--format", "json",
        "--store", str(store.root), stdout=io.StringIO(),
    )  # fmt: skip
    rows = json.loads(capsys.readouterr().out)
    assert [r["authority"] for r in rows] == ["chưa có số liệu thẩm quyền / authority unknown"]
