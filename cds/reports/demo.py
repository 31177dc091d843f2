"""Demo: what the three sample reports say that only their units can write, and Sơn Nham's data window.

- Sơn Nham declares the data window of its annual report 2024 (report 002: "từ ngày 15/12/2023
  đến ngày 31/10/2024"), so the demo's periodic report draws every figure from it.
- The unit-written sections each sample contains (thuận lợi, khó khăn, giải pháp, đề xuất,
  phương hướng) are stored as that unit's own text for the report's period
  (``narrative.save_sections``), copied from the shipped sample file between the section's own
  heading and the next one, each change recorded with its source ("báo cáo mẫu 003, mục …").
  Nothing is written for a section the sample does not have: it stays a visible placeholder.
- The signer, signing form and recipients each sample prints are the unit's front-matter
  defaults for the span it was issued in (``issuers.set_profile``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from cds.lib.periods import Period, parse_period
from cds.units.services import resolve_unit
from cds.values.io import import_values
from cds.values.models import DataValue, Status
from cds.values.services import Actor, ValueWriteError, change_status

from .issuers import set_profile
from .narrative import save_sections
from .windows import declare_window

SAMPLES = Path(__file__).resolve().parents[1] / "demo_data" / "sample-reports"
_FOOTNOTE_MARK = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")

# (sample, unit, period, section kind, the line its text starts after, the line it stops before)
SAMPLE_SECTIONS = [
    ("000", "xã Tịnh Châu, thành phố Quảng Ngãi", "2023Q3", "thuan_loi", "1. Thuận lợi", "2. Khó khăn"),
    ("000", "xã Tịnh Châu, thành phố Quảng Ngãi", "2023Q3", "kho_khan", "2. Khó khăn", "¹ Quý I"),
    ("000", "xã Tịnh Châu, thành phố Quảng Ngãi", "2023Q3", "de_xuat", "IV. Đề xuất, kiến nghị", "Trên đây là"),
    ("002", "xã Sơn Nham, huyện Sơn Hà", "2024", "thuan_loi", "1. Thuận lợi", "2. Khó khăn"),
    ("002", "xã Sơn Nham, huyện Sơn Hà", "2024", "kho_khan", "2. Khó khăn", "UBND xã Sơn Nham kính báo cáo"),
    ("003", "thành phố Quảng Ngãi, tỉnh Quảng Ngãi", "2022", "kho_khan", "* Khó khăn, vướng mắc", "* Đề xuất các giải pháp"),
    ("003", "thành phố Quảng Ngãi, tỉnh Quảng Ngãi", "2022", "giai_phap", "* Đề xuất các giải pháp", "3. Phương hướng"),
    ("003", "thành phố Quảng Ngãi, tỉnh Quảng Ngãi", "2022", "phuong_huong", "3. Phương hướng", "Trên đây là"),
]  # fmt: skip


def sample_text(prefix: str) -> str:
    path = next(SAMPLES.glob(f"{prefix}_*.txt"), None)
    if path is None:  # shipped with the project: missing means a broken checkout
        raise FileNotFoundError(f"sample report {prefix}_*.txt not found in {SAMPLES}")
    return path.read_text(encoding="utf-8")


def section_text(text: str, after: str, before: str) -> tuple[str, str]:
    """(heading line, the lines between it and the next) of a sample, as the unit wrote them: one
    paragraph a line, bullets kept, the footnote marks (¹ ² ³) left out — their notes are the
    report's own footnotes, not part of the section."""
    lines = [line.strip() for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith(after))
    stop = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(before))
    body = [_FOOTNOTE_MARK.sub("", line).strip() for line in lines[start + 1 : stop] if line]
    return lines[start], "\n".join(body)


def load_sample_sections() -> int:
    """Store every section of ``SAMPLE_SECTIONS`` (idempotent); returns how many changed."""
    changed = 0
    texts = {prefix: sample_text(prefix) for prefix in {row[0] for row in SAMPLE_SECTIONS}}
    for prefix, unit_text, period_code, kind, after, before in SAMPLE_SECTIONS:
        period = parse_period(period_code)
        unit = resolve_unit(unit_text, as_of=period.end)
        heading, body = section_text(texts[prefix], after, before)
        source = f"báo cáo mẫu {prefix}, mục «{heading}» (văn bản của đơn vị, chép nguyên văn)"
        changed += save_sections(
            unit, period, {kind: body}, Actor(f"demo: báo cáo mẫu {prefix}", "demo"), source
        )
    return changed


# The front matter each sample was signed with, as the unit's defaults for the span it was issued
# in (``issuers.set_profile``): signer, signing form and recipients as the sample prints them.
SAMPLE_FRONT = [
    ("xã Tịnh Châu, thành phố Quảng Ngãi", dt.date(2023, 1, 1), dt.date(2023, 12, 31), {
        "sign_form": "KT", "on_behalf": "CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Võ Quang Luận",
        "recipients": ["Phòng VH TT thành phố", "CT, các PCT UBND xã", "Tổ công nghệ số xã", "Lưu: VT, HS"],
    }),
    ("xã Sơn Nham, huyện Sơn Hà", dt.date(2024, 1, 1), dt.date(2024, 12, 31), {
        "sign_form": "KT", "on_behalf": "CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Đinh Văn Sen",
        "recipients": ["Phòng VH TT huyện", "Thường trực Đảng ủy xã", "Thường trực HĐND xã",
                       "Chủ tịch, Phó chủ tịch UBND xã", "Lưu: VT"],
    }),
    # 003 is unsigned in the sample (no signer printed); dated "tháng 02 năm 2023" for the year 2022
    ("thành phố Quảng Ngãi, tỉnh Quảng Ngãi", dt.date(2022, 1, 1), dt.date(2023, 12, 31), {
        "place": "TP. Quảng Ngãi",
        "recipients": ["Sở TT&TT", "CT, các PCT UBND TP", "CPVP (VX), CV(VX)", "Các cơ quan, đơn vị thành phố",
                       "UBND các xã, phường", "Lưu: VT"],
    }),
]  # fmt: skip


def load_sample_front_matter() -> int:
    """Store ``SAMPLE_FRONT`` as the units' front-matter defaults (idempotent); returns how many."""
    for unit_text, start, end, fields in SAMPLE_FRONT:
        unit = resolve_unit(unit_text, as_of=start)
        set_profile(unit, start, end, **fields)
    return len(SAMPLE_FRONT)


# Which communes a sample's count is made of, as the communes' own answers (sample 003 names the
# 5 communes on the TSLCD network and the 6 whose websites were finished): kept apart from
# sample_reports.csv, whose rows are the samples' issuers' own figures (ingest measures against it)
SAMPLE_UNITS = Path(__file__).resolve().parent.parent / "demo_data" / "sample_units.csv"


def load_sample_units() -> int:
    """Import ``SAMPLE_UNITS`` and approve them, as the samples' figures are (idempotent)."""
    actor = Actor("demo: báo cáo mẫu 003", "demo")
    report = import_values(SAMPLE_UNITS, actor)
    if not report.ok:
        raise ValueWriteError(report.errors)
    drafts = list(
        DataValue.objects.filter(
            period="2022",
            indicator__code__in=["infra.tslcd_connected", "gov.website_meets_requirements"],
            status=Status.DRAFT,
            note__startswith="003:",
        )
    )
    if drafts:
        change_status(drafts, "submit", actor)
        change_status(drafts, "approve", Actor("demo: cấp trên", "demo"))
    return report.rows


def load_demo() -> list[str]:
    period = parse_period("2024")
    unit = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=period.end)
    result = declare_window(unit, period, Period.between(dt.date(2023, 12, 15), dt.date(2024, 10, 31)))
    sections = load_sample_sections()
    fronts = load_sample_front_matter()
    named = load_sample_units()
    return [
        f"reports: {unit.name} {period.label_vi}: số liệu {result.window.label_vi}",
        *result.notes,
        f"reports: {len(SAMPLE_SECTIONS)} phần do đơn vị tự viết chép từ 3 báo cáo mẫu ({sections} ghi mới/đổi)",
        f"reports: người ký, nơi nhận của {fronts} báo cáo mẫu làm mặc định của đơn vị",
        f"reports: {named} câu trả lời của các xã mà báo cáo mẫu 003 nêu tên (TSLCD, Trang tin điện tử)",
    ]
