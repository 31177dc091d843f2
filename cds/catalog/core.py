"""The core of a level's data set: the indicators the official forms of that level ask.

Read from ``data/core-forms.yaml`` (which forms, indices and sample reports a commune, a district, a
province files) and what the catalog already records: the items of ``data/official-sets-map.csv``,
each indicator's ``source`` and the legal texts its ``basis`` cites. The entry form shows the core
first and folds the rest; the «report incomplete» message names the core's missing fields first.
Completeness still counts the whole data set (docs/catalog.md, «Core of a data set»).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .services import Catalog
from .spec_types import LEVELS

DATA = Path(__file__).parent / "data"
FORMS_FILE = DATA / "core-forms.yaml"
MAP_FILE = DATA / "official-sets-map.csv"
ASKED = {"same", "close"}  # a `differs` item is not what the form asks; `missing` has no indicator


@cache
def _forms() -> dict[str, dict[str, Any]]:
    with FORMS_FILE.open(encoding="utf-8") as handle:
        doc = yaml.safe_load(handle) or {}
    return {level: doc.get(level) or {} for level in LEVELS}


@cache
def _map_rows() -> tuple[dict[str, str], ...]:
    with MAP_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def core(catalog: Catalog, level: str) -> dict[str, str]:
    """Code → why it is core (the form or report that asks it), for the indicators of ``catalog``'s
    data set of ``level`` in catalog order; empty for a level without a data set."""
    dataset = {d.code: d for d in catalog.dataset(level)}
    if not dataset:
        return {}
    forms = _forms()[level]
    why: dict[str, str] = {}
    sets = set(forms.get("sets") or ())
    for row in _map_rows():
        if row["source"] in sets and row["match"] in ASKED and row["code"] in dataset:
            why.setdefault(row["code"], f"{row['source']}: «{row['item']}»")
    prefixes = tuple(forms.get("sources") or ())
    for code, d in dataset.items():
        if code not in why and prefixes and d.source.startswith(prefixes):
            why[code] = d.source
    texts = tuple(forms.get("basis") or ())
    for code, d in dataset.items():
        cited = next((c for c in d.basis if texts and c.doc.startswith(texts)), None)
        if code not in why and cited is not None:
            why[code] = cited.text()
    for entry in forms.get("codes") or ():
        if entry["code"] in dataset:
            why.setdefault(entry["code"], entry["why"])
    for code in list(why):  # a rate's parts are what is typed
        d = dataset[code]
        for part in (d.numerator, d.denominator):
            if part and part in dataset:
                why.setdefault(part, f"{'tử' if part == d.numerator else 'mẫu'} số của {code}")
    for code, d in dataset.items():  # a rate computed from two core fields is shown beside them
        if code not in why and d.numerator in why and d.denominator in why:
            why[code] = f"tính từ {d.numerator} và {d.denominator}"
    return {code: why[code] for code in dataset if code in why}
