"""The citation parser on every citation of the three sample reports, and a round-trip property."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cds.registries.citations import TYPES, Citation, extract, find_all, format_citation

REPORTS = Path(__file__).resolve().parents[2] / "demo_data" / "sample-reports"
D = dt.date

# (type, reference, date) of every document each report cites, in order of first mention.
EXPECTED = {
    "000": [
        ("KH", "166/KH-UBND", None),
        ("QĐ", "1024/QĐ-UBND", D(2022, 12, 23)),
        ("KH", "38/KH-UBND", D(2023, 3, 14)),
        ("KH", "14/KH-UBND", D(2023, 1, 30)),
        ("KH", "01/KH-UBND", D(2023, 1, 5)),
        ("QĐ", "100/QĐ-UBND", D(2023, 9, 5)),
        ("QĐ", "922/QĐ-UBND", D(2022, 9, 30)),
        ("QĐ", "923/QĐ-UBND", D(2022, 9, 30)),
        ("QĐ", "924/QĐ-UBND", D(2022, 9, 30)),
        ("KH", "200/KH-UBND", D(2022, 11, 28)),
        ("TB", "50/TB-UBND", None),
        ("KH", "118/KH-UBND", D(2022, 12, 31)),
        ("BC", "193/BC-UBND", D(2023, 9, 21)),
    ],
    "002": [
        ("CT", "9-CT/TU", D(2022, 5, 18)),
        ("NQ", "06-NQ/HU", D(2023, 10, 10)),
        ("KH", "130-KH/HU", D(2024, 1, 11)),
        ("KH", "37/KH-UBND", D(2024, 3, 18)),
        ("QĐ", "245/QĐ-UBND", D(2023, 12, 28)),
        ("NĐ", "33/2023/NĐ-CP", None),
        ("KH", "174/KH-UBND", D(2024, 9, 12)),
        ("KH", "109/KH-UBND", D(2024, 9, 19)),
        ("NQ", "13-NQ/TU", D(2023, 9, 6)),
        ("KH", "57/KH-UBND", D(2024, 3, 11)),
        *[("QĐ", f"{n}/QĐ-UBND", D(2023, 11, 10)) for n in range(191, 198)],
        ("CV", "198/UBND", D(2023, 12, 28)),
        ("TT", "12/2022/TT-BTTTT", D(2022, 8, 12)),
        ("QĐ", "05/2017/QĐ-TTg", D(2017, 3, 16)),
        ("QĐ", "132/QĐ-UBND", D(2023, 2, 22)),
    ],
    "003": [
        ("QĐ", "11072/QĐ-UBND", D(2021, 12, 31)),
        ("CV", "679/UBND", D(2022, 3, 4)),
        ("CV", "697/UBND", D(2022, 3, 7)),
        ("CV", "892/UBND-NC", D(2022, 3, 22)),
        ("QĐ", "319/QĐ-UBND", D(2022, 3, 15)),
        ("CV", "962/UBND-TN", D(2022, 3, 25)),
        ("QĐ", "1527/QĐ-UBND", D(2022, 4, 14)),
        ("CV", "1251/UBND", D(2022, 4, 18)),
        ("CV", "1891/UBND-NC", D(2022, 6, 2)),
        ("KH", "125/KH-UBND", D(2022, 6, 30)),
        ("CV", "377/UBND", D(2022, 1, 28)),
        ("CV", "3472/UBND", D(2022, 2, 14)),
        ("KH", "200/KH-UBND", D(2022, 11, 28)),
        ("NĐ", "42/2022/NĐ-CP", D(2022, 6, 24)),
        ("QĐ", "4640/QĐ-UBND", D(2022, 8, 15)),
        ("QĐ", "5488/QĐ-UBND", D(2022, 9, 15)),
        ("CV", "3287/UBND", D(2022, 9, 12)),
        ("QĐ", "1004/QĐ-UBND", D(2022, 7, 29)),
        ("KH", "119/KH-UBND", D(2020, 10, 9)),
    ],
}


def _report(prefix: str) -> str:
    return next(REPORTS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _by_reference(prefix: str) -> dict[str, Citation]:
    return {c.reference: c for c in extract(_report(prefix))}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_it_extracts_exactly_the_documents_each_sample_report_cites(prefix: str) -> None:
    found = [(c.type_code, c.reference, c.date) for c in extract(_report(prefix))]
    assert found == EXPECTED[prefix]


def test_it_reads_the_same_citations_from_decomposed_unicode() -> None:
    text = unicodedata.normalize("NFD", _report("002"))
    assert [c.key for c in extract(text)] == [c.key for c in extract(_report("002"))]


def test_it_merges_repeated_mentions_and_keeps_the_shorter_subject() -> None:
    plan = _by_reference("002")["37/KH-UBND"]
    assert plan.mentions == 2
    assert plan.issuer == "UBND xã Sơn Nham"
    assert plan.subject == "về chuyển đổi số xã Sơn Nham năm 2024"
    assert _by_reference("003")["42/2022/NĐ-CP"].mentions == 2


def test_it_gives_the_shared_date_to_every_number_of_a_list() -> None:
    found = find_all("các quyết định số 922/QĐ-UBND, 923/QĐ-UBND, 924/QĐ-UBND ngày 30/9/2022")
    assert [(c.reference, c.date) for c in found] == [
        (f"{n}/QĐ-UBND", D(2022, 9, 30)) for n in (922, 923, 924)
    ]


def test_it_reads_issuers_and_stops_them_before_the_subject() -> None:
    cited = _by_reference("002")
    assert cited["9-CT/TU"].issuer == "Ban Thường vụ Tỉnh uỷ Quảng Ngãi"
    assert cited["9-CT/TU"].subject.startswith("về tăng cường sự lãnh đạo")
    assert cited["174/KH-UBND"].issuer == "UBND huyện Sơn Hà"
    assert cited["174/KH-UBND"].subject == ""
    assert cited["191/QĐ-UBND"].subject == "về kiện toàn Tổ công nghệ số cộng đồng xã Sơn Nham"
    assert cited["192/QĐ-UBND"].subject == "về kiện toàn Tổ công nghệ số cộng đồng thôn Canh Mo"
    assert _by_reference("000")["1024/QĐ-UBND"].issuer == "Chủ tịch UBND xã"


def test_a_subject_keeps_the_document_it_implements_but_not_the_next_one() -> None:
    cited = _by_reference("003")
    assert "Quyết định số 319/QĐ-UBND" in cited["892/UBND-NC"].subject
    assert cited["377/UBND"].subject == ""
    assert cited["3472/UBND"].issuer == "UBND thành phố"
    assert cited["200/KH-UBND"].subject.endswith("cho một số xã, phường")
    assert cited["1251/UBND"].subject.endswith(
        "(SIM PKI) cho các đồng chí lãnh đạo các cơ quan, đơn vị và UBND các xã, phường"
    )
    assert _by_reference("002")["57/KH-UBND"].subject == "về Chuyển đổi số huyện Sơn Hà năm 2024"
    assert _by_reference("000")["166/KH-UBND"].subject == ""


def test_a_nested_citations_subject_stops_where_the_enclosing_plans_words_resume() -> None:
    cited = _by_reference("002")
    resolution = cited["13-NQ/TU"]
    assert resolution.subject == "về Chuyển đổi số tỉnh Quảng Ngãi đến năm 2025, định hướng đến năm 2030"
    assert cited["109/KH-UBND"].subject.endswith("định hướng đến năm 2030 trên địa bàn xã Sơn Nham")


def test_a_nested_citations_subject_leaves_the_enclosing_issuer_out() -> None:
    text = (
        "Kế hoạch số 12/KH-UBND ngày 02/02/2024 triển khai thực hiện Quyết định số 7/QĐ-UBND "
        "ngày 05/01/2024 về chuyển đổi số năm 2024 của UBND xã Sơn Nham."
    )
    plan, decision = extract(text)
    assert decision.subject == "về chuyển đổi số năm 2024"
    assert plan.subject.endswith("năm 2024 của UBND xã Sơn Nham")


def test_a_subject_ends_with_its_clause_not_with_the_next_sentence_part() -> None:
    cited = _by_reference("003")
    assert cited["4640/QĐ-UBND"].subject == (
        "về việc thành lập Ban Chỉ đạo chuyển đổi số thành phố Quảng Ngãi với 28 thành viên"
    )


def test_it_accepts_typing_slips_and_says_so_in_both_languages() -> None:
    (plan,) = extract("Kế hoạchsố 125/KH-UBND ngày 30/6/2022 về triển khai")
    assert plan.reference == "125/KH-UBND"
    assert "thiếu dấu cách" in plan.warnings[0][0] and "lacks a space" in plan.warnings[0][1]
    (decree,) = extract("theo Nghị định 33/2023NĐ-CP của Chính phủ")
    assert (decree.reference, decree.issuer) == ("33/2023/NĐ-CP", "Chính phủ")
    assert "thiếu dấu «/»" in decree.warnings[0][0]


def test_it_reads_long_dates_and_the_comma_before_ngay() -> None:
    (a,) = extract("Quyết định số 05/2017/QĐ-TTg ngày 16 tháng 3 năm 2017")
    (b,) = extract("(Quyết định số 5488/QĐ-UBND, ngày 15/9/2022)")
    assert (a.date, b.date) == (D(2017, 3, 16), D(2022, 9, 15))


def test_an_impossible_date_is_dropped_with_a_warning() -> None:
    (c,) = extract("Kế hoạch số 5/KH-UBND ngày 31/02/2023")
    assert c.date is None
    assert "không phải là ngày có thật" in c.warnings[0][0]


def test_a_symbol_of_another_type_is_flagged() -> None:
    (c,) = extract("Kế hoạch số 7/QĐ-UBND")
    assert c.type_code == "KH" and "ký hiệu" in c.warnings[0][0]


@pytest.mark.parametrize(
    "text",
    [
        "Số: /BC-UBND",
        "08/09 máy được cài đặt; 02/02 cán bộ, 07/07 công chức",
        "94/105 thủ tục hành chính cấp xã, chiếm tỉ lệ 89,52%",
        "triển khai đề án 06 và chuyển đổi số",
        "Đề án 06 về phát triển ứng dụng dữ liệu về dân cư",
        "từ ngày 15/12/2023 đến 31/10/2024",
        "kế hoạch số hóa hồ sơ năm 2024",
        "Kế hoạch xây dựng Chính quyền điện tử hướng đến chính quyền số",
        "phát sóng 01 lần/tuần; https://dti.quangngai.gov.vn",
        "Tổ công nghệ số cộng đồng 9/9 thành viên",
    ],
)
def test_numbers_and_names_that_are_not_citations_are_ignored(text: str) -> None:
    assert extract(text) == []


# --- property: formatting a citation and parsing it back loses nothing --------------------------

_UPPER = st.sampled_from(["UBND", "HĐND", "BTTTT", "CP", "TTg", "BKHCN", "TU", "HU", "NC", "TN", "VHTT"])
_WORDS = st.lists(
    st.sampled_from(
        ["chuyển", "đổi", "số", "xã", "Sơn", "Nham", "năm", "2024", "tổ", "công", "nghệ", "dịch", "vụ"]
    ),
    min_size=1,
    max_size=8,
)


@st.composite
def citations(draw: st.DrawFn) -> Citation:
    type_code = draw(st.sampled_from(sorted({code for code, _ in TYPES.values()})))
    number = draw(st.from_regex(r"0?[1-9][0-9]{0,4}", fullmatch=True))
    form = draw(st.sampled_from(["admin", "party", "legal"]))
    code = "" if type_code in {"CV", "Luật"} else type_code
    year = None
    if form == "legal":
        year = draw(st.integers(1990, 2030))
        symbol = f"{code or 'NĐ'}-{draw(_UPPER)}"
    elif form == "party":
        symbol = f"{code or 'CV'}/{draw(_UPPER)}"
    else:
        symbol = "-".join(x for x in (code, draw(_UPPER)) if x)
        if draw(st.booleans()):
            symbol += "-" + draw(_UPPER)
    date = draw(st.none() | st.dates(D(1990, 1, 1), D(2030, 12, 31)))
    issuer = draw(st.sampled_from(["", "UBND xã Sơn Nham", "Chủ tịch UBND tỉnh Quảng Ngãi", "Chính phủ"]))
    subject = draw(st.sampled_from(["", "về ", "về việc ", "ban hành "]))
    if subject:
        subject += " ".join(draw(_WORDS))
    title = (
        draw(st.sampled_from(["", "Viễn thông", "Tổ chức chính quyền địa phương"]))
        if type_code == "Luật"
        else ""
    )
    return Citation(type_code, number, symbol, year, date, issuer, subject, title)


@given(citations())
def test_formatting_a_citation_and_parsing_it_back_is_lossless(citation: Citation) -> None:
    assert extract(format_citation(citation)) == [citation]


@given(st.lists(citations(), min_size=1, max_size=4, unique_by=lambda c: (c.type_code, c.reference)))
def test_citations_separated_by_semicolons_come_back_in_order(items: list[Citation]) -> None:
    text = "; ".join(format_citation(c) for c in items) + "."
    assert extract(text) == items
