"""The share of right proposals the product shows comes from the recorded first reads, and the record
in docs/ingest.md lists the same reads."""

from __future__ import annotations

from pathlib import Path

from cds.ingest.first_reads import first_reads, unseen_share

ROOT = Path(__file__).resolve().parents[3]


def test_every_recorded_first_read_names_its_unedited_output_and_adds_up() -> None:
    reads = first_reads()
    assert len(reads) == 14
    for r in reads:
        assert (ROOT / r.source).is_file(), r.source
        assert r.right <= r.proposed and r.found <= r.gold and r.right == r.found, r


def test_the_share_shown_is_the_shipped_reader_s_first_reads_pooled() -> None:
    share = unseen_share()
    assert share.sets == ("111–132", "133–146")
    assert (share.right, share.proposed, share.percent) == (22, 51, "43,1%")


def test_the_record_in_the_docs_lists_every_first_read_with_its_numbers() -> None:
    doc = (ROOT / "docs" / "ingest.md").read_text(encoding="utf-8")
    record = doc[doc.index("## Session 14: the record") :]
    for r in first_reads():
        row = f"| {r.set} | {r.texts} | {r.gold} | {r.reader} | {r.right}/{r.proposed} |"
        assert row in record, row
