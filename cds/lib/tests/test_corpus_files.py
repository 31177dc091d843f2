"""Issue 19: corpus texts are found with any number of digits and sorted by number (100 after 99)."""

from __future__ import annotations

import pytest

from cds.lib.corpus_files import corpus_texts, report_number


def test_texts_with_three_digits_are_found_and_come_after_99(tmp_path):
    for name in ["100-xa-a-2025.md", "99-tinh-b-2023.md", "05-xa-c-2022.md", "101-huyen-d-2024.md"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    (tmp_path / "1a-not-a-text.md").write_text("x", encoding="utf-8")
    assert [p.name for p in corpus_texts(tmp_path)] == [
        "05-xa-c-2022.md",
        "99-tinh-b-2023.md",
        "100-xa-a-2025.md",
        "101-huyen-d-2024.md",
    ]


def test_a_texts_number_is_read_whole_whatever_its_digits():
    assert report_number("07-hai-chau-2023") == 7
    assert report_number("100-xa-a-2025") == 100


def test_a_name_without_a_number_is_refused_in_both_languages():
    with pytest.raises(ValueError, match="must start with a number") as caught:
        report_number("README")
    assert "không bắt đầu bằng số" in str(caught.value)
