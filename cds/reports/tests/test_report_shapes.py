"""Issue 21's shapes as the report writes them, with the shipped wording file's own sentences:
«12/13 xã», events organised told apart from those attended, milestones «ngày 14/3/2023», and the
spending total with each category in its unit."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from cds.lib.periods import parse_period
from cds.reports.wording import WORDING_DIR, Renderer

from .test_report_wording import _renderer

# The shipped files with the fields of issue 21 stored: the root fixture loads them once per process,
# not once per test (cds.catalog.testing), and forgets the in-memory catalogs before and after each test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_catalogs")]


def sentences() -> list[str]:
    """Every sentence of the shipped periodic report's wording (items, one_of alternatives)."""
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key in ("items", "sections", "one_of", "sentences", "text"):
                if key in node:
                    walk(node[key])

    walk(yaml.safe_load((WORDING_DIR / "vi.yaml").read_text(encoding="utf-8"))["periodic"]["sections"])
    return out


def sentence_with(code: str) -> str:
    return next(s for s in sentences() if "{" + code in s)


def renderer(values: dict[str, object], period: str = "2024") -> Renderer:
    return _renderer(values, period, body="UBND huyện", year=str(parse_period(period).year))


def test_a_share_of_the_communes_that_exist_is_written_as_n_of_n_communes():
    r = renderer({"teams.communes_with_team_rate": ("92.307692", Decimal(12), Decimal(13))})
    assert r.text(sentence_with("teams.communes_with_team_rate")) == (
        "Có 12/13 xã đã có Tổ công nghệ số cộng đồng (đạt 92,31%)."
    )


def test_a_share_of_villages_is_written_as_n_of_n_villages():
    r = renderer(
        {
            "infra.villages_mobile_broadband_rate": ("100", Decimal(13), Decimal(13)),
            "infra.villages_fibre_rate": ("76.923077", Decimal(10), Decimal(13)),
        }
    )
    assert r.text(sentence_with("infra.villages_mobile_broadband_rate")) == (
        "Có 13/13 thôn, tổ dân phố được phủ sóng di động băng rộng (đạt 100%); "
        "10/13 thôn, tổ dân phố được phủ băng rộng cố định cáp quang."
    )


def test_events_the_unit_organised_are_told_apart_from_those_its_officials_attended():
    r = renderer(
        {
            "events.organised": 3,
            "events.organised_participants": 240,
            "events.attended": 5,
            "events.attended_officials": 12,
        }
    )
    organised = r.text(sentence_with("events.organised}"))
    attended = r.text(sentence_with("events.attended}"))
    assert organised == (
        "UBND huyện đã tổ chức 3 hội nghị, hội thảo, lớp tập huấn về chuyển đổi số với 240 lượt người tham dự."
    )
    assert attended == (
        "Cán bộ, công chức của đơn vị đã tham dự 5 hội nghị, lớp tập huấn về chuyển đổi số do cấp trên tổ chức "
        "(12 lượt người)."
    )


def test_a_milestone_is_written_as_a_date():
    r = renderer({"gov.ioc_opened_on": 20230314, "institution.annual_plan_issued_on": 20240105})
    assert r.text(sentence_with("gov.ioc_opened_on")) == (
        "Trung tâm giám sát, điều hành thông minh (IOC) được khai trương, đưa vào hoạt động ngày 14/3/2023."
    )
    assert r.text(sentence_with("institution.annual_plan_issued_on")) == (
        "UBND huyện đã ban hành kế hoạch chuyển đổi số năm 2024 vào ngày 5/1/2024."
    )


def test_the_spending_total_lists_each_category_in_million_dong():
    r = renderer(
        {
            "budget.digital_transformation_total": 450_000_000,
            "budget.security": 100_000_000,
            "budget.digital_government": 250_500_000,
            "budget.digital_economy": 0,
            "budget.digital_society": 99_500_000,
        }
    )
    assert r.text(sentence_with("budget.digital_transformation_total")) == (
        "Tổng kinh phí chi cho khoa học công nghệ, chuyển đổi số, ứng dụng công nghệ thông tin năm 2024: "
        "450 triệu đồng (an toàn thông tin: 100 triệu đồng; chính quyền số: 250,5 triệu đồng; "
        "xã hội số: 99,5 triệu đồng)."
    )


def test_a_total_its_own_parts_contradict_is_not_written_as_a_figure_and_the_report_says_why():
    """Sơn Nham 2024 wrote «Tổng kinh phí …: 0 đồng» and, elsewhere, 48.000.000 đồng for digital
    government: the total cannot be backed, so it is not stated as a figure — and not left out
    silently either: the other alternative says what was recorded and what the parts add up to."""
    r = renderer({"budget.digital_transformation_total": 0, "budget.digital_government": 48_000_000})
    assert r.text(sentence_with("budget.digital_transformation_total|checked")) is None
    assert r.text(sentence_with("budget.digital_transformation_total|contradicted")) == (
        "Chưa nêu tổng kinh phí chi cho khoa học công nghệ, chuyển đổi số, ứng dụng công nghệ thông tin "
        "năm 2024 vì số liệu không khớp: số liệu ghi tổng 0 triệu đồng, các khoản đã có cộng lại 48 triệu đồng."
    )


def test_the_why_of_a_disagreeing_total_is_not_said_when_the_total_agrees():
    r = renderer({"budget.digital_transformation_total": 48_000_000, "budget.digital_government": 48_000_000})
    assert r.text(sentence_with("budget.digital_transformation_total|contradicted")) is None
