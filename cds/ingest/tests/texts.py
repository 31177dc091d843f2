"""The texts the reader's tests read: paragraphs made into a document, and the figure read for a value."""

from __future__ import annotations

from decimal import Decimal

from cds.ingest.finding import Figure, Findings
from cds.ingest.reading import Block, Document


def doc(*paragraphs: str, name: str = "bao-cao.txt", where: str = "đoạn") -> Document:
    """A plain-text document of ``paragraphs``, each placed as «đoạn 1», «đoạn 2» … (or ``where``)."""
    d = Document(name, "text")
    for i, text in enumerate(paragraphs, start=1):
        d.blocks.append(Block(text, f"{where} {i}", f"paragraph {i}"))
    return d


def figure(found: Findings, value: int | str) -> Figure:
    """The first figure read with ``value``."""
    return next(f for f in found.figures if f.value == Decimal(value))
