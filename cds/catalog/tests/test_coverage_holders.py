"""Issue 21, session 11: a statement the catalog's data values cannot hold may still be stored by
another part of the product — a target (chỉ tiêu) of an indicator, a published DTI result. The
measure's ``holder`` column names which; each corpus row it credits is stored here through that
holder's own domain operation, so the credit is not a claim on paper."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from cds.catalog.coverage import (
    HOLDERS,
    Statement,
    holder_kind,
    judge,
    measure,
    read_statements,
    shipped_catalogs,
)
from cds.lib.errors import InputError

# The corpus rows a target holds (report, quote) and the unit each target is for.
TARGET_ROWS = {
    ("42-gia-lai-2025-03", "2.068 chỉ tiêu giao"): "Xã Hà Đông, Huyện Đak Đoa, Tỉnh Gia Lai",
    (
        "45-gia-lai-2023-08",
        "phấn đấu từ tháng 9/2023 trở đi phải đạt trên 60% số hồ sơ phát sinh qua dịch vụ công"
        " so với tổng số hồ sơ tiếp nhận",
    ): "Tỉnh Gia Lai",
    # session 12: five targets of Xuân Lộc's 2024 plan, set for indicators the catalog holds
    (
        "53-xuan-loc-2024",
        "50% dịch vụ công trực tuyến toàn trình được tích hợp, cung cấp trên Cổng Dịch vụ công Quốc gia",
    ): "Huyện Xuân Lộc, Tỉnh Đồng Nai",
    (
        "53-xuan-loc-2024",
        "50% thanh toán trực tuyến trên Cổng Dịch vụ công Quốc gia",
    ): "Huyện Xuân Lộc, Tỉnh Đồng Nai",
    (
        "53-xuan-loc-2024",
        "70% thủ tục hành chính có yêu cầu nghĩa vụ tài chính được thanh toán trực tuyến",
    ): "Huyện Xuân Lộc, Tỉnh Đồng Nai",
    (
        "53-xuan-loc-2024",
        "đạt tối thiểu 40% tại cấp huyện và 30% tại cấp xã",
    ): "Huyện Xuân Lộc, Tỉnh Đồng Nai",
    ("53-xuan-loc-2024", "30% tại cấp xã"): "Huyện Xuân Lộc, Tỉnh Đồng Nai",
    # session 13 (heldout8's eighth set): three targets of Quảng Bình's 2023 plan table (103)
    (
        "103-quang-binh-2023",
        "Tỷ lệ hồ sơ trực tuyến phát sinh của từng DVCTT (toàn trình và một phần) | 30%",
    ): "Tỉnh Quảng Bình",
    ("103-quang-binh-2023", "(DVCTT) | 100%"): "Tỉnh Quảng Bình",
    ("103-quang-binh-2023", "+ Cấp tỉnh | 97%"): "Tỉnh Quảng Bình",
    # session 14 (heldout9's tenth set): Bình Phước's 2023 targets (119) and the share of information
    # systems with an approved security level Bà Rịa - Vũng Tàu was required to reach (122)
    (
        "119-binh-phuoc-2023",
        "Bình Phước phấn đấu 70% dân số trưởng thành có điện thoại thông minh",
    ): "Tỉnh Bình Phước",
    (
        "119-binh-phuoc-2023",
        "70% hộ gia đình được phủ mạng internet băng thông rộng cáp quang",
    ): "Tỉnh Bình Phước",
    ("119-binh-phuoc-2023", "100% dân số được phủ sóng bởi mạng di động"): "Tỉnh Bình Phước",
    (
        "119-binh-phuoc-2023",
        "100% thủ tục hành chính đủ điều kiện theo quy định được cung cấp dưới hình thức dịch vụ công"
        " trực tuyến toàn trình",
    ): "Tỉnh Bình Phước",
    (
        "119-binh-phuoc-2023",
        "tỷ lệ hồ sơ thủ tục hành chính xử lý hoàn toàn trực tuyến (toàn trình) đạt 60%",
    ): "Tỉnh Bình Phước",
    ("122-ba-ria-vung-tau-2023", "so với 80% yêu cầu đặt ra"): "Tỉnh Bà Rịa - Vũng Tàu",
    # Sóc Trăng's 2025 target for the digital economy's share of GRDP (131)
    ("131-soc-trang-2023", "phấn đấu đến năm 2025 đạt 20% GRDP"): "Tỉnh Sóc Trăng",
    # the provincial council's 2023 targets Bà Rịa - Vũng Tàu exceeded (132)
    ("132-ba-ria-vung-tau-2023-cchc", "vượt chỉ tiêu HĐND tỉnh giao (98%)"): "Tỉnh Bà Rịa - Vũng Tàu",
    ("132-ba-ria-vung-tau-2023-cchc", "vượt chỉ tiêu HĐND giao (87%)"): "Tỉnh Bà Rịa - Vũng Tàu",
    # session 14 (catalog10): the same table's district- and commune-level targets, now that the
    # work documents handled online by level are indicators
    ("103-quang-binh-2023", "+ Cấp huyện | 92%"): "Tỉnh Quảng Bình",
    (
        "103-quang-binh-2023",
        "+ Cấp xã đạt (trừ hồ sơ công việc thuộc phạm vi bí mật nhà nước) | 80%",
    ): "Tỉnh Quảng Bình",
}
HUE_RANK = ("46-hue-2025-10", "Huế vươn lên xếp vị trí thứ 2 toàn quốc")
# Session 13: shares of a quota reached, held by the value and target pair (never stored).
HA_DONG_SHARE = ("42-gia-lai-2025-03", "xã Hà Đông (huyện Đak Đoa) với tỷ lệ 5,3%")
TARGET_SHARE_REPORTS = {"42-gia-lai-2025-03": 4, "60-hai-phong-2023-06": 14}


@pytest.fixture(scope="module")
def catalogs():
    return shipped_catalogs()


@pytest.fixture(scope="module")
def rows():
    return {(s.report, s.quote): s for s in read_statements()}


def statement(**fields) -> Statement:
    base = Statement(
        line=2,
        report="45-gia-lai-2023-08",
        quote="q",
        indicator="dvc.online_dossier_rate",
        unit="%",
        period="2023-09",
        value="trên 60%",
        kind="rate",
        representable="y",
        why_not="",
        note="",
        holder="target",
    )
    return replace(base, **fields)


def test_a_row_names_its_holder_and_an_indicator_code_alone_means_a_data_value(rows):
    assert {holder_kind(s.holder) for s in rows.values()} <= {"", *HOLDERS}
    assert all(
        s.holder == "indicator"
        for s in rows.values()
        if s.indicator and s.holder not in ("target", "target_share")
    )
    unheld = statement(indicator="", holder="")
    assert unheld.held_by == "" and statement(holder="").held_by == "indicator"


def test_the_share_is_reported_with_every_holder_and_with_data_values_alone(catalogs):
    coverage = measure(read_statements(), catalogs)
    assert coverage.problems == []
    by_holder = {h: coverage.representable_by(h) for h in HOLDERS}
    assert sum(by_holder.values()) == coverage.representable
    assert by_holder["target"] == len(TARGET_ROWS)
    assert by_holder["target_share"] == sum(TARGET_SHARE_REPORTS.values())
    # 73 (session 13) states Hải Dương's DTI 2022 rank with its score: a result, rank and score; 113
    # (session 14) states Cần Thơ's DTI 2022 and 2021 values with their ranks (two ranks of 2022, one
    # of 2021, the digital-government pillar's rank of each year); every other rank comes without
    # its score
    assert by_holder["dti_result"] == 9
    # session 14: the published ranks other than DTI whose text gives «hạng/N», and the scores beside them
    assert by_holder["published_rank"] == len(PUBLISHED_RANK_ROWS)
    assert coverage.representable_by("indicator") < coverage.representable


def test_a_target_is_read_as_a_target_file_reads_it(catalogs):
    assert judge(statement(), catalogs).representable
    assert judge(statement(value="≥ 80%"), catalogs).representable
    assert judge(statement(value="80% trở lên"), catalogs).representable
    about = judge(statement(value="khoảng 60%"), catalogs)
    assert not about.representable and "exact" in about.reason_en
    assert not judge(statement(value="3/4"), catalogs).representable
    milestone = statement(indicator="gov.ioc_opened_on", unit="ngày", value="1/1/2024", period="2024")
    assert "cannot have a target" in judge(milestone, catalogs).reason_en


def test_the_same_figure_as_a_data_value_would_not_read_as_a_target_word(catalogs):
    # «trên 60%» is a value with a qualifier as a data value too; a holder changes what stores it,
    # not the unit or the catalog version it is judged against
    wrong_unit = judge(statement(unit="hồ sơ"), catalogs)
    assert not wrong_unit.representable and wrong_unit.reason_en.startswith("unit «hồ sơ»")


def test_a_rank_is_held_by_a_dti_result_only_with_its_score_in_the_same_report_and_year(catalogs):
    rank = statement(
        report="46-hue-2025-10",
        indicator="",
        unit="hạng",
        period="2024",
        value="2",
        kind="rank",
        holder="dti_result",
    )
    alone = judge(rank, catalogs)
    assert not alone.representable and "total score" in alone.reason_en
    assert judge(rank, catalogs, scores=frozenset({("46-hue-2025-10", "2024")})).representable
    score = replace(rank, unit="điểm", value="0,6512", kind="score")
    assert judge(score, catalogs).representable
    assert "a year's" in judge(replace(score, period="2024Q1"), catalogs).reason_en
    assert not judge(replace(rank, kind="count"), catalogs).representable


def test_a_rank_change_is_derived_and_held_by_nothing(rows):
    change = rows[("46-hue-2025-10", "tăng 1 bậc so với năm 2023")]
    assert change.representable == "n" and change.held_by == "" and "derived" in change.why_not


def test_an_unknown_holder_is_a_problem_of_the_row(catalogs, tmp_path):
    (tmp_path / "01-x.md").write_text("> có 12 tổ công nghệ số", encoding="utf-8")
    row = statement(report="01-x", quote="có 12 tổ", holder="registry:teams", representable="n", why_not="x")
    result = measure([row], catalogs, corpus_dir=tmp_path)
    assert any("holder «registry:teams»" in p for p in result.problems)


@pytest.mark.django_db
@pytest.mark.usefixtures("units", "shipped_catalogs")
@pytest.mark.parametrize("key", sorted(TARGET_ROWS))
def test_each_corpus_row_credited_to_a_target_is_stored_as_one_by_the_target_file_loader(key, rows, tmp_path):
    from cds.catalog.models import Comparator, Target
    from cds.catalog.targets import load_targets_file

    row = rows[key]
    assert row.holder == "target" and row.representable == "y"
    path = tmp_path / "targets.yaml"
    path.write_text(
        f'source: "{row.report}"\ntargets:\n'
        f'  - {{indicator: {row.indicator}, period: "{row.period}", unit: "{TARGET_ROWS[key]}", target: "{row.value}"}}\n',
        encoding="utf-8",
    )
    assert load_targets_file(path).created == 1
    stored = Target.objects.get(indicator__code=row.indicator, period=row.period)
    expected = {
        "2.068": (Comparator.GE, Decimal("2068")),
        "trên 60%": (Comparator.GT, Decimal("60")),
        "50%": (Comparator.GE, Decimal("50")),
        "70%": (Comparator.GE, Decimal("70")),
        "40%": (Comparator.GE, Decimal("40")),
        "30%": (Comparator.GE, Decimal("30")),
        "100%": (Comparator.GE, Decimal("100")),
        "97%": (Comparator.GE, Decimal("97")),
        "60%": (Comparator.GE, Decimal("60")),
        "80%": (Comparator.GE, Decimal("80")),
        "20%": (Comparator.GE, Decimal("20")),
        "98%": (Comparator.GE, Decimal("98")),
        "87%": (Comparator.GE, Decimal("87")),
        "92%": (Comparator.GE, Decimal("92")),
    }[row.value]
    assert (stored.comparator, stored.value) == expected
    assert stored.unit is not None and stored.unit.name == TARGET_ROWS[key].split(",")[0]


@pytest.mark.django_db
@pytest.mark.usefixtures("units")
def test_a_published_rank_without_its_score_is_refused_and_with_it_is_stored(rows, tmp_path):
    """Why the Huế text's ranks stay unheld: ``import_results`` stores a published result with its
    total score; the same rank with a score is stored with its rank and field size."""
    from cds.dti.models import Result
    from cds.dti.published import import_results

    row = rows[HUE_RANK]
    assert row.holder == "dti_result" and row.representable == "n"
    rank_only = tmp_path / "hang.csv"
    rank_only.write_text(
        f"Đơn vị,Năm,Tổng điểm,Xếp hạng,Trạng thái\nTỉnh Thừa Thiên Huế,{row.period},,{row.value},Đã đánh giá\n",
        encoding="utf-8",
    )
    refused = import_results(rank_only)
    assert not refused.ok and any("tổng điểm" in e.vi for e in refused.errors)
    assert not Result.objects.exists()
    scored = tmp_path / "diem.csv"
    scored.write_text(
        f'Đơn vị,Năm,Tổng điểm,Xếp hạng,Số đơn vị xếp hạng\nTỉnh Thừa Thiên Huế,{row.period},"0,6512",{row.value},63\n',
        encoding="utf-8",
    )
    report = import_results(scored)
    assert report.ok, [str(e) for e in report.errors]
    stored = Result.objects.get()
    assert (stored.year, stored.published_rank, stored.published_of) == (2024, 2, 63)


def test_a_row_without_the_holder_column_reads_with_an_empty_holder(tmp_path):
    path = tmp_path / "statements.csv"
    header = "report,quote,indicator,unit,period,value,kind,representable,why_not,note,holder\n"
    path.write_text(header + "01-x,có 12 tổ,teams.village_teams,tổ,2023,12,count,y,,\n", encoding="utf-8")
    (only,) = read_statements(path)
    assert only.holder == "" and only.held_by == "indicator"
    with pytest.raises(InputError):
        read_statements(_old_header(tmp_path))


def _old_header(tmp_path):
    path = tmp_path / "old.csv"
    path.write_text(
        "report,quote,indicator,unit,period,value,kind,representable,why_not,note\n", encoding="utf-8"
    )
    return path


REGISTRY_ROW = ("52-chau-duc-2023", "Tổ CNSCĐ thôn 6 có 5 người")
# session 12: a second village team, its day of establishment stated by the text
LANG_XA_CON_ROW = (
    "57-thanh-thuy-hue-2025",
    "Tổ Công nghệ số cộng đồng Lang Xá Cồn được UBND phường Thanh Thủy thành lập ngày 8/8/2025, gồm 8 thành viên",
)
REGISTRY_TEAMS = {
    REGISTRY_ROW: ("Tổ CNSCĐ thôn 6", "thôn 6", (2023, 1, 1)),
    LANG_XA_CON_ROW: ("Tổ Công nghệ số cộng đồng Lang Xá Cồn", "Lang Xá Cồn", (2025, 8, 8)),
}


def test_a_registry_holds_an_exact_count_of_its_rows_in_its_unit(catalogs):
    team = statement(
        report="52-chau-duc-2023",
        indicator="",
        unit="người",
        period="2023-12",
        value="5",
        kind="count",
        holder="registry:teams.members",
    )
    assert judge(team, catalogs).representable
    assert judge(replace(team, unit="thành viên"), catalogs).representable
    assert "exact count" in judge(replace(team, value="gần 746"), catalogs).reason_en
    assert judge(replace(team, unit="tổ"), catalogs).reason_en.startswith("unit «tổ»")


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(REGISTRY_TEAMS))
def test_each_corpus_row_credited_to_the_team_registry_is_stored_there_as_its_named_members(key, rows):
    import datetime as dt

    from cds.lib.periods import parse_period
    from cds.registries import operations
    from cds.registries.models import Member, Team
    from cds.registries.teams import members_of
    from cds.units.testing import small_tree
    from cds.values.services import Actor

    row = rows[key]
    assert row.holder == "registry:teams.members" and row.representable == "y"
    name, area, established = REGISTRY_TEAMS[key]
    actor = Actor("catalog7")
    commune = small_tree()["a"]
    team = Team(unit=commune, level="village", name=name, area=area, established_on=dt.date(*established))
    operations.save_team(team, actor)
    for n in range(int(row.value)):
        operations.save_member(
            Member(team=team, full_name=f"Thành viên {n + 1}", joined_on=dt.date(*established)), actor
        )
    assert members_of(team, parse_period(row.period)).count() == int(row.value)


def test_a_share_of_a_quota_reached_is_held_only_as_a_percentage_of_a_quota_indicator(catalogs, rows):
    share = rows[HA_DONG_SHARE]
    assert share.holder == "target_share" and judge(share, catalogs).representable
    for report, count in TARGET_SHARE_REPORTS.items():
        held = [s for s in rows.values() if s.report == report and s.holder == "target_share"]
        assert len(held) == count and all(judge(s, catalogs).representable for s in held)
    of_a_rate = replace(share, indicator="society.vneid_activated_resident_rate")
    assert "has no share of a quota reached" in judge(of_a_rate, catalogs).reason_en
    in_accounts = replace(share, unit="tài khoản", value="109")
    assert "is a percentage" in judge(in_accounts, catalogs).reason_en
    as_a_fraction = replace(share, value="109/2.068")
    assert not judge(as_a_fraction, catalogs).representable


@pytest.mark.django_db
@pytest.mark.usefixtures("units", "shipped_catalogs")
def test_ha_dongs_share_of_its_quota_is_computed_from_its_stored_target_and_value(rows, tmp_path):
    """The text gives both operands: 109 accounts of a 2.068 quota («109 tài khoản/2.068 chỉ tiêu
    giao»). Stored as a target (the loader) and a value, the product derives the stated «5,3%»."""
    from cds.catalog.models import Target
    from cds.catalog.targets import load_targets_file, share_of_target
    from cds.lib.vn_numbers import format_percent, parse_number

    quota = rows[("42-gia-lai-2025-03", "2.068 chỉ tiêu giao")]
    value = rows[("42-gia-lai-2025-03", "toàn xã mới kích hoạt 109 tài khoản")]
    stated = rows[HA_DONG_SHARE]
    assert quota.indicator == value.indicator == stated.indicator == "society.vneid_accounts_activated"
    path = tmp_path / "targets.yaml"
    path.write_text(
        f'source: "{quota.report}"\ntargets:\n'
        f'  - {{indicator: {quota.indicator}, period: "{quota.period}", '
        f'unit: "{TARGET_ROWS[(quota.report, quota.quote)]}", target: "{quota.value}"}}\n',
        encoding="utf-8",
    )
    assert load_targets_file(path).created == 1
    target = Target.objects.get(indicator__code=quota.indicator, period=quota.period)
    share = share_of_target(target, parse_number(value.value, "count").value)
    assert share is not None and format_percent(share, 1) == stated.value


# Session 14 (catalog10): the rows a published rank other than DTI holds (cds.catalog.rankings),
# each a rank of N or the score beside such a rank in the same text.
PUBLISHED_RANK_ROWS = {
    ("60-hai-phong-2023-06", "thành phố xếp thứ 4/63 tỉnh/thành phố"): "vneid_activation_bca",
    (
        "65-lao-cai-2024",
        "giúp Lào Cai đứng thứ 30/63 tỉnh, thành phố về việc áp dụng nền tảng giáo dục mở",
    ): "open_learning_moet",
    (
        "72-ha-giang-2024",
        "Hà Giang xếp thứ 17/63 tỉnh, thành phố về chỉ số phục vụ người dân, doanh nghiệp",
    ): "phuc_vu_766",
    ("80-thang-binh-2023", "xếp thứ 10/18 huyện, thị, thành phố"): "par_index_district",
    ("81-thang-binh-2022", "xếp thứ 2/18 huyện, thị xã, thành phố"): "par_index_district",
    ("82-mang-thit-2022", "xếp hạng 4/8 huyện, thị xã, thành phố toàn tỉnh"): "par_index_district",
    ("102-tien-giang-2023s1", "Chỉ số CCHC của tỉnh năm 2022 đạt 82,58 điểm"): "par_index",
    ("102-tien-giang-2023s1", "xếp hạng 53/63 tỉnh, thành phố"): "par_index",
    ("102-tien-giang-2023s1", "đạt 40,97 điểm"): "papi",
    ("102-tien-giang-2023s1", "xếp hạng 45/63 tỉnh, thành phố"): "papi",
}


def test_the_corpus_rows_a_published_rank_holds_are_the_listed_ones(catalogs):
    coverage = measure(read_statements(), catalogs)
    held = {
        (v.statement.report, v.statement.quote): v.statement.holder.split(":")[1]
        for v in coverage.verdicts
        if v.representable and v.statement.held_by == "published_rank"
    }
    assert held == PUBLISHED_RANK_ROWS


def ranked(**fields) -> Statement:
    return statement(**{"indicator": "", "unit": "hạng", "period": "2024", "value": "17/63", "kind": "rank",
                        "holder": "published_rank:phuc_vu_766", **fields})  # fmt: skip


def test_a_published_rank_is_held_with_its_n_and_a_score_only_beside_its_rank(catalogs):
    assert judge(ranked(), catalogs).representable
    alone = judge(ranked(value="17"), catalogs)
    assert not alone.representable and "number ranked (N)" in alone.reason_en
    assert not judge(ranked(value="70/63"), catalogs).representable
    assert not judge(ranked(holder="published_rank:dti"), catalogs).representable
    assert not judge(ranked(holder="published_rank:phuc_vu_766:khong_co"), catalogs).representable
    score = ranked(value="82,5", kind="score", unit="điểm")
    assert not judge(score, catalogs).representable
    key = (score.report, score.period, score.holder)
    assert judge(score, catalogs, ranked=frozenset({key})).representable


@pytest.mark.django_db
def test_each_published_rank_the_corpus_holds_is_stored_through_put_rank(rows):
    from cds.catalog.models import PublishedRank
    from cds.catalog.rankings import put_rank, rankings
    from cds.lib.vn_numbers import parse_number
    from cds.units.testing import make_unit
    from cds.values.services import Actor

    scores = {
        (s.report, s.period, s.holder): parse_number(s.value, "number").value
        for key, s in rows.items()
        if key in PUBLISHED_RANK_ROWS and s.kind == "score"
    }
    for number, key in enumerate(PUBLISHED_RANK_ROWS):
        s = rows[key]
        if s.kind != "rank":
            continue
        level = rankings()[PUBLISHED_RANK_ROWS[key]].levels[0]
        unit = make_unit(f"Đơn vị {number}", level, f"R{number:03d}")
        stated = parse_number(s.value, "count")
        assert stated.denominator is not None
        put_rank(
            PUBLISHED_RANK_ROWS[key], unit, s.period, int(stated.value), int(stated.denominator),
            Actor("test"), score=scores.get((s.report, s.period, s.holder)),
        )  # fmt: skip
    assert PublishedRank.objects.count() == 8
    assert PublishedRank.objects.filter(score__isnull=False).count() == 2


@pytest.mark.parametrize("holder", ["published_rank", "published_rank:", "published_rank::kinh_te_so"])
def test_a_published_rank_holder_that_names_no_ranking_is_a_reason_not_a_traceback(catalogs, holder):
    verdict = judge(ranked(holder=holder), catalogs)
    assert not verdict.representable and "names no ranking" in verdict.reason_en
    assert "không nêu bảng xếp hạng" in verdict.reason_vi


def test_a_score_is_not_held_beside_a_rank_that_is_not_held_itself(catalogs):
    rank_without_n = ranked(value="17", line=2)
    score = ranked(value="82,5", kind="score", unit="điểm", line=3)
    verdicts = {v.statement.line: v for v in measure([rank_without_n, score], catalogs).verdicts}
    assert not verdicts[2].representable
    assert not verdicts[3].representable and "stored with its rank" in verdicts[3].reason_en
    with_n = measure([ranked(line=2), score], catalogs).verdicts
    assert [v.representable for v in with_n] == [True, True]
