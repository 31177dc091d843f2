"""DTI writes: each step is recorded with its request id; evidence passes the zip-bomb checks;
an assessment for a year without a framework is refused with a message, never a 500."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cds.accounts.models import Role
from cds.accounts.testing import client_of
from cds.dti.assessments import (
    attach_evidence,
    finish_verification,
    get_assessment,
    propose,
    submit,
    verify_item,
)
from cds.dti.models import Evidence
from cds.dti.services import load_framework
from cds.history.changes import history_of
from cds.history.models import ChangeRecord
from cds.lib.errors import InputError
from cds.lib.testing import zipped
from cds.units.models import Unit
from cds.values.services import Actor

from .helpers import merger_tree, on_time, write_framework

pytestmark = pytest.mark.django_db


_zip = zipped


BOMB = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (50 * 1024 * 1024)})
DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


@pytest.fixture
def world(tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    tree = merger_tree()
    row, _ = load_framework(write_framework(tmp_path))
    return tree, get_assessment(row, tree["a"], 2024)


def test_each_step_of_an_assessment_is_recorded_with_old_and_new(world) -> None:
    tree, assessment = world
    unit, supervisor = Actor("xa"), Actor("so")
    propose(assessment, "M", "20", "KH 37", unit)
    propose(assessment, "M", "35", "KH 37 đã ký", unit)
    submit(assessment, unit, at=on_time(2024))
    verify_item(assessment, "M", "30", "chưa đủ minh chứng", supervisor)
    finish_verification(assessment, supervisor)
    item = assessment.items.get(item_code="M")
    verified, second, first = history_of(item)
    assert (first.before["self_points"], first.after["self_points"]) == (None, "20.00")
    assert (second.before["self_points"], second.after["self_points"]) == ("20.00", "35.00")
    assert (verified.action, verified.after["verified_points"], verified.actor) == ("verify", "30.00", "so")
    assert verified.reason == "chưa đủ minh chứng" and verified.unit == tree["a"]
    finished, submitted = history_of(assessment)
    assert (submitted.before["status"], submitted.after["status"]) == ("draft", "submitted")
    assert (finished.action, finished.after["status"], finished.actor) == ("verify", "verified", "so")


def test_a_zip_bomb_as_evidence_is_refused_and_nothing_is_stored(world) -> None:
    _, assessment = world
    with pytest.raises(InputError) as caught:
        attach_evidence(assessment, "M", io.BytesIO(BOMB), "minh-chung.docx", Actor("xa"))
    assert "nén" in caught.value.vi and caught.value.where.file == "minh-chung.docx"
    assert not Evidence.objects.exists() and not ChangeRecord.objects.exists()


def test_a_zip_that_is_not_an_office_file_is_refused_as_evidence(world) -> None:
    _, assessment = world
    with pytest.raises(InputError):
        attach_evidence(assessment, "M", io.BytesIO(_zip({"a.txt": b"x"})), "a.docx", Actor("xa"))


def test_a_word_file_is_stored_as_docx_by_its_content_and_recorded(world) -> None:
    _, assessment = world
    evidence = attach_evidence(assessment, "M", io.BytesIO(DOCX), "bien-ban.zip", Actor("xa"))
    assert evidence.stored_name.endswith(".docx") and "wordprocessingml" in evidence.content_type
    change = ChangeRecord.objects.get(action="attach")
    assert change.after["evidence"] == "bien-ban.zip" and change.after["sha256"] == evidence.sha256


def _officer_of(unit: Unit) -> Client:
    """A client signed in as an officer of ``unit`` whose errors come back as pages (no raise)."""
    return client_of("officer", Role.OFFICER, unit, raise_request_exception=False)


def test_saving_an_assessment_for_a_year_without_a_framework_is_a_message_not_a_500(world) -> None:
    tree, _ = world
    client = _officer_of(tree["a"])
    response = client.post(f"/dti/units/{tree['a'].pk}/2019/assess/", {"action": "save"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chưa có bộ chỉ số DTI" in page and "No DTI framework" not in page  # the reader's language
    client.cookies["django_language"] = "en"
    english = client.post(f"/dti/units/{tree['a'].pk}/2019/assess/", {"action": "save"}, follow=True)
    assert "No DTI framework" in english.content.decode()


def test_evidence_through_the_page_refuses_a_zip_bomb(world) -> None:
    tree, _ = world
    client = _officer_of(tree["a"])
    upload = SimpleUploadedFile("bom.docx", BOMB)
    response = client.post(
        f"/dti/units/{tree['a'].pk}/2024/assess/", {"action": "save", "evidence_M": upload}
    )
    assert response.status_code == 422  # the form again, the refusal beside the criterion, nothing saved
    assert 'id="c-M"' in response.content.decode() and "has-error" in response.content.decode()
    assert not Evidence.objects.exists()


def test_points_are_read_by_the_one_parser_in_either_convention(world) -> None:
    """Issue 15: «12.5» was read, «1.000,5» was not; the item's maximum (40) decides «12.500»."""
    _, assessment = world
    unit = Actor("xa")
    for typed, stored in [
        ("12.5", "12.50"),
        ("12,5", "12.50"),
        ("12.500", "12.50"),
        (Decimal("7.25"), "7.25"),
    ]:
        item = propose(assessment, "M", typed, "", unit)
        assert str(item.self_points) == stored
    with pytest.raises(InputError) as caught:
        propose(assessment, "M", "45", "", unit)
    assert "từ 0 đến 40" in caught.value.vi
