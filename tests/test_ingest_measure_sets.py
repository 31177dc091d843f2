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


def test_no_fresh_held_out_set_from_the_sixth_on_is_read_unless_asked(monkeypatch, capsys):
    read = _texts_the_script_would_read(monkeypatch, [])
    assert read and max(read) < 65


# each fresh set: its flag, its texts (None: to the last one), how the script names it
FRESH_SETS = {
    "--sixth-set": (65, 82, "65–82 (sixth fresh set"),
    "--seventh-set": (83, 99, "83–99 (seventh fresh set"),
    "--eighth-set": (100, 108, "100–108 (eighth fresh set"),
    "--ninth-set": (109, None, "109 and up (ninth fresh set"),
}


@pytest.mark.parametrize("flag", FRESH_SETS)
def test_asking_for_one_fresh_set_reads_all_its_texts_and_no_other_fresh_set(monkeypatch, capsys, flag):
    first, last, named = FRESH_SETS[flag]
    read = _texts_the_script_would_read(monkeypatch, [flag])
    last = read[-1] if last is None else last
    assert [n for n in read if first <= n <= last] == list(range(first, last + 1))
    assert not [n for n in read if n >= 65 and not first <= n <= last]
    assert named in capsys.readouterr().out
