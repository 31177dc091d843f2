"""Demo DTI data for Quảng Ngãi: frameworks, self-assessments, verification, scores, past results.

The years follow the demo's calendar (``cds.demo.calendar``): every finished year from 2023 has
its self-assessments (submitted by 14/12, a few late, a few missing), verified by the province
on 28/12, and its scores; the current year's round is open — in December the communes that have
self-assessed by today are waiting for verification. A year no shipped framework covers is
skipped and said so (a score needs a framework).

Everything here is SYNTHETIC except the shipped framework templates and, for xã Sơn Nham 2024, the
manual items taken from its real report (002). Self-assessment points are derived from a hash of
the unit code, so every run and every machine gets the same demo; re-running changes nothing.
The published 2022 results in ``demo_data/`` are invented and labelled so on every row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from cds.demo import calendar
from cds.lib.errors import InputError
from cds.lib.vn_numbers import format_number
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.services import ValueWriteError

from .framework import Framework
from .models import Assessment, AssessmentEvent, AssessmentItem, AssessmentStatus, FrameworkVersion
from .published import import_results
from .scoring import era_for_year, scope_units
from .services import find_framework, framework_of, load_builtin_frameworks, score_and_store

PROVINCE = "tỉnh Quảng Ngãi"
FIRST_YEAR = 2023
PUBLISHED = Path(__file__).parent / "demo_data" / "ket-qua-cong-bo-2022-mo-phong.csv"
UNIT_ACTOR = "demo: xã tự đánh giá (mô phỏng)"
SUPERVISOR_ACTOR = "demo: Sở KH&CN Quảng Ngãi thẩm định (mô phỏng)"
# Xã Sơn Nham's own words (report 002, 2024) for the manual items they answer.
SON_NHAM_2024 = {
    "NT1": (30, "Ban Chỉ đạo do đồng chí Chủ tịch UBND xã làm Trưởng ban (báo cáo 002)"),
    "NT3": (25, "chuyên mục riêng về chuyển đổi số trên Trang thông tin điện tử xã (báo cáo 002)"),
    "NT4": (25, "Đài truyền thanh xã phát chuyên mục chuyển đổi số 01 lần/tuần (báo cáo 002)"),
    "TC1": (40, "Kế hoạch số 37/KH-UBND ngày 18/3/2024 về chuyển đổi số xã Sơn Nham năm 2024"),
    "TC2": (25, "20 văn bản (03 Kế hoạch, 17 công văn) (báo cáo 002)"),
    "TC3": (30, "Quyết định số 245/QĐ-UBND ngày 28/12/2023 phân công nhiệm vụ"),
    "NL3": (25, "Quyết định số 191/QĐ-UBND ngày 10/11/2023 kiện toàn Tổ CNSCĐ xã và các tổ thôn"),
    "CQ6": (30, "02/02 cán bộ, 07/07 công chức đã được cấp chữ ký số (báo cáo 002)"),
}


def _draw(*parts: object) -> float:
    """A number in [0, 1) fixed by its inputs (the same on every machine)."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()
    return int(digest[:12], 16) / 16**12


def _communes(year: int) -> list[Unit]:
    """The demo province's communes that existed at the year's close (not those that ceased before)."""
    province = resolve_unit(PROVINCE, era=era_for_year(year))
    return scope_units(province, "commune", era_for_year(year), year)


def _manual_points(framework: Framework, unit: Unit, year: int) -> dict[str, tuple[Decimal, str]]:
    out: dict[str, tuple[Decimal, str]] = {}
    maturity = _draw("maturity", unit.code)
    for item in framework.items():
        if not item.is_manual:
            continue
        trend = 0.04 * (year - 2023)
        share = min(
            1.0, max(0.0, 0.3 + 0.55 * maturity + trend + 0.12 * (_draw(item.code, unit.code, year) - 0.5))
        )
        if item.rule.choices:
            options = sorted(item.rule.choices, key=lambda c: c[1])
            label, points = options[min(len(options) - 1, int(share * len(options)))]
            out[item.code] = (points, f"{label} (mô phỏng)")
        else:
            out[item.code] = (
                (item.max_points * Decimal(str(round(share, 2)))).quantize(Decimal(1)),
                "mô phỏng",
            )
    return out


def _assess(row: FrameworkVersion, year: int, *, verify: bool, until: dt.date | None = None) -> int:
    """Self-assessments for the year's communes: most on time, a few late, a few none.

    ``verify``: the province verified the on-time ones on 28/12 (adjusting a few items);
    ``until``: the round is still open on that day — only the assessments submitted by then.
    """
    if Assessment.objects.filter(framework=row, year=year).exists():
        return 0
    framework = framework_of(row)
    son_nham = resolve_unit("xã Sơn Nham, huyện Sơn Hà", era="legacy") if year == 2024 else None
    items, events = [], []
    with transaction.atomic():
        for unit in _communes(year):
            roll = _draw("submitted", unit.code, year)
            if roll < 0.05:
                continue  # did not self-assess at all
            day = 16 + int(roll * 10) if roll < 0.08 else 1 + int(roll * 13)  # 3% late (after 14/12)
            if until is not None and dt.date(year, 12, day) > until:
                continue  # not yet
            verified = verify and day <= 14
            assessment = Assessment.objects.create(
                framework=row,
                unit=unit,
                year=year,
                status=AssessmentStatus.VERIFIED if verified else AssessmentStatus.SUBMITTED,
                submitted_at=dt.datetime(year, 12, day, 9, 0, tzinfo=dt.UTC),
                submitted_by=UNIT_ACTOR,
                verified_at=dt.datetime(year, 12, 28, 15, 0, tzinfo=dt.UTC) if verified else None,
                verified_by=SUPERVISOR_ACTOR if verified else "",
            )
            proposed = _manual_points(framework, unit, year)
            if son_nham is not None and unit.pk == son_nham.pk:
                proposed.update({k: (Decimal(p), note) for k, (p, note) in SON_NHAM_2024.items()})
            for code, (points, note) in proposed.items():
                adjusted = verified and _draw("adjust", code, unit.code) < 0.08
                final = max(Decimal(0), points - framework.item(code).max_points / 2) if adjusted else points
                items.append(
                    AssessmentItem(
                        assessment=assessment,
                        item_code=code,
                        self_points=points,
                        self_note=note,
                        verified_points=final if verified else None,
                        verify_reason="tài liệu kiểm chứng chưa đầy đủ (mô phỏng)" if adjusted else "",
                    )
                )
            events.append(
                AssessmentEvent(assessment=assessment, action="submit", actor=UNIT_ACTOR, reason="demo")
            )
            if verified:
                events.append(
                    AssessmentEvent(assessment=assessment, action="verified", actor=SUPERVISOR_ACTOR)
                )
        AssessmentItem.objects.bulk_create(items, batch_size=500)
        AssessmentEvent.objects.bulk_create(events, batch_size=500)
    return len(events)


def load_demo() -> list[str]:
    loaded = load_builtin_frameworks()
    lines = [f"DTI: {len(loaded)} khung đánh giá mẫu ({', '.join(str(r) for r, _ in loaded)})"]
    report = import_results(PUBLISHED)
    if not report.ok:
        raise ValueWriteError(report.errors)
    lines.append(
        f"DTI: kết quả 2022 (MÔ PHỎNG) đã nhập: {format_number(report.created)} mới, "
        f"{format_number(report.unchanged)} không đổi"
    )
    today = calendar.demo_today()
    for year in calendar.years(FIRST_YEAR, today):
        try:
            row = find_framework("dti-xa", year)
        except InputError:
            lines.append(
                f"DTI {year}: chưa có khung đánh giá cho năm này, bỏ qua / no framework for {year}, skipped"
            )
            continue
        if year == today.year:  # the round in progress: no scores before it closes
            _assess(row, year, verify=False, until=today)
            submitted = Assessment.objects.filter(framework=row, year=year).count()
            lines.append(
                f"DTI {year}: đang tự đánh giá, {submitted} xã đã nộp / round open, {submitted} submitted"
            )
            continue
        _assess(row, year, verify=True)
        province = resolve_unit(PROVINCE, era=era_for_year(year))
        scores = score_and_store(row, year, province)
        lines.append(f"DTI {year}: chấm {format_number(len(scores))} xã của {province.name} theo {row}")
    return lines
