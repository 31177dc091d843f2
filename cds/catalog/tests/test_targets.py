import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from cds.catalog.models import Indicator, Target
from cds.catalog.targets import enclosing_period_codes, evaluate, find_target, load_targets_file, targets_for
from cds.lib.errors import InputError
from cds.lib.testing import text_file
from cds.units.models import Era, Unit

pytestmark = pytest.mark.django_db

SHIPPED = "cds/catalog/data/targets-quang-ngai.yaml"


def make_unit(name, level, code, parent=None):
    unit = Unit.objects.create(
        era=Era.LEGACY,
        level=level,
        code=code,
        name=name,
        short_name=name.split(" ", 1)[1],
        unit_type=name.split(" ", 1)[0],
        search_key=code,
        parent=parent,
        valid_to=dt.date(2025, 7, 1),
    )
    unit.path = (parent.path if parent else "/") + f"{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


@pytest.fixture
def communes():
    province = make_unit("Tỉnh Thử", "province", "T98")
    district = make_unit("Huyện Mẫu", "district", "T981", province)
    return make_unit("Xã Một", "commune", "T98101", district), make_unit(
        "Xã Hai", "commune", "T98102", district
    )


def write(tmp_path: Path, text: str, name: str = "targets.yaml") -> Path:
    return text_file(tmp_path, text, name)


def target(code, value, comparator=">=", period="2024"):
    return Target(
        indicator=Indicator.objects.get(code=code),
        period=period,
        level="commune",
        comparator=comparator,
        value=Decimal(value),
    )


# --- which target applies


def test_a_year_target_applies_to_its_quarters_halves_and_months():
    assert enclosing_period_codes("2023-08") == ["2023-08", "2023Q3", "2023S2", "2023"]
    assert enclosing_period_codes("2023Q3") == ["2023Q3", "2023S2", "2023"]
    assert enclosing_period_codes("2024") == ["2024"]


def test_a_range_counts_for_the_year_whose_reporting_window_holds_it():
    assert enclosing_period_codes("2023-12-15..2024-10-31") == ["2023-12-15..2024-10-31", "2024"]
    assert enclosing_period_codes("2024-02-01..2024-02-20") == [
        "2024-02-01..2024-02-20",
        "2024-02",
        "2024Q1",
        "2024S1",
        "2024",
    ]
    assert enclosing_period_codes("2023-06-01..2024-10-31") == ["2023-06-01..2024-10-31"]


def test_the_closest_period_wins_and_a_units_own_target_beats_its_level(tmp_path, communes):
    one, two = communes
    load_targets_file(
        write(
            tmp_path,
            """
source: test
targets:
  - {indicator: dvc.online_dossier_rate, period: "2023", level: commune, target: "≥ 50%"}
  - {indicator: dvc.online_dossier_rate, period: "quý III/2023", level: xã, target: "≥ 40%"}
  - {indicator: dvc.online_dossier_rate, period: "2023", unit: T98101, target: "≥ 30%"}
""",
        )
    )
    assert find_target("dvc.online_dossier_rate", two, "2023Q1").value == 50
    assert find_target("dvc.online_dossier_rate", two, "2023Q3").value == 40
    assert find_target("dvc.online_dossier_rate", two, "2023-08").value == 40
    assert find_target("dvc.online_dossier_rate", one, "2023Q3").value == 30
    assert find_target("dvc.online_dossier_rate", one, "2024") is None
    assert find_target("dvc.online_payment_rate", one, "2023") is None
    assert find_target("dvc.online_dossier_rate", None, "2023Q2", level="commune").value == 50
    assert find_target("dvc.online_dossier_rate", one.parent, "2023") is None  # a district is not a commune
    assert {c: t.value for c, t in targets_for(one, "2023Q3").items()} == {"dvc.online_dossier_rate": 30}


def test_sơn_nhams_window_figures_meet_the_2024_targets(communes):
    load_targets_file(SHIPPED)
    found = find_target("dvc.fee_procedures_online_payment_rate", communes[0], "2023-12-15..2024-10-31")
    assert (found.period, found.comparator, found.value) == ("2024", ">=", 80)


# --- target files


def test_the_shipped_demo_targets_load_and_reloading_changes_nothing():
    first = load_targets_file(SHIPPED)
    assert first.created == first.rows >= 20 and first.updated == 0
    again = load_targets_file(SHIPPED)
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.rows)
    assert Target.objects.filter(source__startswith="demo").count() == first.rows - 2
    assert Target.objects.get(indicator__code="gov.electronic_documents_rate").source.startswith("003")


def test_a_changed_target_is_updated_in_place(tmp_path):
    row = "  - {indicator: dvc.on_time_rate, period: '2024', level: commune, target: '%s', source: test}\n"
    load_targets_file(write(tmp_path, "targets:\n" + row % "≥ 90%"))
    result = load_targets_file(write(tmp_path, "targets:\n" + row % "≥ 95%"))
    assert (result.created, result.updated) == (0, 1)
    assert Target.objects.get(indicator__code="dvc.on_time_rate").value == 95


@pytest.mark.parametrize(
    ("written", "comparator", "value"),
    [
        ("≥ 80%", ">=", "80"),
        (">= 80", ">=", "80"),
        ("80% trở lên", ">=", "80"),
        ("từ 80% trở lên", ">=", "80"),
        ("tối thiểu 80%", ">=", "80"),
        ("trên 80%", ">", "80"),
        ("không quá 80%", "<=", "80"),
        ("≤ 12,5%", "<=", "12.5"),
        ("= 100%", "=", "100"),
        ("100%", ">=", "100"),
        ("dưới 5%", "<", "5"),
    ],
)
def test_targets_are_read_the_way_people_write_them(tmp_path, written, comparator, value):
    load_targets_file(
        write(
            tmp_path,
            f"targets:\n  - {{indicator: dvc.on_time_rate, period: '2024', "
            f"level: commune, target: '{written}', source: test}}\n",
        )
    )
    stored = Target.objects.get(indicator__code="dvc.on_time_rate")
    assert (stored.comparator, stored.value) == (comparator, Decimal(value))


def test_a_csv_target_file_with_comparator_and_value_columns_loads(tmp_path, communes):
    path = write(
        tmp_path,
        "indicator,period,level,unit,comparator,value,source\n"
        "steering.meetings_held,2024,commune,,>=,4,test\n"
        'attt.incidents_handled,2024,,T98101,<=,"1.000",test\n',
        "targets.csv",
    )
    assert load_targets_file(path).created == 2
    assert Target.objects.get(indicator__code="attt.incidents_handled").unit == communes[0]
    assert Target.objects.get(indicator__code="attt.incidents_handled").value == 1000


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (
            "{indicator: dvc.nothing, period: '2024', level: commune, target: '50%'}",
            "indicator",
            "no indicator",
        ),
        (
            "{indicator: dvc.on_time_rate, period: 'quý 5/2024', level: commune, target: '50%'}",
            "period",
            "period",
        ),
        ("{indicator: dvc.on_time_rate, period: '2024', target: '50%'}", "level", "exactly one"),
        (
            "{indicator: dvc.on_time_rate, period: '2024', level: hamlet, target: '50%'}",
            "level",
            "level must",
        ),
        (
            "{indicator: dvc.on_time_rate, period: '2024', level: commune, target: '164%'}",
            "target",
            "0 to 100",
        ),
        (
            "{indicator: dvc.on_time_rate, period: '2024', level: commune, target: 'khoảng 50%'}",
            "target",
            "exact",
        ),
        (
            "{indicator: dvc.dossiers_total, period: '2024', level: commune, target: '80%'}",
            "target",
            "percent",
        ),
        (
            "{indicator: awareness.radio_slots_per_week, period: '2024', level: commune, target: '1.463'}",
            "target",
            "both readings",
        ),
        (
            "{indicator: dvc.on_time_rate, period: '2024', level: commune, target: '50%', comparator: '>'}",
            "target",
            "not both",
        ),
        (
            "{indicator: dvc.public_admin_centre, period: '2024', level: commune, target: 'có'}",
            "indicator",
            "version in force",
        ),
    ],
)
def test_a_bad_target_row_is_refused_naming_file_row_and_column(tmp_path, row, column, words):
    path = write(tmp_path, f"source: test\ntargets:\n  - {row}\n")
    with pytest.raises(InputError) as caught:
        load_targets_file(path)
    err = caught.value
    assert (err.where.file, err.where.row, err.where.column) == ("targets.yaml", 3, column)
    assert words in err.message("en")
    assert not Target.objects.exists()


def test_a_target_without_a_source_is_refused(tmp_path):
    with pytest.raises(InputError, match="source"):
        load_targets_file(
            write(
                tmp_path,
                "targets:\n  - {indicator: dvc.on_time_rate, period: '2024', "
                "level: commune, target: '50%'}\n",
            )
        )


def test_the_same_target_twice_in_a_file_is_refused(tmp_path):
    row = "  - {indicator: dvc.on_time_rate, period: '2024', level: commune, target: '50%'}\n"
    with pytest.raises(InputError, match="line 3") as caught:
        load_targets_file(write(tmp_path, "source: test\ntargets:\n" + row + row))
    assert caught.value.where.row == 4
    assert not Target.objects.exists()


def test_a_csv_with_unknown_columns_is_refused(tmp_path):
    with pytest.raises(InputError, match="header"):
        load_targets_file(write(tmp_path, "chi_tieu,ky\nx,2024\n", "t.csv"))


@pytest.mark.parametrize("name", ["t.csv", "t.yaml"])
def test_a_target_file_not_in_utf8_is_refused_with_the_same_advice_as_a_catalog(tmp_path, name):
    path = tmp_path / name
    path.write_bytes("tiêu".encode("latin-1"))  # "ê" as one Latin-1 byte: not UTF-8
    with pytest.raises(InputError) as refused:
        load_targets_file(path)
    assert refused.value.vi == "tệp không phải UTF-8; hãy lưu lại với bảng mã UTF-8"
    assert refused.value.en == "the file is not UTF-8; save it again as UTF-8"


# --- met or not, in words


def test_a_rate_above_its_target_reads_as_met_and_exceeded():
    result = evaluate(target("dvc.services_with_online_dossiers_rate", 90), Decimal(17) / Decimal(18) * 100)
    assert result.met is True
    assert result.text_vi == "đạt 94,44%, vượt chỉ tiêu 90%"
    assert result.text_en == "94.44%, above the target of 90%"


def test_a_rate_below_its_target_says_how_many_points_are_missing():
    result = evaluate(target("dvc.online_dossier_rate", 80), Decimal("75.6"))
    assert (result.met, result.gap) == (False, Decimal("-4.4"))
    assert result.text_vi == "75,6%, chưa đạt chỉ tiêu 80% (thiếu 4,4 điểm phần trăm)"
    assert result.text_en == "75.6%, below the target of 80% (4.4 percentage points short)"


def test_exactly_on_target_is_met_without_exceeding():
    result = evaluate(target("dvc.online_dossier_rate", 80), Decimal(80))
    assert (result.met, result.text_vi) == (True, "đạt 80%, đạt chỉ tiêu 80%")
    assert (
        evaluate(target("dvc.online_dossier_rate", 80, ">"), Decimal(80)).text_vi
        == "80%, chưa đạt chỉ tiêu trên 80%"
    )


def test_counts_use_vietnamese_thousands_and_their_unit():
    result = evaluate(target("dvc.dossiers_total", 1000), Decimal(1463))
    assert result.text_vi == "đạt 1.463 hồ sơ, vượt chỉ tiêu 1.000 hồ sơ"
    assert result.text_en == "1,463 dossiers, above the target of 1,000 dossiers"


def test_an_upper_limit_is_met_below_it_and_missed_above_it():
    limit = target("attt.incidents_handled", 5, "<=")
    assert evaluate(limit, Decimal(3)).text_vi == "3 sự cố, đạt chỉ tiêu không quá 5 sự cố"
    missed = evaluate(limit, Decimal(7))
    assert (missed.met, missed.gap) == (False, Decimal(2))
    assert missed.text_vi == "7 sự cố, chưa đạt chỉ tiêu không quá 5 sự cố (vượt 2 sự cố)"
    assert missed.text_en == "7 incidents, above the target of at most 5 incidents (2 incidents over)"


def test_an_exact_target_missed_either_way_names_the_difference():
    exact = target("dvc.dossiers_total", 1000, "=")
    assert evaluate(exact, Decimal(1000)).met is True
    missed = evaluate(exact, Decimal(1463))
    assert (missed.met, missed.gap) == (False, Decimal(463))
    assert missed.text_vi.endswith("chưa đạt chỉ tiêu 1.000 hồ sơ (chênh 463 hồ sơ)"), missed.text_vi
    assert missed.text_en.endswith("misses the target of exactly 1,000 dossiers (off by 463 dossiers)"), (
        missed.text_en
    )


def test_a_yes_no_target_and_a_missing_value():
    section = target("awareness.website_cds_section", 1, "=")
    assert evaluate(section, Decimal(1)).text_vi == "có, đạt chỉ tiêu"
    assert evaluate(section, Decimal(0)).text_vi == "không, chưa đạt chỉ tiêu (yêu cầu: có)"
    empty = evaluate(target("dvc.online_dossier_rate", 50), None)
    assert (empty.met, empty.gap, empty.text_vi, empty.text_en) == (
        None,
        None,
        "chưa có số liệu (chỉ tiêu 50%)",
        "no data (target 50%)",
    )


# --- share of a quota reached (issue 21, session 13: derived from the value and its target)


def test_the_share_of_a_quota_reached_is_the_value_over_the_target_and_never_stored():
    from cds.catalog.targets import share_of_target

    quota = target("society.vneid_accounts_activated", "2068", period="2025-03-22..2025-03-22")
    share = share_of_target(quota, Decimal("109"))
    assert share is not None and round(share, 1) == Decimal("5.3")  # xã Hà Đông: «với tỷ lệ 5,3%»
    assert round(share_of_target(quota, Decimal("2574")), 2) == Decimal("124.47")  # above the quota
    assert share_of_target(quota, None) is None


def test_a_rate_target_a_ceiling_or_a_zero_quota_has_no_share_reached():
    from cds.catalog.targets import share_of_target

    assert share_of_target(target("dvc.online_dossier_rate", "80"), Decimal("60")) is None  # points
    assert share_of_target(target("society.vneid_accounts_activated", "100", "<="), Decimal("50")) is None
    assert share_of_target(target("society.vneid_accounts_activated", "0"), Decimal("5")) is None


def test_the_share_reached_is_printed_to_one_decimal_in_each_language_and_empty_when_there_is_none():
    from cds.catalog.targets import share_text

    quota = target("society.vneid_accounts_activated", "2068")
    assert share_text(quota, Decimal("1516")) == "đạt 73,3% chỉ tiêu"
    assert share_text(quota, Decimal("1516"), "en") == "73.3% of target"
    assert share_text(quota, Decimal("2068")) == "đạt 100% chỉ tiêu"  # not «100,0%»
    assert share_text(quota, Decimal("2574"), "en") == "124.5% of target"
    assert (
        share_text(quota, None) == ""
        and share_text(target("dvc.online_dossier_rate", "80"), Decimal("60")) == ""
    )
