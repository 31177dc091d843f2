import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .helpers import indicator, small_catalog, write_catalog

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_catalog_list_prints_json_only():
    rows = json.loads(run("catalog", "list", "--format", "json"))
    assert len(rows) >= 60 and {r["version"] for r in rows} == {"2025.1"}
    old = json.loads(run("catalog", "list", "--on", "2024-01-01", "--pillar", "attt", "--format", "json"))
    assert {r["pillar"] for r in old} == {"attt"} and old[0]["version"] == "2022.1"


def test_catalog_show_gives_one_indicator_with_its_links():
    shown = json.loads(run("catalog", "show", "dvc.dossiers_total", "--format", "json"))
    assert shown["code"] == "dvc.dossiers_total" and shown["kind"] == "count"
    assert "dvc.online_dossier_rate" in shown["rates_using"] and shown["versions"] == ["2022.1", "2025.1"]
    assert "numerator" in run("catalog", "show", "dvc.online_dossier_rate")


def test_catalog_versions_and_a_repeated_load_report_unchanged():
    versions = json.loads(run("catalog", "versions", "--format", "json"))
    assert [v["code"] for v in versions] == ["2022.1", "2025.1"]
    loaded = json.loads(run("catalog", "load", "cds/catalog/data/catalog-2022.1.yaml", "--format", "json"))
    assert (loaded["version"], loaded["status"]) == ("2022.1", "unchanged")
    assert [r["status"] for r in json.loads(run("catalog", "load", "--builtin", "--format", "json"))] == [
        "unchanged",
        "unchanged",
    ]


def test_catalog_load_of_a_bad_file_is_a_command_error_with_the_reason(tmp_path):
    data = small_catalog()
    indicator(data, "t.online")["pillar"] = "khong_co"
    with pytest.raises(CommandError, match=r"catalog-9000\.1\.yaml.*t\.online"):
        run("catalog", "load", str(write_catalog(tmp_path, data)))
    with pytest.raises(CommandError, match=r"dvc\.nothing"):
        run("catalog", "show", "dvc.nothing")
    with pytest.raises(CommandError, match="2024-13-01"):
        run("catalog", "list", "--on", "2024-13-01")


def test_targets_load_and_list_print_json(tmp_path):
    loaded = json.loads(
        run("targets", "load", "cds/catalog/data/targets-quang-ngai.yaml", "--format", "json")
    )
    assert loaded["created"] == loaded["rows"]
    rows = json.loads(run("targets", "list", "--period", "năm 2023", "--format", "json"))
    assert rows and {r["period"] for r in rows} == {"2023"}
    bad = tmp_path / "t.yaml"
    bad.write_text(
        "targets:\n  - {indicator: dvc.nothing, period: '2024', level: commune, target: '1'}\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"t\.yaml"):
        run("targets", "load", str(bad))


def test_catalog_list_shows_scope_and_a_reload_that_amends_scope_says_so(tmp_path):
    rows = json.loads(
        run("catalog", "list", "--on", "2024-01-01", "--pillar", "chi_dao_dieu_hanh", "--format", "json")
    )
    assert {r["code"]: r["scope"] for r in rows}["docs.issued_total"] == "own"
    data = small_catalog()
    run("catalog", "load", str(write_catalog(tmp_path, data)), "--format", "json")
    indicator(data, "t.online")["description"] = "Đếm theo sổ tiếp nhận"
    again = json.loads(run("catalog", "load", str(write_catalog(tmp_path, data)), "--format", "json"))
    assert again["status"] == "amended (1)"


def test_catalog_show_gives_the_levels_that_fill_it_and_the_units_it_counts_as_the_export_does():
    ioc = json.loads(run("catalog", "show", "gov.ioc_opened_on", "--on", "2024-01-01", "--format", "json"))
    assert (ioc["levels"], ioc["counts_units"]) == (["province", "district"], None)
    villages = json.loads(run("catalog", "show", "units.villages", "--format", "json"))
    assert (villages["levels"], villages["counts_units"]) == (["province", "district", "commune"], "village")
    table = run("catalog", "show", "units.villages")
    assert "village" in table and "province, district, commune" in table
