"""The custom document properties a built report records for its own check (``check.py`` reads
them back; ``multi`` and ``check.verify`` write them). Both read the names here, at module level:
no import between the builder and the check for three strings."""

from __future__ import annotations

import json
import re

# the window codes of the indicator appendix's columns, in order (a report over several windows)
WINDOWS_PROPERTY = "CDSHub.Windows"
# a province's own coverage wording (``coverage_notes``), when not the bundled one
COVERAGE_PROPERTY = "CDSHub.CoverageNotes"
# The builder's knowledge of each figure sentence, so that `cds report check FILE` knows, without
# the database, which sentences state an area's figure from fewer units ("n/N": must say "theo số
# liệu của …") and which state a unit's own figure ("own") or a register's record ("records").
FIGURES_PROPERTY = "CDSHub.FigureSentences"


def stated_windows(properties: dict[str, str]) -> list[str]:
    """The window codes a report over several windows recorded in the file (``WINDOWS_PROPERTY``)."""
    try:
        codes = json.loads(properties.get(WINDOWS_PROPERTY, "[]"))
    except ValueError:
        return []
    if not isinstance(codes, list):
        return []
    return [c for c in codes if isinstance(c, str) and re.fullmatch(r"[0-9A-Z.\-]{4,30}", c)]
