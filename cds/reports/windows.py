"""A report's data window: the one date range every figure of a unit's report for a period comes from.

By default a report for "năm 2024" reads values recorded on 2024 (and its quarters and months).
A unit may declare another window for a period — Sơn Nham's annual report counts "từ ngày
15/12/2023 đến ngày 31/10/2024" because the yearly assessment closes before year end. Then:

- values recorded on the window are read, and values the unit *typed* for the period itself
  (not computed) count as its answers for that report; nothing computed for another range
  (dossier KPIs of calendar 2024, sums of calendar quarters) is ever used beside them;
- declaring the window computes the dossier KPI counts for exactly that range — of the unit and
  of each unit directly below it (the rows of its consolidated report) — and records them as
  values of the window (source "computed", status draft, approved like any other value), unless
  a unit has typed dossier figures for the window itself: those are kept and nothing is computed
  beside them; a count the files cannot give (a missing column) is not written, and one an
  earlier declaration computed is withdrawn;
- a window crossing 1/7/2025 (the reorganisation) is refused: the units before and after are not
  the same units, so no one unit's figures can cover it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cds.dossiers.kpi import COUNTS
from cds.dossiers.publish import PROTECTED_SOURCES
from cds.dossiers.services import compute_kpis
from cds.dossiers.store import DossierStore
from cds.lib.errors import InputError
from cds.lib.periods import Period
from cds.lib.vn_dates import format_date
from cds.units.models import REORGANISATION_DATE, Unit
from cds.values.models import DataValue, Status
from cds.values.services import Actor, ValueInput, ValueRef, WriteResult, record_values, withdraw_values

from .models import DataWindow

if TYPE_CHECKING:
    from cds.dossiers.kpi import KpiRow


@dataclass
class WindowResult:
    window: Period
    written: WriteResult | None = None
    notes: list[str] = field(default_factory=list)


def validate_window(unit: Unit, period: Period, window: Period) -> Period:
    """``window`` as a range, or an error saying why it cannot be this report's window."""
    window = Period.between(window.start, window.end)
    label = f"{format_date(window.start)}–{format_date(window.end)}"
    if window.start < REORGANISATION_DATE <= window.end:
        raise InputError(
            f"Khoảng số liệu {label} vượt qua ngày 1/7/2025 (sắp xếp đơn vị hành chính): đơn vị trước và "
            "sau ngày này là các đơn vị khác nhau; hãy chọn khoảng kết thúc trước 1/7/2025 hoặc bắt đầu từ ngày đó",
            f"The data window {label} crosses 1/7/2025 (the reorganisation): the units before and after "
            "are different units; choose a window ending before 1/7/2025 or starting on it",
        )
    if window.end < period.start or window.start > period.end:
        raise InputError(
            f"Khoảng số liệu {label} không giao với kỳ báo cáo {period.label_vi}",
            f"The data window {label} does not overlap the reporting period {period.label_en}",
        )
    era_ok = (unit.era == "legacy") == (window.end < REORGANISATION_DATE)
    if not era_ok:
        raise InputError(
            f"{unit.name} không tồn tại trong khoảng {label} (đơn vị {'trước' if unit.era == 'legacy' else 'sau'} "
            "ngày 1/7/2025)",
            f"{unit.name} did not exist during {label} (a unit of {'before' if unit.era == 'legacy' else 'after'} "
            "1/7/2025)",
        )
    return window


def declared_window(unit: Unit, period: Period) -> Period | None:
    row = DataWindow.objects.filter(unit=unit, period=period.code).first()
    return Period.between(row.start, row.end) if row is not None else None


def report_window(unit: Unit, period: Period, explicit: Period | None = None) -> Period:
    """The window a report of ``unit`` for ``period`` reads: ``explicit``, else the declared one,
    else the period itself."""
    if explicit is not None:
        return validate_window(unit, period, explicit)
    return declared_window(unit, period) or period


def declare_window(
    unit: Unit,
    period: Period,
    window: Period,
    user=None,
    compute: bool = True,
    store=None,
) -> WindowResult:
    """Store ``window`` as the data window of ``unit``'s reports for ``period`` and record the
    dossier KPI counts of exactly that window (``compute``)."""
    window = validate_window(unit, period, window)
    if window.start == period.start and window.end == period.end:
        DataWindow.objects.filter(unit=unit, period=period.code).delete()
        return WindowResult(period, notes=["khoảng số liệu là chính kỳ báo cáo / the window is the period"])
    DataWindow.objects.update_or_create(
        unit=unit, period=period.code, defaults={"start": window.start, "end": window.end, "updated_by": user}
    )
    result = WindowResult(window)
    if compute:
        _record_dossier_counts(unit, window, result, store)
    return result


def clear_window(unit: Unit, period: Period) -> bool:
    return DataWindow.objects.filter(unit=unit, period=period.code).delete()[0] > 0


def _record_dossier_counts(unit: Unit, window: Period, result: WindowResult, store=None) -> None:
    """The window's dossier counts of ``unit`` and of each unit directly below it (the rows of a
    consolidated report over the window), recorded as computed values of the window."""

    store = store or DossierStore()
    if not store.files(years=list(range(window.start.year, window.end.year + 1))):
        result.notes.append("không có dữ liệu hồ sơ cho khoảng này / no dossier records for this window")
        return
    own = compute_kpis(unit, window, store=store)
    if not own or not _has_dossiers(own[0]):
        result.notes.append("không có hồ sơ trong khoảng này / no dossiers in this window")
        return
    targets: list[tuple[Unit, KpiRow]] = [(unit, own[0])]
    children = {c.pk: c for c in unit.children.filter(era=unit.era).exclude(level="village")}
    if children:
        for row in compute_kpis(unit, window, by="unit", store=store):
            child = children.get(int(row.key["unit_id"]))
            if child is not None:
                targets.append((child, row))
    protected = set(
        DataValue.objects.filter(
            unit__in=[u for u, _ in targets],
            period=window.code,
            indicator__code__startswith="dvc.",
            source_kind__in=PROTECTED_SOURCES,
        ).values_list("unit_id", flat=True)
    )
    if unit.pk in protected:
        result.notes.append(
            "đơn vị đã nhập số liệu hồ sơ cho khoảng này; giữ số liệu đã nhập, không tính từ hồ sơ / "
            "the unit typed dossier figures for this window; they are kept and nothing is computed"
        )
    ref = f"tính từ hồ sơ cho khoảng {window.code} / computed from dossiers for {window.code}"
    inputs: list[ValueInput] = []
    known: dict[int, set[str]] = {}
    for target, row in targets:
        if target.pk in protected:
            continue
        # a count some file could not give (no such column) is unknown: not written (never 0), and
        # the one an earlier declaration computed is withdrawn (as the dossier KPI refresh does)
        known[target.pk] = {c for c in COUNTS if _has_dossiers(row) and row.is_complete(c)}
        inputs += [
            ValueInput(target, c, window, row.counts[c], source_ref=ref) for c in sorted(known[target.pk])
        ]
    approved = set(
        DataValue.objects.filter(
            unit__in=[u for u, _ in targets], period=window.code, status=Status.APPROVED
        ).values_list("unit_id", "indicator__code")
    )
    inputs = [i for i in inputs if (i.unit.pk, i.indicator_code) not in approved]
    actor = Actor(label=f"khoảng số liệu {window.code}", source_kind="computed")
    if inputs:
        result.written = record_values(
            inputs, actor, reason=f"Chỉ số DVC tính từ hồ sơ cho khoảng số liệu {window.label_vi}"
        )
    stale = DataValue.objects.filter(
        unit_id__in=list(known), period=window.code, indicator__code__in=COUNTS, source_kind="computed"
    ).values_list("unit_id", "indicator__code", "status")
    gone = [(u, c, st) for u, c, st in stale if c not in known[u]]
    refs = [ValueRef(children.get(u, unit), c, window) for u, c, st in gone if st != Status.APPROVED]
    if len(gone) > len(refs):
        kept = len(gone) - len(refs)
        result.notes.append(
            f"giữ {kept} chỉ số đã duyệt không còn tính được (cần mở lại để rút) / "
            f"kept {kept} approved counts now unknown (reopen to withdraw)"
        )
    if refs:
        withdrawn = withdraw_values(
            refs,
            actor,
            reason=f"Không còn tính được từ hồ sơ cho khoảng số liệu {window.label_vi} (không có hồ sơ, thiếu cột)",
        )
        result.notes.append(
            f"rút {len(withdrawn.withdrawn)} chỉ số không còn tính được (chưa có số liệu) / "
            f"withdrew {len(withdrawn.withdrawn)} counts now unknown"
        )


def _has_dossiers(row) -> bool:
    return bool(row.counts.get("dvc.dossiers_total", 0) or row.counts.get("dvc.dossiers_resolved", 0))


def window_words(period: Period, window: Period) -> str:
    """ "từ ngày 15/12/2023 đến ngày 31/10/2024", or "năm 2024 (từ ngày 1/1/2024 đến ngày 31/12/2024)"."""
    dates = f"từ ngày {format_date(window.start)} đến ngày {format_date(window.end)}"
    return dates if window.code != period.code else f"{period.label_vi} ({dates})"


def other_windows(scope: Unit, period: Period, window: Period) -> list[tuple[Unit, Period]]:
    """Units of ``scope``'s subtree (itself included) that declared a data window for ``period``
    other than ``window`` — the window a consolidated or DTI report reads for every unit."""
    rows = (
        DataWindow.objects.filter(unit__path__startswith=scope.path, unit__era=scope.era, period=period.code)
        .select_related("unit")
        .order_by("unit__name")
    )
    out = []
    for row in rows:
        declared = Period.between(row.start, row.end)
        if declared.code != window.code:
            out.append((row.unit, declared))
    return out
