"""Every document form the parser must read (Nghị định 30/2020 Phụ lục III, dispatches, legal and
Party documents, «cùng ngày»), and what it must never read as a citation (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.registries.citations import extract, format_citation

D = dt.date

# Phụ lục III of Nghị định 30/2020/NĐ-CP: the type's name and the code its symbols carry.
APPENDIX_III = [
    ("Nghị quyết", "NQ"),
    ("Quyết định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Quy chế", "QC"),
    ("Quy định", "QyĐ"),
    ("Thông cáo", "TC"),
    ("Thông báo", "TB"),
    ("Hướng dẫn", "HD"),
    ("Chương trình", "CTr"),
    ("Kế hoạch", "KH"),
    ("Phương án", "PA"),
    ("Đề án", "ĐA"),
    ("Dự án", "DA"),
    ("Báo cáo", "BC"),
    ("Biên bản", "BB"),
    ("Tờ trình", "TTr"),
    ("Hợp đồng", "HĐ"),
    ("Công điện", "CĐ"),
    ("Bản ghi nhớ", "GN"),
    ("Bản thỏa thuận", "TTh"),
    ("Giấy ủy quyền", "GUQ"),
    ("Giấy mời", "GM"),
    ("Giấy giới thiệu", "GGT"),
    ("Giấy nghỉ phép", "NP"),
    ("Phiếu gửi", "PG"),
    ("Phiếu chuyển", "PC"),
    ("Phiếu báo", "PB"),
]


@pytest.mark.parametrize(("name", "code"), APPENDIX_III)
def test_it_reads_every_document_type_of_decree_30(name: str, code: str) -> None:
    (c,) = extract(f"Thực hiện {name} số 15/{code}-UBND ngày 03/4/2024 của UBND huyện Sơn Hà.")
    assert (c.type_code, c.reference, c.date, c.issuer) == (
        code,
        f"15/{code}-UBND",
        D(2024, 4, 3),
        "UBND huyện Sơn Hà",
    )
    assert c.type_name == name


def test_it_reads_a_type_name_in_lower_case_and_with_the_old_tone_mark_placement() -> None:
    found = extract("theo giấy uỷ quyền số 4/GUQ-UBND và bản thoả thuận số 9/TTh-UBND")
    assert [(c.type_code, c.reference) for c in found] == [("GUQ", "4/GUQ-UBND"), ("TTh", "9/TTh-UBND")]


def test_it_reads_a_public_letter_which_has_no_code_of_its_own() -> None:
    (c,) = extract("Thư công số 02/UBND ngày 10/10/2024 của Chủ tịch UBND tỉnh gửi doanh nghiệp")
    assert (c.type_name, c.reference, c.date) == ("Thư công", "02/UBND", D(2024, 10, 10))


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        (
            "Thực hiện Văn bản số 1502/UBND-KT ngày 12/5/2023 của UBND tỉnh về việc chuyển đổi số",
            "1502/UBND-KT",
        ),
        ("Công văn số 845/UBND-TH ngày 3/4/2024 của UBND huyện", "845/UBND-TH"),
        ("theo Văn bản số 77/VHTT ngày 5/5/2024 của Phòng Văn hóa và Thông tin", "77/VHTT"),
        ("tại văn bản số 2390/BTTTT-THH ngày 24/7/2020", "2390/BTTTT-THH"),
    ],
)
def test_a_dispatch_called_van_ban_or_cong_van_is_a_dispatch(text: str, reference: str) -> None:
    (c,) = extract(text)
    assert (c.type_code, c.reference) == ("CV", reference)


def test_a_van_ban_whose_symbol_names_its_type_takes_that_type() -> None:
    (plan, decree) = extract("các văn bản số 12/KH-UBND ngày 5/1/2024 và số 73/2019/NĐ-CP")
    assert (plan.type_code, plan.reference) == ("KH", "12/KH-UBND")
    assert (decree.type_code, decree.reference) == ("NĐ", "73/2019/NĐ-CP")


@pytest.mark.parametrize(
    ("text", "type_code", "reference", "date"),
    [
        (
            "Căn cứ Nghị định số 73/2019/NĐ-CP ngày 05/9/2019 của Chính phủ",
            "NĐ",
            "73/2019/NĐ-CP",
            D(2019, 9, 5),
        ),
        (
            "Thông tư số 12/2022/TT-BTTTT ngày 12/8/2022 của Bộ TT&TT",
            "TT",
            "12/2022/TT-BTTTT",
            D(2022, 8, 12),
        ),
        ("Nghị quyết số 1211/2016/UBTVQH13 ngày 25/5/2016", "NQ", "1211/2016/UBTVQH13", D(2016, 5, 25)),
        ("theo Nghị định 33/2023NĐ-CP của Chính phủ", "NĐ", "33/2023/NĐ-CP", None),
    ],
)
def test_it_reads_legal_documents_with_the_year_in_the_symbol(
    text: str, type_code: str, reference: str, date: dt.date | None
) -> None:
    (c,) = extract(text)
    assert (c.type_code, c.reference, c.date) == (type_code, reference, date)


@pytest.mark.parametrize(
    ("text", "title", "reference", "date"),
    [
        (
            "Căn cứ Luật Viễn thông số 24/2023/QH15 ngày 24/11/2023;",
            "Viễn thông",
            "24/2023/QH15",
            D(2023, 11, 24),
        ),
        (
            "Căn cứ Luật Tổ chức chính quyền địa phương số 77/2015/QH13 ngày 19/6/2015;",
            "Tổ chức chính quyền địa phương",
            "77/2015/QH13",
            D(2015, 6, 19),
        ),
        ("theo Luật Giao dịch điện tử số 20/2023/QH15", "Giao dịch điện tử", "20/2023/QH15", None),
    ],
)
def test_a_law_is_cited_by_its_name_before_its_number(
    text: str, title: str, reference: str, date: dt.date | None
) -> None:
    (c,) = extract(text)
    assert (c.type_code, c.title, c.reference, c.date) == ("Luật", title, reference, date)
    assert format_citation(c).startswith(f"Luật {title} số {reference}")


def test_a_law_without_a_number_is_not_a_citation() -> None:
    assert extract("Căn cứ Luật An toàn thông tin mạng ngày 19/11/2015; Luật Viễn thông năm 2023.") == []


@pytest.mark.parametrize(
    ("text", "type_code", "reference"),
    [
        ("Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị", "NQ", "52-NQ/TW"),
        ("Chỉ thị số 15-CT/TU ngày 1/2/2022 của Ban Thường vụ Tỉnh ủy", "CT", "15-CT/TU"),
        ("Kế hoạch số 98-KH/HU ngày 3/3/2023 của Ban Thường vụ Huyện ủy", "KH", "98-KH/HU"),
        ("Kết luận số 61-KL/TW ngày 17/8/2023 của Ban Bí thư", "KL", "61-KL/TW"),
    ],
)
def test_it_reads_party_documents(text: str, type_code: str, reference: str) -> None:
    (c,) = extract(text)
    assert (c.type_code, c.reference) == (type_code, reference)


def test_cung_ngay_takes_the_date_of_the_citation_before() -> None:
    found = extract(
        "Quyết định số 922/QĐ-UBND ngày 30/9/2022 và Quyết định số 923/QĐ-UBND cùng ngày của UBND huyện"
    )
    assert [(c.reference, c.date) for c in found] == [
        ("922/QĐ-UBND", D(2022, 9, 30)),
        ("923/QĐ-UBND", D(2022, 9, 30)),
    ]
    assert found[1].issuer == "UBND huyện" and found[1].subject == ""


def test_cung_ngay_with_a_date_gives_it_to_the_citations_it_closes() -> None:
    found = extract(
        "Quyết định số 922/QĐ-UBND và Quyết định số 923/QĐ-UBND cùng ngày 30/9/2022 của UBND huyện."
    )
    assert [(c.reference, c.date, c.issuer) for c in found] == [
        ("922/QĐ-UBND", D(2022, 9, 30), "UBND huyện"),
        ("923/QĐ-UBND", D(2022, 9, 30), "UBND huyện"),
    ]


def test_a_decision_cited_mid_sentence_ends_its_subject_with_its_clause() -> None:
    text = (
        "Ngày 03/6/2020, Thủ tướng Chính phủ đã ban hành Quyết định số 749/QĐ-TTg phê duyệt "
        "“Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030”. Bộ Thông tin và "
        "Truyền thông đề nghị các cơ quan triển khai."
    )
    (c,) = extract(text)
    assert (
        c.subject == "phê duyệt “Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030”"
    )
    text = (
        "UBND xã ban hành Quyết định số 45/QĐ-UBND ngày 2/3/2023 về thành lập Tổ công nghệ số cộng đồng "
        "và giao công chức Văn hóa - Xã hội theo dõi, đôn đốc các thôn thực hiện."
    )
    (c,) = extract(text)
    assert c.subject == "về thành lập Tổ công nghệ số cộng đồng"


def test_an_issuer_written_again_after_the_subject_is_not_part_of_it() -> None:
    (c,) = extract(
        "Thực hiện Kế hoạch số 50/KH-UBND ngày 11/3/2024 của UBND huyện Sơn Tịnh về chuyển đổi số "
        "năm 2024 của UBND huyện Sơn Tịnh, UBND xã báo cáo như sau:"
    )
    assert (c.issuer, c.subject) == ("UBND huyện Sơn Tịnh", "về chuyển đổi số năm 2024")


@pytest.mark.parametrize(
    "text",
    [
        "Liên hệ số điện thoại 0255.3822.123 hoặc 0912/345.678 để được hỗ trợ",
        "Báo cáo: đã giải quyết 12/30 hồ sơ đúng hạn",
        "Quyết định: 5/7 xã đạt chuẩn; tỷ lệ 3/4",
        "Căn cứ Điều 5 Quyết định này; khoản 2 Điều 11 Nghị định",
        "Kế hoạch năm 2024; báo cáo ngày 15/12/2023",
        "Hotline 1900/1234; Kế hoạch 24/7 hỗ trợ người dân",
    ],
)
def test_phone_numbers_fractions_and_ratios_are_never_citations(text: str) -> None:
    assert extract(text) == []


def test_a_consolidated_text_is_read_as_its_own_type() -> None:
    (c,) = extract("Văn bản hợp nhất 05/VBHN-BGDĐT 2023 chính sách hỗ trợ học sinh")
    assert (c.type_code, c.type_name, c.reference) == ("VBHN", "Văn bản hợp nhất", "05/VBHN-BGDĐT")


def test_the_governments_number_and_year_joined_by_a_dash_is_read_as_written() -> None:
    (c,) = extract("Căn cứ Nghị quyết số 19-2018/NQ-CP ngày 15/5/2018 của Chính phủ về tiếp tục thực hiện")
    assert (c.type_code, c.reference, c.date, c.issuer) == (
        "NQ",
        "19-2018/NQ-CP",
        D(2018, 5, 15),
        "Chính phủ",
    )


def test_a_sentence_that_starts_with_da_ban_hanh_names_no_issuer() -> None:
    (c,) = extract("Đã ban hành Quyết định số 4640/QĐ-UBND, ngày 15/8/2022 về việc thành lập Ban Chỉ đạo")
    assert (c.reference, c.issuer) == ("4640/QĐ-UBND", "")
