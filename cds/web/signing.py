"""Official reports waiting for their signature: generated (not a draft) → recorded as signed.

``record_generated`` is called by the report download when an official report is built; the
report is then a task on the home page of the unit's people until ``record_signed`` records its
number and date — one operation, kept in the unit's history (``cds.history``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from cds.history.changes import save_with_history
from cds.lib.errors import InputError, Location
from cds.lib.vn_dates import format_date, parse_date
from cds.units.models import Unit
from cds.values.services import Actor

from .models import ReportToSign


def record_generated(unit: Unit, period: str, kind: str, user: Any) -> ReportToSign:
    """An official report of ``kind`` was generated: waiting for its signature (again, when it is
    generated anew before being signed; a signed report stays signed)."""
    report, _created = ReportToSign.objects.get_or_create(
        unit=unit, period=period, kind=kind, defaults={"generated_by": user, "generated_at": timezone.now()}
    )
    if not _created and not report.signed:
        report.generated_by, report.generated_at = user, timezone.now()
        report.save(update_fields=["generated_by", "generated_at"])
    return report


def record_signed(report: ReportToSign, number: str, signed_on: str | dt.date, actor: Actor) -> ReportToSign:
    """Record that ``report`` was signed as «Số ``number``», ``signed_on`` (written as officials
    write dates); refused in words when the number is empty, the date unreadable or in the future,
    the date before the report was generated, or the report already recorded."""
    number = " ".join(str(number or "").split())
    if not number:
        raise InputError(
            "Hãy ghi số của văn bản đã ký.", "Enter the signed document's number.", Location(column="number")
        )
    if len(number) > 64:
        raise InputError(
            "Số văn bản quá dài (tối đa 64 ký tự).",
            "The number is too long (64 characters at most).",
            Location(column="number", value=number),
        )
    try:
        day = signed_on if isinstance(signed_on, dt.date) else parse_date(str(signed_on or "").strip())
    except (InputError, ValueError):
        raise InputError(
            f"Không đọc được ngày ký «{signed_on}»; ghi như 14/3/2026.",
            f"Cannot read the signing date '{signed_on}'; write it as 14/3/2026.",
            Location(column="signed_on", value=signed_on),
        ) from None
    today = timezone.localdate()
    generated = timezone.localtime(report.generated_at).date()
    if day > today or day < generated:
        raise InputError(
            f"Ngày ký {format_date(day)} phải từ ngày tạo báo cáo ({format_date(generated)}) đến hôm nay.",
            f"The signing date {day:%d/%m/%Y} must be between the report's generation ({generated:%d/%m/%Y}) and today.",
            Location(column="signed_on", value=signed_on),
        )
    if report.signed_on is not None:  # report.signed, narrowed for the date below
        raise InputError(
            f"Báo cáo này đã được ghi nhận ký (số {report.number}, ngày {format_date(report.signed_on)}).",
            f"This report was already recorded as signed (number {report.number}, {report.signed_on:%d/%m/%Y}).",
            Location(column="number"),
        )
    report.number, report.signed_on, report.signed_recorded_by = number, day, actor.user
    save_with_history(report, actor, f"Ghi nhận đã ký: số {number}, ngày {format_date(day)}")
    return report


def waiting(units: QuerySet[Unit] | list[Unit]) -> QuerySet[ReportToSign]:
    """The reports of ``units`` generated and not yet recorded as signed, oldest first."""
    return (
        ReportToSign.objects.filter(unit__in=units, signed_on__isnull=True)
        .select_related("unit")
        .order_by("generated_at", "pk")
    )
