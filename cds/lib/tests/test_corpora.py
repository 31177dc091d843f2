"""The corpora of numbers and periods taken from public Vietnamese texts (issue 15): every row is
read as its expected value, or refused when the text is not one figure or one period.

``corpus/numbers.tsv``: input, kind, maximum (empty: none), expected ("1463", "71/193" for a
numerator and denominator, "REFUSED"), source (the address the text was read at).
``corpus/periods.tsv``: input, expected (a period code or "REFUSED"), source.
Sizes and scores: docs/corpora.md.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import cast

import pytest

from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.lib.vn_numbers import Kind, parse_number

CORPUS = Path(__file__).parent / "corpus"


def _rows(name: str) -> list[dict[str, str]]:
    with open(CORPUS / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


NUMBERS = _rows("numbers.tsv")
PERIODS = _rows("periods.tsv")


def _number(row: dict[str, str]) -> str:
    maximum = Decimal(row["maximum"]) if row["maximum"] else None
    try:
        parsed = parse_number(row["input"], cast(Kind, row["kind"]), maximum=maximum)
    except InputError:
        return "REFUSED"
    value = f"{parsed.value.normalize():f}"
    return f"{value}/{parsed.denominator.normalize():f}" if parsed.denominator is not None else value


def _period(row: dict[str, str]) -> str:
    try:
        return parse_period(row["input"]).code
    except InputError:
        return "REFUSED"


def test_the_corpora_are_large_enough_and_every_row_names_its_public_source():
    assert len(NUMBERS) >= 150 and len(PERIODS) >= 100
    for row in NUMBERS + PERIODS:
        assert row["source"].startswith(("https://", "http://")), row


@pytest.mark.parametrize("row", NUMBERS, ids=lambda r: f"{r['kind']}:{r['input']}")
def test_every_number_of_the_corpus_is_read_as_expected(row):
    expected = row["expected"]
    if expected != "REFUSED" and "/" not in expected:
        expected = f"{Decimal(expected).normalize():f}"
    assert _number(row) == expected


@pytest.mark.parametrize("row", PERIODS, ids=lambda r: r["input"])
def test_every_period_of_the_corpus_is_read_as_expected(row):
    assert _period(row) == row["expected"]


def test_a_refused_corpus_period_says_how_to_write_one():
    for row in PERIODS:
        if row["expected"] == "REFUSED":
            with pytest.raises(InputError) as caught:
                parse_period(row["input"])
            assert f"«{row['input']}»" in caught.value.vi and "quý III/2023" in caught.value.vi
