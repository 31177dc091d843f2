"""The registers' choices are product words: Vietnamese by default, English when the reader chose
English (issue 16), while files are still read in Vietnamese whatever the reader's language."""

import re

import pytest
from django.utils import translation

from cds.lib.errors import InputError
from cds.registries.io import _choice
from cds.registries.models import Activity, Course, Document, Member, Task, Team
from cds.registries.models.training import CourseKind, ParticipantGroup

CHOICES = [
    Document._meta.get_field("doc_type").choices,
    Task._meta.get_field("status").choices,
    Team._meta.get_field("level").choices,
    Member._meta.get_field("role").choices,
    Activity._meta.get_field("kind").choices,
    Course._meta.get_field("mode").choices,
    CourseKind.choices,
    ParticipantGroup.choices,
]


@pytest.mark.parametrize("choices", CHOICES, ids=lambda c: str(c[0][0]))
def test_every_choice_of_the_registers_reads_in_english_when_english_is_chosen(choices):
    with translation.override("vi"):
        vietnamese = [str(label) for _, label in choices]
    with translation.override("en"):
        english = [str(label) for _, label in choices]
    assert all(e != v for e, v in zip(english, vietnamese, strict=True)), [
        v for e, v in zip(english, vietnamese, strict=True) if e == v
    ]
    # a Vietnamese term kept beside its English name is quoted: «quy chế»
    unquoted = re.sub(r"«[^»]*»", "", "".join(english))
    assert not any(c in unquoted for c in "ạảấầẩẫậắằẳẵặđẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def test_the_labels_are_still_the_vietnamese_words_by_default():
    with translation.override("vi"):
        assert str(Document(doc_type="KH").get_doc_type_display()) == "Kế hoạch"
        assert str(Activity(kind="guidance").get_kind_display()) == "Hướng dẫn người dân"
    with translation.override("en"):
        assert str(Document(doc_type="KH").get_doc_type_display()) == "Plan"
        assert str(Activity(kind="guidance").get_kind_display()) == "Guiding residents"


def test_an_import_file_is_read_in_vietnamese_even_on_an_english_page():
    with translation.override("en"):
        assert _choice(Activity.Kind.choices, "Hướng dẫn người dân", "kind") == "guidance"
        assert _choice(Member.Role.choices, "tổ trưởng", "role") == "leader"
        with pytest.raises(InputError, match="Tổ trưởng"):
            _choice(Member.Role.choices, "chủ tịch", "role")


def test_a_plan_without_its_own_title_is_named_in_the_readers_language():
    from cds.registries.models import Plan

    with translation.override("vi"):
        assert str(Plan(year=2024)) == "Kế hoạch CĐS năm 2024"
        assert str(Plan(year=2024, title="Kế hoạch số 12 của xã")) == "Kế hoạch số 12 của xã"  # as typed
    with translation.override("en"):
        assert str(Plan(year=2024)) == "Digital transformation plan for 2024"


def test_a_document_is_cited_as_the_citation_parser_writes_it_and_in_english_when_chosen():
    document = Document(doc_type="KH", number="12", symbol="KH-UBND", year=None)
    with translation.override("vi"):
        assert str(document) == document.as_citation().short() == "Kế hoạch số 12/KH-UBND"
    with translation.override("en"):
        assert str(document) == "Plan No. 12/KH-UBND"
