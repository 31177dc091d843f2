"""Where a bad input is, said the same way in Vietnamese and English."""

from cds.lib.errors import InputError, Location


def test_a_full_location_names_file_row_column_and_value_in_both_languages():
    where = Location(file="so-lieu.xlsx", row=3, column="B", value="1,5")
    assert where.vi() == "tệp so-lieu.xlsx, dòng 3, cột B, giá trị «1,5»"
    assert where.en() == "file so-lieu.xlsx, row 3, column B, value «1,5»"


def test_a_location_says_only_what_it_knows():
    assert Location(row=0, value=0).vi() == "dòng 0, giá trị «0»"
    assert Location(column="period").en() == "column period"
    assert Location().vi() == ""


def test_an_error_carries_its_location_in_its_message():
    err = InputError("Sai.", "Wrong.", Location(row=7))
    assert "dòng 7" in str(err)
