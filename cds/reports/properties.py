"""The custom document properties a built report records for its own check (``check.py`` reads
them back; ``multi`` and ``check.verify`` write them). Both read the names here, at module level:
no import between the builder and the check for three strings."""

from __future__ import annotations

import json
import re
from typing import Any

from .wording import fixed_words, load_wording

# the window codes of the indicator appendix's columns, in order (a report over several windows)
WINDOWS_PROPERTY = "CDSHub.Windows"
# a province's own coverage wording (``coverage_notes``), when not the bundled one
COVERAGE_PROPERTY = "CDSHub.CoverageNotes"
# The builder's knowledge of each figure sentence, so that `cds report check FILE` knows, without
# the database, which sentences state an area's figure from fewer units ("n/N": must say "theo số
# liệu của …") and which state a unit's own figure ("own") or a register's record ("records").
FIGURES_PROPERTY = "CDSHub.FigureSentences"
# a province's own fixed phrases the check reads by (wording ``fixed``: the window line, the
# total rows' labels, «Đạt»/«Chưa đạt»), when not the bundled ones
FIXED_PROPERTY = "CDSHub.FixedWords"


def stated_windows(properties: dict[str, str]) -> list[str]:
    """The window codes a report over several windows recorded in the file (``WINDOWS_PROPERTY``)."""
    try:
        codes = json.loads(properties.get(WINDOWS_PROPERTY, "[]"))
    except ValueError:
        return []
    if not isinstance(codes, list):
        return []
    return [c for c in codes if isinstance(c, str) and re.fullmatch(r"[0-9A-Z.\-]{4,30}", c)]


def checked_words(wording: dict[str, Any] | None) -> dict[str, Any]:
    """The fixed phrases the check reads a report by (``check.DocText.fixed``; recorded in the file as
    ``FIXED_PROPERTY`` when a province's wording has its own)."""
    fixed = fixed_words(wording)
    spec = (wording or {}).get("consolidated") or load_wording()["consolidated"]
    totals = [fixed["total"], spec.get("total_label", fixed["total"])]
    partial = spec.get("total_label_partial", "")
    totals.append(partial.split("{", 1)[0].split("[", 1)[0].rstrip(" ("))  # "Tổng cộng (theo …)"
    return {
        "window_line": fixed["window_line"],
        "total": sorted({t for t in totals if t}),
        "met": fixed["met"],
        "not_met": fixed["not_met"],
    }
