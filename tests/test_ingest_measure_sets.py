"""Issue 19: ``scripts/ingest_measure.py`` reads each fresh held-out set only when asked, so that its one
clean read is the lead's. The reader is replaced here: these tests check which texts would be read,
and never run it on any of them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import django
import pytest

import cds.ingest.measure as measure_module
from cds.lib.corpus_files import report_number

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "ingest_measure.py"


def _texts_the_script_would_read(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> list[int]:
    spec = importlib.util.spec_from_file_location("ingest_measure_under_test", SCRIPT)
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    asked: list[str] = []

    def no_reader(names: list[str], hold_unsure: bool = True) -> list[object]:
        asked.extend(names)
        return []

    monkeypatch.setattr(measure_module, "measure", no_reader)
    # Django is set up already; a second ``django.setup()`` would bind the logging handlers to this
    # test's captured stream, closed after it, and a later test's log line would fail to write
    monkeypatch.setattr(django, "setup", lambda *args, **kwargs: None)
    assert script.main(argv) == 0
    return sorted(report_number(name) for name in asked)


def test_the_seventh_held_out_set_is_left_out_unless_asked(monkeypatch, capsys):
    read = _texts_the_script_would_read(monkeypatch, [])
    assert read and max(read) < 65
    assert not [n for n in read if n >= 83]


def test_asking_for_the_seventh_set_reads_83_to_99_and_still_leaves_the_sixth_out(monkeypatch, capsys):
    read = _texts_the_script_would_read(monkeypatch, ["--seventh-set"])
    assert [n for n in read if n >= 83] == list(range(83, 100))
    assert not [n for n in read if 65 <= n < 83]
    assert "83–99 (seventh fresh set" in capsys.readouterr().out


def test_asking_for_the_sixth_set_does_not_read_the_seventh(monkeypatch, capsys):
    read = _texts_the_script_would_read(monkeypatch, ["--sixth-set"])
    assert [n for n in read if 65 <= n < 83] == list(range(65, 83))
    assert not [n for n in read if n >= 83]


def test_asking_for_the_seventh_set_does_not_read_the_eighth(monkeypatch, capsys):
    read = _texts_the_script_would_read(monkeypatch, ["--seventh-set"])
    assert not [n for n in read if n >= 100]


def test_asking_for_the_eighth_set_reads_100_to_108_and_leaves_the_seventh_and_ninth_out(monkeypatch, capsys):
    read = _texts_the_script_would_read(monkeypatch, ["--eighth-set"])
    assert [n for n in read if n >= 100] == list(range(100, 109))
    assert not [n for n in read if 65 <= n < 100]
    assert "100–108 (eighth fresh set" in capsys.readouterr().out


def test_the_ninth_held_out_set_is_left_out_unless_asked(monkeypatch, capsys):
    read = _texts_the_script_would_read(monkeypatch, [])
    assert not [n for n in read if n >= 109]


def test_asking_for_the_ninth_set_reads_109_and_up_and_leaves_the_eighth_out(monkeypatch, capsys):
    read = _texts_the_script_would_read(monkeypatch, ["--ninth-set"])
    assert read[-1] >= 109 and [n for n in read if n >= 109] == list(range(109, read[-1] + 1))
    assert not [n for n in read if 65 <= n < 109]
    assert "109 and up (ninth fresh set" in capsys.readouterr().out
