"""A why_not's class («[B] …») is counted only when it is one of ``REMAINING_CLASSES``: a row with a
class the measure does not know is a row to correct (``measure`` reports it), never a traceback in
``scripts/catalog_coverage.py`` or a class of its own in the counts and the ceiling."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import django
import pytest

from cds.catalog.coverage import CORPUS_DIR, REMAINING_CLASSES, Statement, measure, shipped_catalogs

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "catalog_coverage.py"


def catalog_coverage(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    spec = importlib.util.spec_from_file_location("catalog_coverage_under_test", SCRIPT)
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    # Django is set up already; the script's own ``django.setup()`` would bind the logging handlers to
    # this test's captured stream, closed after it, and a later test's log line would fail to write
    # (the fresh-clone CI's serial run: test_no_internal_text's «--- Logging error ---»)
    monkeypatch.setattr(django, "setup", lambda *args, **kwargs: None)
    return script.main(argv)


ROW = Statement(
    line=2,
    report="01-lam-thao-2022",
    quote="q",
    indicator="",
    unit="",
    period="2023",
    value="12",
    kind="count",
    representable="n",
    why_not="[B] a team's own count",
    note="",
)


def test_an_unknown_class_in_brackets_is_no_class_and_the_ceiling_does_not_count_it():
    assert replace(ROW, why_not="[X] a typo").remaining_class == ""
    result = measure(
        [replace(ROW, why_not="[X] a typo"), replace(ROW, line=3)], shipped_catalogs(), CORPUS_DIR
    )
    assert any("starts with a class" in problem for problem in result.problems)
    assert result.remaining_classes() == {**dict.fromkeys(REMAINING_CLASSES, 0), "B": 1, "": 1}
    assert result.ceiling() == 1  # the [B] row only


def test_the_coverage_script_reports_an_unknown_class_as_an_error_line_not_a_traceback(
    tmp_path, capsys, monkeypatch
):
    rows = tmp_path / "statements.csv"
    rows.write_text(
        "report,quote,indicator,unit,period,value,kind,representable,why_not,note,holder\n"
        "01-lam-thao-2022,q,,,2023,12,count,n,[X] a typo,,\n",
        encoding="utf-8",
    )
    assert catalog_coverage(["--csv", str(rows)], monkeypatch) == 1
    captured = capsys.readouterr()
    assert "no class 1" in captured.out
    assert "a why_not in brackets starts with a class" in captured.err
