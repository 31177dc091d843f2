"""Document files: size limit, magic bytes, zip checks through cds.lib.tabular, scoped download."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cds.accounts.models import Role
from cds.accounts.testing import client_of
from cds.lib.testing import zipped
from cds.registries.models import Document
from cds.units.testing import small_tree

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


_client = client_of


_zip = zipped


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Kế hoạch số 37/KH-UBND")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def world(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    tree = small_tree()
    doc = Document.objects.create(unit=tree["a"], doc_type="KH", number="37", symbol="KH-UBND")
    return tree, doc, _client("officer", Role.OFFICER, tree["a"])


def _post(client: Client, doc: Document, name: str, data: bytes):
    form = {"unit": doc.unit_id, "doc_type": "KH", "number": "37", "symbol": "KH-UBND", "is_cds": "on",
            "issued_by_unit": "on", "upload": SimpleUploadedFile(name, data)}  # fmt: skip
    return client.post(f"/registries/docs/{doc.pk}/edit/", form)


@pytest.mark.parametrize(("name", "data", "kind"), [("ke-hoach.pdf", PDF, "pdf"), ("kh.docx", None, "docx")])
def test_a_pdf_or_docx_is_stored_under_a_generated_name(world, tmp_path, name, data, kind) -> None:
    _tree, doc, client = world
    data = data or _docx()
    assert _post(client, doc, f"../../etc/{name}", data).status_code == 302
    doc.refresh_from_db()
    assert (doc.file_kind, doc.file_name, doc.file_size) == (kind, name, len(data))
    stored = tmp_path / "registry-files" / doc.file_key
    assert stored.read_bytes() == data and name not in doc.file_key
    response = client.get(f"/registries/docs/{doc.pk}/file/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    assert name in response["Content-Disposition"]


def test_a_renamed_executable_is_refused_with_a_message_in_both_languages(world) -> None:
    _, doc, client = world
    page = _post(client, doc, "ke-hoach.pdf", b"MZ\x90\x00 not a pdf").content.decode()
    assert "Chỉ nhận tệp PDF" in page and "Only PDF" in page
    doc.refresh_from_db()
    assert doc.file_key == ""


def test_a_file_over_the_limit_is_refused(world, settings) -> None:
    _, doc, client = world
    settings.CDS_MAX_UPLOAD_BYTES = 1024
    page = _post(client, doc, "big.pdf", PDF + b"0" * 2048).content.decode()
    assert "Tệp quá lớn" in page and "too large" in page


def test_a_zip_bomb_is_refused_by_the_tabular_checks(world) -> None:
    _, doc, client = world
    bomb = _zip({"word/document.xml": b"\0" * (20 * 1024 * 1024)})
    page = _post(client, doc, "bom.docx", bomb).content.decode()
    assert "tỉ lệ nén" in page and "compression ratio" in page
    doc.refresh_from_db()
    assert doc.file_key == ""


def test_a_zip_that_is_not_a_docx_or_xlsx_is_refused(world) -> None:
    _, doc, client = world
    page = _post(client, doc, "x.docx", _zip({"readme.txt": b"hello"})).content.decode()
    assert "không phải là tệp Excel hợp lệ" in page or "Chỉ nhận tệp" in page
    doc.refresh_from_db()
    assert doc.file_key == ""


def test_an_xlsx_is_accepted(world) -> None:
    import openpyxl

    _, doc, client = world
    book = openpyxl.Workbook()
    book.active["A1"] = "Chỉ tiêu"
    buffer = io.BytesIO()
    book.save(buffer)
    assert _post(client, doc, "bang.xlsx", buffer.getvalue()).status_code == 302
    doc.refresh_from_db()
    assert doc.file_kind == "xlsx"


def test_the_file_is_not_found_outside_scope(world) -> None:
    tree, doc, client = world
    _post(client, doc, "kh.pdf", PDF)
    assert (
        _client("other", Role.OFFICER, tree["b"]).get(f"/registries/docs/{doc.pk}/file/").status_code == 404
    )
    assert (
        _client("sup", Role.SUPERVISOR, tree["district"]).get(f"/registries/docs/{doc.pk}/file/").status_code
        == 200
    )
