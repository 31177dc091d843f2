"""Reading and writing the unit-written sections, and offering last period's text as a start."""

from __future__ import annotations

from typing import Any

from cds.lib.periods import Period
from cds.units.models import Unit

from .models import NarrativeSection, SectionKind


def sections_for(unit: Unit, period: Period) -> dict[str, str]:
    """kind → text for the unit and period (empty texts left out)."""
    rows = NarrativeSection.objects.filter(unit=unit, period=period.code).exclude(text="")
    return {row.kind: row.text for row in rows}


def drafts_for(unit: Unit, period: Period) -> dict[str, dict[str, str]]:
    """Every kind with this period's text and, as a starting point, the previous period's."""
    current = sections_for(unit, period)
    previous = sections_for(unit, period.previous()) if period.kind != "range" else {}
    return {
        kind: {"label": label, "text": current.get(kind, ""), "previous": previous.get(kind, "")}
        for kind, label in SectionKind.choices
    }


def save_sections(unit: Unit, period: Period, texts: dict[str, str], user: Any = None) -> int:
    """Store the texts (an empty text clears the section); returns how many changed."""
    changed = 0
    for kind in SectionKind.values:
        if kind not in texts:
            continue
        text = texts[kind].replace("\r\n", "\n").strip()
        row = NarrativeSection.objects.filter(unit=unit, period=period.code, kind=kind).first()
        if row is None and not text:
            continue
        if row is not None and row.text == text:
            continue
        NarrativeSection.objects.update_or_create(
            unit=unit,
            period=period.code,
            kind=kind,
            defaults={"text": text, "updated_by": user if getattr(user, "is_authenticated", False) else None},
        )
        changed += 1
    return changed


def paragraphs(text: str) -> list[tuple[str, str]]:
    """(bullet, text) per non-empty line: "- …" and "+ …" keep their bullet."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line[:2] in ("- ", "+ "):
            out.append((line[0], line[2:].strip()))
        else:
            out.append(("", line))
    return out
