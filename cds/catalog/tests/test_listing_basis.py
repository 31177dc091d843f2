"""The catalog page's «Căn cứ» on the English page: a Vietnamese document title is its own run, marked «vi»."""

from cds.catalog.listing import language_runs


def test_an_english_basis_keeps_each_vietnamese_document_title_as_a_run_of_its_own() -> None:
    text = (
        "Governed in general by Nghị định 42/2022/NĐ-CP, Quyết định 766/QĐ-TTg; "
        "the article or item defining this indicator is not cited yet"
    )
    runs = language_runs(text, "en")
    assert "".join(words for words, _ in runs) == text
    assert [words for words, language in runs if language == "vi"] == [
        "Nghị định 42/2022/NĐ-CP",
        "Quyết định 766/QĐ-TTg",
    ]
    assert all("ị" not in words and "Đ" not in words for words, language in runs if language == "en")


def test_a_vietnamese_basis_is_one_run_and_nothing_is_one_run_of_nothing() -> None:
    assert language_runs("Lĩnh vực do Nghị định 42/2022/NĐ-CP quy định", "vi") == [
        ("Lĩnh vực do Nghị định 42/2022/NĐ-CP quy định", "vi")
    ]
    assert language_runs("", "en") == []
    assert language_runs("No legal text cited yet", "en") == [("No legal text cited yet", "en")]
