from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("units", *args, stdout=out, skip_checks=True)
    return out.getvalue()


def test_find_prints_parseable_json():
    payload = json.loads(run("find", "UBND xã Sơn Nham", "--format", "json"))
    assert payload["best"]["code"] == "21298"
    assert payload["candidates"][0]["parents"] == ["Huyện Sơn Hà", "Tỉnh Quảng Ngãi"]


def test_find_with_in_and_as_of_narrows_tan_lap():
    wide = json.loads(run("find", "Tân Lập", "--as-of", "15/12/2023", "--format", "json"))
    narrow = json.loads(
        run("find", "Tân Lập", "--in", "Đan Phượng", "--as-of", "2023-12-15", "--format", "json")
    )
    assert wide["ambiguous"] and wide["best"] is None
    assert narrow["best"]["code"] == "09820" and not narrow["ambiguous"]


def test_show_gives_parents_children_and_history():
    payload = json.loads(run("show", "21208", "--format", "json"))
    assert payload["name"] == "Xã Tịnh Châu"
    assert payload["parents"] == ["Thành phố Quảng Ngãi", "Tỉnh Quảng Ngãi"]  # nearest first
    assert [h["name"] for h in payload["history"]] == ["Xã Tịnh Khê"]


def test_children_lists_the_units_below():
    rows = json.loads(run("children", "Huyện Sơn Hà", "--format", "json"))
    assert "Xã Sơn Nham" in {r["name"] for r in rows}
    csv_text = run("children", "51", "--as-of", "2024-01-01", "--level", "commune", "--format", "csv")
    assert csv_text.splitlines()[0] == "code,name,level,era"
    assert len(csv_text.splitlines()) > 150


def test_add_village_prints_the_new_unit():
    payload = json.loads(run("add-village", "21292", "Thôn Nham Bắc", "--format", "json"))
    assert payload["code"] == "21292-T001"
    assert payload["parents"] == ["Xã Sơn Hạ", "Tỉnh Quảng Ngãi"]


def test_an_ambiguous_name_is_a_bilingual_command_error():
    with pytest.raises(CommandError) as caught:
        run("show", "Xã Tân Lập")
    assert "khớp với" in str(caught.value) and "matches" in str(caught.value)


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError):
        run("find", "Tân Lập", "--as-of", "31/02/2024")


def test_load_reports_counts_as_json():
    payload = json.loads(run("load", "--format", "json"))
    assert payload["counts"]["current commune"] == 3321
    assert payload["created"] == 0 and payload["updated"] == 0
    assert {i["kind"] for i in payload["issues"]} >= {"corrected", "dropped"}


def test_find_without_a_date_shows_both_eras_today_first_and_labels_the_former():
    payload = json.loads(run("find", "Xã Tịnh Khê", "--format", "json"))
    assert [(c["era"], c["label"]) for c in payload["candidates"]] == [
        ("current", "Xã Tịnh Khê"),
        ("legacy", "Xã Tịnh Khê (trước 1/7/2025)"),
    ]
    table = run("find", "Huyện Sơn Tịnh", "--lang", "en")
    assert "(before 1/7/2025)" in table


def test_find_on_a_date_says_why_a_name_names_no_unit_then():
    """Issue 15: the same explanation an import gets — here a renamed unit's new name before the
    rename (Thành phố Huế was Tỉnh Thừa Thiên Huế until 1/1/2025)."""
    out = run("find", "Thành phố Huế", "--as-of", "1/6/2023")
    assert "not found" in out and "Tỉnh Thừa Thiên Huế" in out and "1/1/2025" in out
    payload = json.loads(run("find", "Thành phố Huế", "--as-of", "1/6/2023", "--format", "json"))
    assert "175/2024/QH15" in payload["why_vi"] and "was called Tỉnh Thừa Thiên Huế" in payload["why_en"]
