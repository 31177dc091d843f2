"""Benchmark: read a 20-page old report and find its facts (issue 19: «≤ 2 s»).

The report is built from the corpus's own sentences (corpus/reports, the quoted lines of all
twenty texts, repeated until the text is about 20 A4 pages of 3.000 characters), written as a
DOCX with python-docx, paragraphs and one table of figures; the same text as plain text too.
Measured: ``read_document`` + ``find_facts`` (what ``cds ingest read`` does before saving), the
median of several runs in one process after one warm-up (the catalog's phrasings are read once).

Run: ``.venv/bin/python bench/ingest.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGE = 3000  # characters of an A4 page of a Vietnamese report (Times New Roman 13–14)


def build_docx(paragraphs: list[str]) -> bytes:
    import docx

    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "ỦY BAN NHÂN DÂN HUYỆN THỬ NGHIỆM"
    doc.add_paragraph("BÁO CÁO Kết quả thực hiện chuyển đổi số năm 2023")
    for text in paragraphs:
        doc.add_paragraph(text)
    table = doc.add_table(rows=11, cols=3)
    for r in range(1, 11):
        table.cell(r, 0).text = f"Tổ công nghệ số cộng đồng thôn {r}"
        table.cell(r, 1).text = str(r * 7)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
    import django

    django.setup()
    from cds.ingest.finding import find_facts
    from cds.ingest.measure import CORPUS_DIR, corpus_document
    from cds.ingest.reading import read_document
    from cds.lib.corpus_files import corpus_texts

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sentences = [b.text for p in corpus_texts(CORPUS_DIR) for b in corpus_document(p).blocks]
    paragraphs: list[str] = []
    while sum(len(p) for p in paragraphs) < 20 * PAGE:
        paragraphs.extend(sentences)
    data = build_docx(paragraphs)
    text = "\n".join(paragraphs).encode()
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores")
    print(f"report: {len(paragraphs)} paragraphs, {sum(len(p) for p in paragraphs):,} characters "
          f"(~{sum(len(p) for p in paragraphs) / PAGE:.0f} pages); DOCX {len(data) / 1024:.0f} KB")  # fmt: skip
    for label, payload, name in (("docx", data, "bao-cao.docx"), ("text", text, "bao-cao.txt")):
        find_facts(read_document(payload, name))  # warm-up: the catalog's phrasings, python-docx
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            found = find_facts(read_document(payload, name))
            times.append(time.perf_counter() - started)
        counts = f"{len(found.figures)} proposals, {len(found.unmatched)} unmatched, {len(found.citations)} citations"
        print(
            f"{label}: median {statistics.median(times):.2f} s, max {max(times):.2f} s over {args.runs} runs; {counts}"
        )


if __name__ == "__main__":
    main()
