"""The decision that published a year's DTI results: a registered document linked to the result set.

A province (or district) publishes each year's DTI results of a level by a decision ("Quyết định
số …/QĐ-UBND ngày … của UBND tỉnh Quảng Ngãi công bố kết quả đánh giá chỉ số DTI năm …"). The
decision is a document of the registry (``cds.registries``), issued by the scope; ``link_decision``
ties the result set (scope, year, level) to it — from ``cds dti import-results --decision`` or the
admin — and ``decision_words`` gives reports its full citation. No link, no citation: a report
never invents a decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q

from cds.history.changes import ActorLike, save_with_history
from cds.lib.errors import InputError, Location
from cds.registries.citations import TYPE_NAMES, find_all, format_citation
from cds.registries.models import Document
from cds.units.models import Unit

from .framework import LEVELS
from .models import RankingDecision

_BARE = re.compile(r"^\s*(\w+)/([^\s/]+)\s*$")  # "1335/QĐ-UBND"


def ancestors(unit: Unit) -> list[Unit]:
    """The unit and every unit above it, nearest first."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    found = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return [found[i] for i in reversed(ids) if i in found]


def find_document(text: str, units: Iterable[Unit]) -> Document:
    """The registered document ``text`` names ("Quyết định số 1335/QĐ-UBND ngày 29/12/2023 …",
    "1335/QĐ-UBND") among those ``units`` issued; refused when none or several match."""
    units = list(units)
    citations = find_all(text)
    where = Location(column="decision", value=text)
    if citations:
        c = citations[0]
        doc_type, number, symbol, year, date = c.type_code, c.number, c.symbol, c.year, c.date
    elif (bare := _BARE.match(text)) is not None:
        number, symbol, year, date = bare[1], bare[2], None, None
        doc_type = symbol.split("-")[0]
        if doc_type not in TYPE_NAMES:
            raise InputError(
                f"không nhận ra loại văn bản của «{text}»",
                f"cannot tell the document type of «{text}»",
                where,
            )
    else:
        raise InputError(
            "ghi quyết định như «Quyết định số 1335/QĐ-UBND ngày 29/12/2023» hoặc «1335/QĐ-UBND»",
            "write the decision as «Quyết định số 1335/QĐ-UBND ngày 29/12/2023» or «1335/QĐ-UBND»",
            where,
        )
    found = Document.objects.filter(
        unit__in=units, doc_type=doc_type, number=number, symbol=symbol, year=year
    ).select_related("unit")
    if date is not None:
        found = found.filter(Q(issued_on=date) | Q(issued_on__isnull=True))
    matches = list(found)
    names = ", ".join(u.name for u in units)
    if not matches:
        raise InputError(
            f"chưa có văn bản {number}/{symbol} của {names} trong sổ đăng ký văn bản: đăng ký trước rồi liên kết",
            f"no document {number}/{symbol} of {names} in the document register: register it first",
            where,
        )
    if len(matches) > 1:
        raise InputError(
            f"có {len(matches)} văn bản {number}/{symbol} trong sổ đăng ký: ghi thêm ngày ban hành",
            f"{len(matches)} documents {number}/{symbol} are registered: add the date",
            where,
        )
    return matches[0]


def link_decision(unit: Unit, year: int, level: str, text: str, actor: ActorLike) -> RankingDecision:
    """Link the results of ``year`` at ``level`` ranked in the scope that issued the decision
    ``text`` — a registered document of ``unit`` or a unit above it — to that document."""
    if level not in LEVELS:
        raise InputError(
            f"cấp phải là một trong {', '.join(LEVELS)}", f"level must be one of {', '.join(LEVELS)}"
        )
    document = find_document(text, ancestors(unit))
    if document.doc_type != "QĐ":
        raise InputError(
            f"kết quả DTI được công bố bằng quyết định, không phải {document.type_name.lower()}",
            f"DTI results are published by a decision (QĐ), not a {document.doc_type}",
            Location(column="decision", value=text),
        )
    row = RankingDecision.objects.filter(scope=document.unit, year=year, level=level).first()
    row = row or RankingDecision(scope=document.unit, year=year, level=level)
    row.document = document
    save_with_history(row, actor, f"quyết định công bố kết quả DTI năm {year}")
    return row


def decision_for(unit: Unit, year: int, level: str) -> Document | None:
    """The decision that published ``year``'s results of ``level`` in ``unit``'s scope or the
    nearest one above it (a district report cites the province's decision), if one is linked."""
    for scope in ancestors(unit):
        row = (
            RankingDecision.objects.filter(scope=scope, year=year, level=level)
            .select_related("document")
            .first()
        )
        if row is not None:
            return row.document
    return None


def decision_words(unit: Unit, year: int, level: str, name: str = "dti_decision") -> dict[str, str]:
    """``{name: full citation}`` for a report's wording, or nothing when no decision is linked."""
    document = decision_for(unit, year, level)
    if document is None:
        return {}
    return {name: format_citation(document.as_citation()).rstrip(" .;")}
