"""Evidence files are stored safely; published results import atomically and idempotently."""

from __future__ import annotations

import io

import pytest

from cds.dti.assessments import EVIDENCE_MAX_BYTES, attach_evidence, evidence_path, get_assessment
from cds.dti.models import Result
from cds.dti.published import import_results
from cds.dti.ranking import rank_scope
from cds.dti.services import load_framework
from cds.lib.errors import InputError
from cds.values.services import Actor

from .helpers import merger_tree, write_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    tree = merger_tree()
    row, _ = load_framework(write_framework(tmp_path))
    return get_assessment(row, tree["a"], 2024)


def test_evidence_is_stored_under_a_generated_name_never_the_uploaded_one(assessment, tmp_path):
    evidence = attach_evidence(
        assessment, "M", io.BytesIO(b"%PDF-1.4 ke hoach"), "../../etc/passwd.pdf", Actor("xa")
    )
    path = evidence_path(evidence)
    assert path.parent == tmp_path / "var" / "dti-evidence"
    assert path.read_bytes() == b"%PDF-1.4 ke hoach"
    assert "passwd" not in evidence.stored_name and evidence.stored_name.endswith(".pdf")
    assert evidence.original_name == "../../etc/passwd.pdf" and evidence.size == 17


def test_evidence_of_the_wrong_type_or_too_large_is_refused(assessment):
    with pytest.raises(InputError, match="PDF"):
        attach_evidence(
            assessment, "M", io.BytesIO(b"MZ\x90\x00 not a document"), "ke-hoach.pdf", Actor("xa")
        )
    with pytest.raises(InputError, match="quá lớn"):
        attach_evidence(
            assessment, "M", io.BytesIO(b"%PDF" + b"0" * EVIDENCE_MAX_BYTES), "big.pdf", Actor("xa")
        )


CSV = """Đơn vị,Năm,Tổng điểm,Xếp hạng,Số đơn vị xếp hạng,Nhận thức số
T99901,2023,"612,5",1,2,"80,5"
T99902,2023,"540",2,2,
"""


def test_published_results_import_once_and_feed_last_years_rank(tmp_path):
    tree = merger_tree()
    path = tmp_path / "ket-qua-2023.csv"
    path.write_text(CSV, encoding="utf-8")
    dry = import_results(path, dry_run=True)
    assert (dry.ok, dry.created, Result.objects.count()) == (True, 2, 0)
    first = import_results(path)
    again = import_results(path)
    assert (first.created, again.created, again.unchanged) == (2, 0, 2)
    ranking = rank_scope(2023, tree["province"])
    assert [(e.unit.code, e.rank, e.score) for e in ranking.ranked] == [
        ("T99901", 1, 612.5),
        ("T99902", 2, 540),
    ]
    assert Result.objects.get(unit=tree["a"]).pillar_scores == {"nhan_thuc_so": "80.50"}


def test_a_bad_results_file_lists_every_bad_row_and_writes_nothing(tmp_path):
    merger_tree()
    path = tmp_path / "sai.csv"
    path.write_text(
        "unit,year,total,rank,ranked_of\nT99901,20x3,500,,\nKhông Có Xã,2023,500,,\nT99902,2023,600,5,2\n"
    )
    report = import_results(path)
    assert [(e.where.row, e.where.column) for e in report.errors] == [(2, "year"), (3, "unit"), (4, "rank")]
    assert all(e.where.file == "sai.csv" and e.en for e in report.errors)
    assert Result.objects.count() == 0


ENGLISH_STYLE = """unit,year,total,max_total,rank,ranked_of,nhan_thuc_so,ha_tang_so
T99901,2023,512.250,1000,1,2,87.25,12.5
T99902,2023,312.46,1.000,2,2,"80,5",
"""


def test_published_scores_written_english_style_are_read_by_the_one_parser(tmp_path):
    """Issue 15: «312.46», «87.25», «12.5» were refused as ambiguous; «512.250» of at most
    1.000 points cannot be 512 thousand, so it is 512,25."""
    tree = merger_tree()
    path = tmp_path / "ket-qua.csv"
    path.write_text(ENGLISH_STYLE, encoding="utf-8")
    report = import_results(path)
    assert report.ok, [str(e) for e in report.errors]
    a, b = Result.objects.get(unit=tree["a"]), Result.objects.get(unit=tree["b"])
    assert (str(a.total), str(a.max_total), str(b.total), str(b.max_total)) == (
        "512.25",
        "1000.00",
        "312.46",
        "1000.00",
    )
    assert a.pillar_scores == {"nhan_thuc_so": "87.25", "ha_tang_so": "12.50"}


def test_a_published_score_both_readings_of_which_fit_is_refused_saying_how_to_write_it(tmp_path):
    merger_tree()
    path = tmp_path / "mo-ho.csv"
    path.write_text("unit,year,total\nT99901,2023,512.250\n", encoding="utf-8")
    (error,) = import_results(path).errors
    assert error.where.column == "total" and "512250" in error.vi and "512,25 " in error.vi
