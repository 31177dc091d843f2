"""How often the reader is right on reports nobody tuned it on — the one place the product takes it from.

``data/first_reads.csv`` records every clean first read since session 10 (a fresh set labelled
before any read, read once; the unedited output in the file its ``source`` names). The rows marked
``shipped`` are this session's readers' first reads (the reader shipped may have gained a rule since,
written after those sets were opened, so it is never measured on them again); their pooled share of right proposals
is what the review page and the CLI tell an official before they accept a figure (docs/ingest.md
«Session 14: the record» cites the same file).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cds.lib.vn_numbers import format_percent

FILE = Path(__file__).parent / "data" / "first_reads.csv"


@dataclass(frozen=True)
class FirstRead:
    set: str
    session: int
    texts: int
    gold: int
    reader: str
    proposed: int
    right: int
    found: int
    shipped: bool
    source: str


@dataclass(frozen=True)
class Share:
    right: int
    proposed: int
    sets: tuple[str, ...]

    @property
    def percent(self) -> str:
        """ "43,1%" — one decimal, Vietnamese style."""
        return format_percent(round(100 * self.right / self.proposed, 1), 1) if self.proposed else "—"

    @property
    def vi(self) -> str:
        return (
            f"Đây là gợi ý của máy đọc, chưa phải số liệu: đối chiếu từng số với câu trích bên cạnh rồi mới chấp "
            f"nhận. Trên các báo cáo máy chưa từng được chỉnh theo, chỉ {self.right}/{self.proposed} đề xuất "
            f"({self.percent}) là đúng. Chỉ số liệu đã được người chấp nhận hoặc sửa mới được nhập."
        )

    @property
    def en(self) -> str:
        return (
            f"These are the reader's suggestions, not figures: check each one against the quoted sentence "
            f"before accepting it. On reports the reader was never tuned on, only {self.right} of "
            f"{self.proposed} proposals ({self.percent}) were right. Only figures a person accepted or "
            f"edited are imported."
        )


@cache
def first_reads() -> tuple[FirstRead, ...]:
    with FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            FirstRead(
                set=row["set"],
                session=int(row["session"]),
                texts=int(row["texts"]),
                gold=int(row["gold"]),
                reader=row["reader"],
                proposed=int(row["proposed"]),
                right=int(row["right"]),
                found=int(row["found"]),
                shipped=row["shipped"] == "yes",
                source=row["source"],
            )
            for row in csv.DictReader(handle)
        )


def unseen_share() -> Share:
    """This session's readers' right proposals over their proposals, pooled over their first reads."""
    rows = [r for r in first_reads() if r.shipped]
    return Share(sum(r.right for r in rows), sum(r.proposed for r in rows), tuple(r.set for r in rows))
