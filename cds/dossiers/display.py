"""How a dossier KPI reads on /dvc/, in ``cds dvc kpi`` / ``hotspots`` (table, CSV, JSON) and in reports.

A thin wrapper over the one formatter, ``cds.catalog.formatting.format_value``, with the KPI's
catalog definition: a KPI value is the same text wherever it is printed, and the same text a
report prints for the value the dossier import wrote ("67,24%", "1.463"). What only a KPI row
knows is added here: why a figure is unknown.

- Rates follow Quyết định 766/QĐ-TTg's two decimals: computed to 0,01 half up (``kpi.rate``)
  and printed with the catalog's two decimals, trailing zeros dropped as every other rate and the
  sample reports write them ("25%", "94,44%", "9,4%").
- Unknown because the export lacked a column (or its cells were blank): the reason itself,
  "chưa có số liệu: tệp không có cột «Ngày hẹn trả»" — never 0% or 100%.
- A rate whose denominator is zero: "N/A (mẫu số bằng 0)", as the DTI rules say it.
- A figure over only some dossiers: the value, with ``KpiText.note`` saying which.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from cds.catalog.formatting import format_value

from .kpi import RATES, KpiRow

NOT_APPLICABLE = {"vi": "N/A (mẫu số bằng 0)", "en": "N/A (zero denominator)"}


@dataclass(frozen=True)
class KpiText:
    text: str  # the figure, or why there is none
    note: str = ""  # which dossiers a partial figure covers ("" when all)


def _definition(code: str, definition: Any) -> Any:
    """The catalog's definition, or the kind a dossier KPI has when a catalog lacks the code."""
    if definition is not None:
        return definition
    return SimpleNamespace(code=code, kind="rate" if code in RATES else "count", decimals=2)


def format_kpi(code: str, value: int | Decimal | None, definition: Any = None, *, lang: str = "vi") -> str:
    """A KPI value as every output writes it; None is "N/A (mẫu số bằng 0)" for a rate, else unknown."""
    lang = "en" if lang.startswith("en") else "vi"
    if value is None and code in RATES:
        return NOT_APPLICABLE[lang]
    return format_value(_definition(code, definition), value, lang=lang)


def kpi_text(row: KpiRow | None, code: str, definition: Any = None, *, lang: str = "vi") -> KpiText:
    """One KPI of a row: its text and, for a figure over only some dossiers, the note saying which."""
    english = lang.startswith("en")
    if row is None:
        return KpiText(format_value(_definition(code, definition), None, lang=lang))
    note_vi, note_en = row.note(code)
    note = note_en if english else note_vi
    if row.is_unknown(code):  # the note is the reason: "chưa có số liệu: tệp không có cột …"
        return KpiText(note)
    return KpiText(format_kpi(code, row.value(code), definition, lang=lang), note)
