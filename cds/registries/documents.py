"""The document register: save confirmed citations, and count documents issued by type.

Pasting a paragraph goes through two steps — ``preview`` (what the parser found, which
documents already exist, which look issued by the unit) and ``register`` after the user has
confirmed — so nothing is saved from a guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from cds.history.changes import ActorLike, save_with_history
from cds.history.context import operation
from cds.lib.errors import InputError
from cds.lib.periods import Period
from cds.lib.text import fold_words
from cds.units.models import Unit

from .citations import Citation
from .models import Document
from .operations import check_document

# Catalog indicator for each document type; every other type counts as "other".
TYPE_INDICATORS = {
    "KH": "docs.plans_issued",
    "QĐ": "docs.decisions_issued",
    "CV": "docs.dispatches_issued",
    "TB": "docs.notices_issued",
}
OTHER_INDICATOR = "docs.other_issued"
TOTAL_INDICATOR = "docs.issued_total"
# Symbols of a local people's committee: a document with no "của …" and such a symbol is the unit's own.
LOCAL_ISSUER_CODES = {"UBND", "HĐND"}
_LEVEL_WORDS = {"province": "tỉnh", "district": "huyện", "commune": "xã"}


@dataclass
class Proposal:
    """One parsed citation with what the register knows about it."""

    citation: Citation
    issued_by_unit: bool
    existing: Document | None = None

    @property
    def action(self) -> str:
        return (
            "unchanged"
            if self.existing and _same(self.existing, self.citation)
            else ("update" if self.existing else "create")
        )


@dataclass
class RegisterResult:
    created: list[Document] = field(default_factory=list)
    updated: list[Document] = field(default_factory=list)
    unchanged: list[Document] = field(default_factory=list)


def issued_by(citation: Citation, unit: Unit) -> bool:
    """Best guess whether ``unit`` issued the cited document (the user confirms before saving).

    "của UBND xã Sơn Nham", "của Chủ tịch UBND xã" (the generic level word) and a bare
    "38/KH-UBND" are the unit's own; "của UBND huyện Sơn Hà", a decree or a party resolution is not.
    """
    issuer = fold_words(citation.issuer)
    if issuer:
        level_word = fold_words(unit.unit_type or _LEVEL_WORDS.get(unit.level, ""))
        if f"{level_word} {fold_words(unit.short_name)}" in issuer:
            return True
        generic = issuer.replace("chu tich ", "").strip()
        return generic in {f"ubnd {level_word}", f"uy ban nhan dan {level_word}"}
    if citation.year is not None or "/" in citation.symbol:
        return False
    parts = citation.symbol.split("-")
    return bool(LOCAL_ISSUER_CODES & set(parts))


def _lookup(unit: Unit, c: Citation) -> Document | None:
    candidates = Document.objects.filter(
        unit=unit, doc_type=c.type_code, number=c.number, symbol=c.symbol, year=c.year
    )
    for doc in candidates:
        if doc.issued_on is None or c.date is None or doc.issued_on == c.date:
            return doc
    return None


def _same(doc: Document, c: Citation) -> bool:
    return (doc.issued_on, doc.issuer, doc.subject) == (
        c.date or doc.issued_on,
        c.issuer or doc.issuer,
        c.subject or doc.subject,
    )


def preview(unit: Unit, citations: Iterable[Citation]) -> list[Proposal]:
    return [Proposal(c, issued_by(c, unit), _lookup(unit, c)) for c in citations]


def register(
    unit: Unit, proposals: Sequence[Proposal], actor: ActorLike, dry_run: bool = False
) -> RegisterResult:
    """Save confirmed proposals: new documents are created, known ones get missing details.

    Idempotent: registering the same paragraph twice changes nothing. Atomic; each document
    created or completed gets a change record for ``actor``.
    """
    result = RegisterResult()
    with operation(), transaction.atomic():
        for p in proposals:
            c, doc = p.citation, _lookup(unit, p.citation)
            if doc is None:
                doc = Document(
                    unit=unit,
                    doc_type=c.type_code,
                    number=c.number,
                    symbol=c.symbol,
                    year=c.year,
                    issued_on=c.date,
                    issuer=c.issuer,
                    subject=c.subject,
                    issued_by_unit=p.issued_by_unit,
                )
                result.created.append(doc)
            elif _same(doc, c) and doc.issued_by_unit == p.issued_by_unit:
                result.unchanged.append(doc)
                continue
            else:
                doc.issued_on = doc.issued_on or c.date
                doc.issuer = doc.issuer or c.issuer
                doc.subject = (
                    c.subject
                    if c.subject and (not doc.subject or len(c.subject) < len(doc.subject))
                    else doc.subject
                )
                doc.issued_by_unit = p.issued_by_unit
                result.updated.append(doc)
            try:
                check_document(doc)
            except InputError as error:
                raise InputError(
                    f"{c.short()}: {error.vi}", f"{c.short()}: {error.en}", error.where
                ) from None
            if not dry_run:
                save_with_history(doc, actor, "trích từ văn bản dán vào / from a pasted text")
        if dry_run:
            transaction.set_rollback(True)
    return result


def document_counts(unit: Unit, period: Period) -> dict[str, int]:
    """Documents about CĐS the unit itself issued in ``period``, by indicator (and the total).

    Empty when the register has none in the period: no records means not known, not zero.
    Undated documents cannot be placed in a period and are not counted.
    """
    types = Document.objects.filter(
        unit=unit, issued_by_unit=True, is_cds=True, issued_on__gte=period.start, issued_on__lte=period.end
    ).values_list("doc_type", flat=True)
    by_type = Counter(types)
    if not by_type:
        return {}
    counts = {code: 0 for code in (*TYPE_INDICATORS.values(), OTHER_INDICATOR)}
    for doc_type, n in by_type.items():
        counts[TYPE_INDICATORS.get(doc_type, OTHER_INDICATOR)] += n
    counts[TOTAL_INDICATOR] = sum(by_type.values())
    return counts
