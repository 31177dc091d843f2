"""Published ranks other than DTI (docs/catalog.md «Thứ hạng đã công bố ngoài DTI»): the rankings
file, the store's database rules, its one write (with history), the CSV/XLSX import, the scope and
the unit page that shows them in both languages."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from cds.catalog.models import PublishedRank
from cds.catalog.rankings import RANKINGS_FILE, import_ranks, put_rank, rank_lines, read_rankings
from cds.history.changes import history_of
from cds.lib.errors import InputError
from cds.lib.tabular import write_table
from cds.values.services import Actor

HEADERS = ["Bảng xếp hạng", "Đơn vị", "Kỳ", "Phần", "Hạng", "Trên tổng số", "Điểm"]


def test_the_shipped_rankings_file_loads_and_names_the_766_index_with_its_decision() -> None:
    rankings = read_rankings()
    assert "dti" not in rankings
    index = rankings["phuc_vu_766"]
    assert index.publisher.startswith("Văn phòng Chính phủ")
    assert index.basis[0].doc.startswith("Quyết định số 766/QĐ-TTg ngày 23/6/2022")
    # a table nobody read the basis of says so, never an invented citation
    assert rankings["papi"].basis == () and rankings["papi"].basis_none


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ("  - code: dti\n    name_vi: a\n    name_en: a\n    publisher: a\n    basis: {none: x}\n"
         "    levels: [province]\n", "cds dti import-results"),
        ("  - code: x\n    name_vi: a\n    name_en: a\n    publisher: a\n    levels: [province]\n",
         "«basis»"),
        ("  - code: x\n    name_vi: a\n    name_en: a\n    publisher: a\n    basis: {none: x}\n"
         "    levels: [tỉnh]\n", "«levels»"),
        ("  - code: x\n    name_vi: a\n    name_en: a\n    publisher: a\n    basis: []\n"
         "    levels: [province]\n", "«basis»"),
    ],
)  # fmt: skip
def test_a_bad_rankings_file_is_one_bilingual_error_naming_the_file_and_the_entry(
    tmp_path: Path, entry: str, words: str
) -> None:
    path = tmp_path / "rankings.yaml"
    path.write_text("rankings:\n" + entry, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rankings(path)
    text = str(caught.value)
    assert "rankings.yaml" in text and words in text
    assert "bảng xếp hạng «" in caught.value.vi and "ranking «" in caught.value.en


def test_the_shipped_file_is_the_one_read_by_default() -> None:
    assert RANKINGS_FILE.name == "rankings.yaml" and RANKINGS_FILE.is_file()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "name"),
    [
        ({"rank": 0, "ranked_of": 63}, "published_rank_at_least_1"),
        ({"rank": 64, "ranked_of": 63}, "published_rank_within_ranked_of"),
        ({"rank": 1, "ranked_of": 63, "ranking": "dti"}, "published_rank_not_dti"),
    ],
)
def test_the_database_refuses_a_rank_outside_1_to_n_and_the_dti_code(tree, fields, name) -> None:
    values = {"ranking": "phuc_vu_766", "unit": tree["province"], "period": "2024", **fields}
    with pytest.raises(IntegrityError, match=name), transaction.atomic():
        PublishedRank.objects.create(**values)


@pytest.mark.django_db
def test_a_rank_without_a_score_is_stored_with_the_score_empty(tree) -> None:
    row = PublishedRank.objects.create(
        ranking="phuc_vu_766", unit=tree["province"], period="2024", rank=17, ranked_of=63
    )
    assert row.score is None


@pytest.mark.django_db
def test_put_rank_records_who_old_new_and_why_and_a_second_identical_write_changes_nothing(tree) -> None:
    actor = Actor("cán bộ thử")
    row, outcome = put_rank("phuc_vu_766", tree["province"], "2024", 17, 63, actor, reason="báo cáo 72")
    assert outcome == "create"
    again = put_rank("phuc_vu_766", tree["province"], "năm 2024", 17, 63, actor, reason="báo cáo 72")
    assert again[1] == "unchanged"
    put_rank(
        "phuc_vu_766", tree["province"], "2024", 15, 63, actor, score=Decimal("82.5"), reason="đính chính"
    )
    records = list(history_of(row).order_by("pk"))
    assert [r.action for r in records] == ["create", "update"]
    assert (records[1].before["rank"], records[1].after["rank"], records[1].after["score"]) == (
        17,
        15,
        "82.50",
    )
    assert (records[1].actor, records[1].reason) == ("cán bộ thử", "đính chính")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "column"),
    [
        (("dti", "province", 2, 63), "ranking"),
        (("khong_co", "province", 2, 63), "ranking"),
        (("par_index", "a", 2, 63), "unit"),  # the PAR Index ranks provinces, not communes
        (("phuc_vu_766", "province", 64, 63), "rank"),
    ],
)
def test_put_rank_refuses_dti_unknown_rankings_wrong_levels_and_ranks_beyond_n(tree, args, column) -> None:
    ranking, unit, rank, of = args
    with pytest.raises(InputError) as caught:
        put_rank(ranking, tree[unit], "2024", rank, of, Actor("test"))
    assert caught.value.where.column == column and caught.value.vi and caught.value.en
    assert not PublishedRank.objects.exists()


DECISION = "Quyết định số 215/QĐ-UBND ngày 20/3/2025 của UBND tỉnh Thử Nghiệm công bố chỉ số phục vụ năm 2024"


def _register_decision(unit):
    from cds.registries import documents
    from cds.registries.citations import extract

    result = documents.register(unit, documents.preview(unit, extract(DECISION)), Actor("test: sổ văn bản"))
    return result.created[0]


@pytest.mark.django_db
def test_a_rank_links_its_publishing_decision_from_the_register_of_the_unit_or_above_and_keeps_it(
    tree,
) -> None:
    registered = _register_decision(tree["province"])
    row, _ = put_rank("phuc_vu_766", tree["a"], "2024", 3, 12, Actor("test"), decision="215/QĐ-UBND")
    assert row.decision == registered  # the province's decision, found from the commune's rank
    again, outcome = put_rank("phuc_vu_766", tree["a"], "2024", 3, 12, Actor("test"))
    assert again.decision == registered and outcome == "unchanged"  # no words: the link stays
    with pytest.raises(InputError) as caught:
        put_rank("phuc_vu_766", tree["a"], "2024", 3, 12, Actor("test"), decision="999/QĐ-UBND")
    assert caught.value.where.column == "decision" and "sổ đăng ký" in caught.value.vi
    assert PublishedRank.objects.get().decision == registered


@pytest.mark.django_db
def test_an_import_links_the_decision_named_in_its_column(tmp_path: Path, tree) -> None:
    registered = _register_decision(tree["province"])
    path = tmp_path / "hang.csv"
    write_table(
        path, [*HEADERS, "decision"],
        [["phuc_vu_766", tree["a"].code, "2024", "", "3", "12", "", "215/QĐ-UBND"]],
    )  # fmt: skip
    report = import_ranks(path, Actor("test"))
    assert report.ok and report.created == 1, [e.vi for e in report.errors]
    assert PublishedRank.objects.get().decision == registered


def _file(tmp_path: Path, tree, rows: list[list[str]], name: str = "hang.csv") -> Path:
    path = tmp_path / name
    write_table(path, HEADERS, rows)
    return path


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["hang.csv", "hang.xlsx"])
def test_an_import_writes_every_row_once_a_dry_run_nothing_and_a_second_run_changes_nothing(
    tmp_path: Path, tree, name: str
) -> None:
    rows = [
        ["phuc_vu_766", tree["province"].code, "2023", "", "20", "63", "78,25"],
        ["phuc_vu_766", tree["province"].code, "2024", "", "17", "63", ""],
        ["digital_measurement_mic", tree["province"].code, "2023", "kinh_te_so", "7", "63", ""],
        # a ranking named by its Vietnamese name, as people write it
        [
            "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
            tree["province"].code,
            "2023",
            "",
            "45",
            "63",
            "40,97",
        ],
    ]
    path = _file(tmp_path, tree, rows, name)
    dry = import_ranks(path, Actor("test"), dry_run=True)
    assert (dry.ok, dry.created, PublishedRank.objects.count()) == (True, 4, 0), dry.errors
    first = import_ranks(path, Actor("test"))
    assert (first.created, first.updated) == (4, 0)
    second = import_ranks(path, Actor("test"))
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)
    assert PublishedRank.objects.get(ranking="papi").score == Decimal("40.97")
    assert PublishedRank.objects.get(ranking="phuc_vu_766", period="2023").score == Decimal("78.25")


@pytest.mark.django_db
def test_every_bad_row_is_named_with_file_row_column_and_value_and_nothing_is_written(
    tmp_path: Path, tree
) -> None:
    rows = [
        ["phuc_vu_766", tree["province"].code, "2024", "", "17", "63", ""],  # good
        ["dti", tree["province"].code, "2024", "", "2", "63", ""],
        ["phuc_vu_766", "Tỉnh Không Có", "2024", "", "2", "63", ""],
        ["phuc_vu_766", tree["province"].code, "2023", "", "70", "63", ""],
        ["phuc_vu_766", tree["province"].code, "2022", "", "mười", "63", ""],
        ["phuc_vu_766", tree["province"].code, "2024", "", "17", "63", ""],  # repeats row 2
        ["par_index", tree["province"].code, "2024", "tong", "5", "63", ""],
        ["papi", tree["province"].code, "2024", "", "17/63", "63", ""],  # N goes in its own column
    ]
    report = import_ranks(_file(tmp_path, tree, rows), Actor("test"))
    assert not PublishedRank.objects.exists()
    where = [(e.where.file, e.where.row, e.where.column, e.where.value) for e in report.errors]
    assert where == [
        ("hang.csv", 3, "ranking", "dti"),
        ("hang.csv", 4, "unit", "Tỉnh Không Có"),
        ("hang.csv", 5, "rank", "70"),
        ("hang.csv", 6, "rank", "mười"),
        ("hang.csv", 7, "unit", tree["province"].code),
        ("hang.csv", 8, "part", "tong"),
        ("hang.csv", 9, "rank", "17/63"),
    ]
    assert all(e.vi and e.en and e.vi != e.en for e in report.errors)


@pytest.mark.django_db
def test_the_import_command_reports_bad_rows_in_both_languages_and_writes_nothing(
    tmp_path: Path, tree
) -> None:
    bad = _file(tmp_path, tree, [["dti", tree["province"].code, "2024", "", "2", "63", ""]])
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"1 lỗi, không ghi gì / 1 error\(s\), nothing written"):
        call_command("catalog", "import-ranks", str(bad), stdout=io.StringIO(), stderr=err)
    assert "hang.csv" in err.getvalue() and "DTI" in err.getvalue()
    good = _file(tmp_path, tree, [["phuc_vu_766", tree["province"].code, "2024", "", "17", "63", "82,5"]])
    call_command(
        "catalog", "import-ranks", str(good), "--dry-run", stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert not PublishedRank.objects.exists()
    err = io.StringIO()
    call_command("catalog", "import-ranks", str(good), stdout=io.StringIO(), stderr=err)
    assert "1 mới / new" in err.getvalue()
    assert history_of(PublishedRank.objects.get()).get().actor == "cli: cds catalog import-ranks"


@pytest.mark.django_db
def test_a_person_finds_only_the_ranks_of_units_in_their_scope(tree, officer, supervisor) -> None:
    put_rank("phuc_vu_766", tree["province"], "2024", 17, 63, Actor("test"))
    put_rank("par_index_district", tree["a"], "2024", 3, 12, Actor("test"))
    mine = PublishedRank.objects.for_user(officer)  # the officer of Xã An
    assert [r.unit for r in mine] == [tree["a"]]
    assert PublishedRank.objects.for_user(supervisor).count() >= 1


@pytest.mark.django_db
def test_a_change_of_rank_is_derived_from_two_stored_ranks_of_the_same_ranking_and_part(tree) -> None:
    put_rank("phuc_vu_766", tree["province"], "2023", 20, 63, Actor("test"))
    put_rank(
        "phuc_vu_766", tree["province"], "2024", 17, 63, Actor("test"),
        score=Decimal("82.5"), max_score=Decimal("100"),
    )  # fmt: skip
    put_rank("papi", tree["province"], "2024", 45, 63, Actor("test"))
    lines = rank_lines(tree["province"])
    assert [(line.vi, line.change_vi) for line in lines] == [
        ("Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI): hạng 45/63, chưa có số liệu", ""),
        ("Chỉ số phục vụ người dân, doanh nghiệp (766): hạng 17/63, 82,5/100 điểm", "tăng 3 bậc"),
        ("Chỉ số phục vụ người dân, doanh nghiệp (766): hạng 20/63, chưa có số liệu", ""),
    ]
    assert lines[1].change_en == "up 3 places" and lines[1].en.endswith("rank 17/63, 82,5/100 points")


@pytest.mark.django_db
def test_the_unit_page_shows_its_published_ranks_in_vietnamese_and_in_english(
    tree, as_officer, settings
) -> None:
    put_rank("par_index_district", tree["a"], "2024", 3, 12, Actor("test"), score=Decimal("82.5"))
    url = reverse("web:unit", args=[tree["a"].pk])
    page = as_officer.get(url).content.decode()
    assert "Thứ hạng đã công bố" in page
    assert (
        "Chỉ số cải cách hành chính cấp huyện (do tỉnh xếp hạng): hạng 3/12, 82,5 điểm (không rõ thang điểm)"
        in page
    )
    as_officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = as_officer.get(url).content.decode()
    assert "Published rankings" in page
    assert (
        "District administrative reform index (ranked by the province): rank 3/12, 82,5 points (scale not given)"
        in page
    )


@pytest.mark.django_db
def test_the_admin_writes_a_rank_through_put_rank_and_refuses_a_rank_beyond_n(tree, client) -> None:
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", password="x")
    client.force_login(admin)
    form = {"ranking": "phuc_vu_766", "unit": tree["province"].pk, "period": "năm 2024", "part": "",
            "rank": "70", "ranked_of": "63", "score": "", "max_score": "", "document": "", "note": ""}  # fmt: skip
    refused = client.post("/admin/catalog/publishedrank/add/", form)
    assert (
        refused.status_code == 200
        and "hạng 70 phải từ 1 đến số đơn vị xếp hạng 63" in refused.content.decode()
    )
    assert not PublishedRank.objects.exists()
    client.post("/admin/catalog/publishedrank/add/", {**form, "rank": "17"})
    row = PublishedRank.objects.get()
    assert (row.period, row.rank) == ("2024", 17)
    assert history_of(row).get().actor == "quantri"


def test_the_rankings_command_lists_each_ranking_with_its_publisher_and_basis() -> None:
    out = io.StringIO()
    call_command("catalog", "rankings", "--format", "csv", stdout=out)
    text = out.getvalue()
    assert "phuc_vu_766" in text and "Văn phòng Chính phủ" in text and "Quyết định số 766/QĐ-TTg" in text
    assert "papi" in text and "chưa trích dẫn" in text and "dti" not in text.split()


@pytest.mark.django_db
def test_a_change_record_names_the_ranking_and_its_part_in_vietnamese_not_by_its_code(tree) -> None:
    row, _ = put_rank("par_index_district", tree["a"], "2024", 3, 12, Actor("test"))
    repr_ = history_of(row).get().object_repr
    assert repr_ == "Chỉ số cải cách hành chính cấp huyện (do tỉnh xếp hạng), 2024: 3/12"
    assert "par_index" not in str(row)
    assert row.ranking_name == "Chỉ số cải cách hành chính cấp huyện (do tỉnh xếp hạng)"


@pytest.mark.django_db
def test_the_admin_refuses_a_changed_rank_beyond_n_with_put_ranks_reason_not_djangos_english(
    tree, client
) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("quantri", password="x"))
    row, _ = put_rank("phuc_vu_766", tree["province"], "2024", 17, 63, Actor("test"))
    url = f"/admin/catalog/publishedrank/{row.pk}/change/"
    form = {"rank": "70", "ranked_of": "63", "score": "", "max_score": "", "document": "", "note": ""}
    page = client.post(url, form).content.decode()
    assert "hạng 70 phải từ 1 đến số đơn vị xếp hạng 63" in page
    assert "Constraint" not in page and "published_rank_" not in page
    over = client.post(url, {**form, "rank": "17", "score": "90", "max_score": "80"}).content.decode()
    assert "điểm phải từ 0 đến điểm tối đa" in over and "Constraint" not in over
    assert PublishedRank.objects.get().rank == 17


@pytest.mark.django_db
def test_a_score_or_rank_that_is_not_one_exact_number_is_refused_not_stored_as_if_it_were(
    tmp_path: Path, tree
) -> None:
    code = tree["province"].code
    rows = [
        ["phuc_vu_766", code, "2024", "", "17", "63", "hơn 80"],  # «more than 80» stored as 80 before
        ["phuc_vu_766", code, "2023", "", "17", "63", "80%"],
        ["phuc_vu_766", code, "2022", "", "17%", "63", ""],
    ]
    report = import_ranks(_file(tmp_path, tree, rows), Actor("test"))
    assert [(e.where.row, e.where.column, e.where.value) for e in report.errors] == [
        (2, "score", "hơn 80"),
        (3, "score", "80%"),
        (4, "rank", "17%"),
    ]
    assert not PublishedRank.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("of", "score", "column"),
    [(99_999_999_999, None, "ranked_of"), (63, Decimal("123456789"), "score")],
)
def test_a_number_ranked_or_a_score_beyond_what_the_columns_hold_is_a_reason_not_a_database_error(
    tree, of, score, column
) -> None:
    # PostgreSQL would refuse the row with an «out of range» / «numeric field overflow» traceback
    with pytest.raises(InputError) as caught:
        put_rank("phuc_vu_766", tree["province"], "2024", 1, of, Actor("test"), score=score)
    assert caught.value.where.column == column and caught.value.vi and caught.value.en
    assert not PublishedRank.objects.exists()


@pytest.mark.django_db
def test_an_unreadable_file_is_one_error_of_the_file_not_a_bad_row(tmp_path: Path) -> None:
    broken = tmp_path / "hang.xlsx"
    broken.write_bytes(b"not a zip")
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("catalog", "import-ranks", str(broken), stdout=io.StringIO(), stderr=err)
    assert "dòng" not in str(caught.value) and "rows" not in str(caught.value)
    assert "hang.xlsx" in err.getvalue() and "Excel" in err.getvalue()
