"""Issue 19: ``scripts/ingest_measure.py`` reads each fresh held-out set only when asked, so that its one
clean read is the lead's. The reader is replaced here: these tests check which texts would be read,
and never run it on any of them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import django
import pytest

import cds.ingest.measure as measure_module
from cds.lib.corpus_files import corpus_texts, report_number

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


def test_no_fresh_held_out_set_from_the_fifth_on_is_read_unless_asked(monkeypatch, capsys):
    read = _texts_the_script_would_read(monkeypatch, [])
    assert read and max(read) < 63


# each fresh set: the flag that asks for it, its texts (None: to the last one), how the script names it
FRESH_SETS = {
    ("--with-set", "5"): (63, 64, "63–64 (fifth fresh set"),
    ("--with-set", "6"): (65, 82, "65–82 (sixth fresh set"),
    ("--with-set", "7"): (83, 99, "83–99 (seventh fresh set"),
    ("--with-set", "8"): (100, 108, "100–108 (eighth fresh set"),
    ("--with-set", "9"): (109, 110, "109–110 (ninth fresh set"),
    ("--with-set", "10"): (111, 132, "111–132 (tenth fresh set, session 14"),
    ("--with-set", "11"): (133, None, "133 and up (eleventh fresh set, session 14"),
    ("--sixth-set",): (65, 82, "65–82 (sixth fresh set"),  # the flags of sessions 12–13 still work
    ("--ninth-set",): (109, 110, "109–110 (ninth fresh set"),
}


@pytest.mark.parametrize("flag", FRESH_SETS)
def test_asking_for_one_fresh_set_reads_all_its_texts_and_no_other_fresh_set(monkeypatch, capsys, flag):
    first, last, named = FRESH_SETS[flag]
    read = _texts_the_script_would_read(monkeypatch, list(flag))
    mine = [n for n in read if first <= n and (last is None or n <= last)]
    if last is not None:
        assert mine == list(range(first, last + 1))
    assert not [n for n in read if n >= 63 and n not in mine]
    assert named in capsys.readouterr().out


def test_asking_for_every_fresh_set_reads_every_text_and_names_each_set(monkeypatch, capsys):
    read = _texts_the_script_would_read(monkeypatch, ["--fresh-sets", "all"])
    on_disk = [report_number(p.stem) for p in corpus_texts(SCRIPT.parents[1] / "corpus" / "reports")]
    assert [n for n in sorted(on_disk) if n >= 63] == [n for n in read if n >= 63] and max(on_disk) >= 146
    out = capsys.readouterr().out
    for _, _, named in FRESH_SETS.values():
        assert named in out


def test_two_sets_asked_together_are_both_read_and_no_third(monkeypatch, capsys):
    read = _texts_the_script_would_read(monkeypatch, ["--with-set", "6", "--with-set", "8"])
    fresh = [n for n in read if n >= 63]
    assert fresh == list(range(65, 83)) + list(range(100, 109))


def test_an_unknown_set_is_refused_without_a_traceback(monkeypatch, capsys):
    with pytest.raises(SystemExit) as exit_:
        _texts_the_script_would_read(monkeypatch, ["--with-set", "4"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
