"""The coverage sentences (whose figures a sentence adds up, a section's opening line) are wording
data a province can edit (``coverage_notes`` in vi.yaml), not constants in the code."""

from __future__ import annotations

import pytest

from cds.lib.errors import InputError
from cds.reports.wording import _with_notes, coverage_forms, coverage_lead, load_wording

RECORDS = (True, "14/14 xã", True, True)  # a dossier-store rate over every commune
APPROVED = (False, "13/14 xã", True, False)  # a count of 13 approved communes


def test_the_bundled_wording_holds_every_coverage_form():
    forms = load_wording()["coverage_notes"]
    assert set(forms) == {
        "approved",
        "draft",
        "rates_apart",
        "records",
        "section_values",
        "section_records",
        "heading_updated",
    }


def test_the_dossier_note_reads_as_before_from_the_wording_data():
    said = _with_notes("Tỷ lệ hồ sơ trực tuyến đạt 51,29%.", [RECORDS])
    assert said == (
        "Tỷ lệ hồ sơ trực tuyến đạt 51,29% "
        "(theo hồ sơ trên Hệ thống thông tin giải quyết TTHC, có hồ sơ của 14/14 xã)."
    )


def test_the_section_lead_reads_as_before_from_the_wording_data():
    assert coverage_lead([RECORDS, (False, "14/14 xã", True, False)]) == (
        "Các số liệu tổng hợp trong mục này theo số liệu đã duyệt của 14/14 xã; số liệu về hồ sơ "
        "thủ tục hành chính theo hồ sơ trên Hệ thống thông tin giải quyết TTHC, có hồ sơ của 14/14 xã."
    )


def test_a_province_that_rewords_the_notes_gets_its_own_words_and_keeps_the_rest():
    wording = {"coverage_notes": {"records": "theo dữ liệu Cổng dịch vụ công, {units} có hồ sơ"}}
    forms = coverage_forms(wording)
    assert forms["approved"] == "theo số liệu đã duyệt của {units}"  # not edited: the bundled form
    said = _with_notes("Có 1.463 hồ sơ.", [RECORDS, APPROVED], forms)
    assert (
        said
        == "Có 1.463 hồ sơ (theo số liệu đã duyệt của 13/14 xã; theo dữ liệu Cổng dịch vụ công, 14/14 xã có hồ sơ)."
    )
    assert coverage_lead([RECORDS], forms) == (
        "Số liệu về hồ sơ thủ tục hành chính theo dữ liệu Cổng dịch vụ công, 14/14 xã có hồ sơ."
    )


def test_a_coverage_form_with_an_unknown_word_is_refused_in_both_languages():
    forms = coverage_forms({"coverage_notes": {"approved": "theo {donvi}"}})
    with pytest.raises(InputError) as err:
        _with_notes("Có 1.463 hồ sơ.", [APPROVED], forms)
    assert "{donvi}" in err.value.vi and "{units}" in err.value.vi
    assert "unknown word" in err.value.en


def test_a_sentence_ending_in_its_own_parts_takes_the_note_after_a_comma_not_a_second_parenthesis():
    """Seen in the consolidated reports: «đạt 87,91% (1.724/1.961 dịch vụ) (theo hồ sơ …)» — two
    asides in a row read as one of the other; the note is the whole sentence's."""
    said = _with_notes("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 96,04% (31.780/33.092 hồ sơ).", [APPROVED])
    assert said == (
        "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 96,04% (31.780/33.092 hồ sơ), "
        "theo số liệu đã duyệt của 13/14 xã."
    )
    assert ") (" not in said
