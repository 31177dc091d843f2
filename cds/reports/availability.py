"""Which reports a unit can have for a period, which periods it can have them for, and what is
missing when a period holds no figure (the web page says so instead of building an empty report)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from cds.dti.models import Result
from cds.dti.scoring import era_for_year, scope_units
from cds.lib.errors import InputError
from cds.lib.periods import Period, PeriodSet, parse_period
from cds.units.models import Unit
from cds.values.models import DataValue, Status
from cds.values.services import allowed_years

from .dti_report import ranking_scope
from .models import DataWindow
from .windows import report_window

# the report types of each level: a commune has no units below it to consolidate
KINDS_BY_LEVEL = {
    "commune": ("periodic", "training", "dti"),
    "district": ("periodic", "training", "consolidated", "dti"),
    "province": ("periodic", "consolidated", "dti"),
}


def report_kinds(unit: Unit, period: Period | PeriodSet) -> list[str]:
    """The report types that apply to the unit's level (and the DTI report to years only)."""
    kinds = KINDS_BY_LEVEL.get(unit.level, ())
    if isinstance(period, PeriodSet):  # several windows: the kinds multi.py builds so (not DTI: one year)
        from .multi import MULTI_KINDS

        return [k for k in kinds if k in MULTI_KINDS]
    return [k for k in kinds if k != "dti" or period.kind == "year"]


def report_periods(unit: Unit, today: dt.date | None = None) -> list[Period]:
    """Every ended year, half-year and quarter of the data years in which the unit existed,
    newest first (the period selector: past periods without typing a URL)."""
    today = today or dt.date.today()
    out: list[Period] = []
    for year in sorted(allowed_years(), reverse=True):
        candidates = [Period.of("year", year)]
        candidates += [Period.of("half", year, i) for i in (2, 1)]
        candidates += [Period.of("quarter", year, i) for i in (4, 3, 2, 1)]
        for p in candidates:
            ended = p.end < today
            existed = (unit.valid_from is None or unit.valid_from <= p.end) and (
                unit.valid_to is None or unit.valid_to > p.start
            )
            if ended and existed:
                out.append(p)
    # newest end first, the longer period first on the same end (năm, 6 tháng cuối năm, quý IV):
    # in year order «6 tháng đầu năm 2026» came before «quý III/2026», and the page opened on it
    out.sort(key=lambda p: (p.end, p.end - p.start), reverse=True)
    return out


# the figures a training report is about (Phụ lục II, the Tổ công nghệ số cộng đồng)
TRAINING_CODES = r"^(training|teams)\."


class EmptyPeriod(InputError):
    """A report would have no figure at all: every build refuses it (``kinds.build_report``)."""


def value_counts(unit: Unit, period: Period, kind: str, window: Period | None = None) -> dict[str, int]:
    """Values by status that a report of ``kind`` could read: the unit's own and its units' (a
    district's or province's report rolls theirs up), recorded inside the unit's data window
    (``window``: one given for this build, else the declared one, else the period), on the period
    itself, or on a window a unit below declared for the period (windows.py)."""
    span = report_window(unit, period, window)
    subtree = DataValue.objects.filter(unit__path__startswith=unit.path, unit__era=unit.era)
    declared = DataWindow.objects.filter(
        unit__path__startswith=unit.path, unit__era=unit.era, period=period.code
    )
    codes = {period.code} | {Period.between(w.start, w.end).code for w in declared}
    values = subtree.filter(Q(period_start__gte=span.start, period_end__lte=span.end) | Q(period__in=codes))
    if kind == "training":  # its subject: Phụ lục II and the teams (its DVC lines alone are no such report)
        values = values.filter(indicator__code__regex=TRAINING_CODES)
    return {row["status"]: row["n"] for row in values.values("status").annotate(n=Count("id"))}


def missing(
    unit: Unit,
    period: Period | PeriodSet,
    kind: str,
    include_unapproved: bool = False,
    window: Period | None = None,
) -> EmptyPeriod | None:
    """Why a report of ``kind`` would have no figure at all, or None. A DTI report reads the
    year's DTI results of the communes it ranks, not values (``missing_dti``). A report over several
    windows (``PeriodSet``) needs figures in each: a window without any is named."""
    if kind == "dti":
        return missing_dti(unit, period)
    if isinstance(period, PeriodSet):
        return next(
            (
                empty
                for w in period.windows
                if (empty := missing(unit, w, kind, include_unapproved)) is not None
            ),
            None,
        )
    counts = value_counts(unit, period, kind, window)
    approved = counts.get(Status.APPROVED, 0)
    others = sum(n for s, n in counts.items() if s != Status.APPROVED)
    if approved or (include_unapproved and others):
        return None
    below = kind == "consolidated" or unit.level != "commune"  # a roll-up reads its units' values
    whose = f"{unit.name} và các đơn vị trực thuộc" if below else unit.name
    whose_en = f"{unit.name} and its units" if below else unit.name
    if kind == "training":
        return _no_training(unit, period, whose, whose_en, others)
    if others:
        return EmptyPeriod(
            f"Chưa có số liệu nào đã duyệt của {whose} cho {period.label_vi}: {others} số liệu còn ở "
            "dạng nháp, đã nộp hoặc bị trả lại. Hãy duyệt số liệu, hoặc tải bản dự thảo.",
            f"No approved values of {whose_en} for {period.label_en}: {others} values are draft, "
            "submitted or returned. Approve them, or download the draft.",
        )
    return EmptyPeriod(
        f"Chưa có số liệu nào của {whose} cho {period.label_vi}: hãy nhập hoặc tải lên số liệu "
        "của kỳ này trước khi tạo báo cáo.",
        f"No values of {whose_en} for {period.label_en}: enter or upload the period's values "
        "before building the report.",
    )


def _no_training(unit: Unit, period: Period, whose: str, whose_en: str, others: int) -> EmptyPeriod:
    """One message for a training report without an approved figure, whatever the period: what
    there is (values waiting for approval, or none), and where the year's training values are
    when they are on other periods — a quarter and its year never contradict each other."""
    head_vi = (
        "Chưa có số liệu bồi dưỡng, tập huấn (Phụ lục II, Tổ công nghệ số cộng đồng) đã duyệt "
        f"của {whose} cho {period.label_vi}"
    )
    head_en = f"No approved training values (Appendix II, community digital teams) of {whose_en} for {period.label_en}"
    if others:
        return EmptyPeriod(
            f"{head_vi}: {others} số liệu còn ở dạng nháp, đã nộp hoặc bị trả lại. Hãy duyệt số liệu, "
            "hoặc tải bản dự thảo.",
            f"{head_en}: {others} values are draft, submitted or returned. Approve them, or download "
            "the draft.",
        )
    year = Period.of("year", period.start.year)
    elsewhere = sorted(
        {
            parse_period(code)
            for code in DataValue.objects.filter(
                unit__path__startswith=unit.path,
                unit__era=unit.era,
                indicator__code__regex=TRAINING_CODES,
                period_start__gte=year.start,
                period_end__lte=year.end,
            ).values_list("period", flat=True)
        },
        key=lambda p: (p.start, p.end),
    )
    where_vi = where_en = ""
    if elsewhere:
        where_vi = " Số liệu tập huấn của năm đã nhập ở kỳ: " + ", ".join(p.label_vi for p in elsewhere) + "."
        where_en = (
            " This year's training values were entered for: " + ", ".join(p.label_en for p in elsewhere) + "."
        )
    return EmptyPeriod(
        f"{head_vi}: chưa nhập số liệu nào của kỳ này.{where_vi} Hãy nhập số liệu của kỳ này, hoặc "
        "chọn kỳ đã có số liệu.",
        f"{head_en}: none entered for this period.{where_en} Enter the period's values, or choose a "
        "period that has them.",
    )


def missing_dti(unit: Unit, period: Period | PeriodSet) -> EmptyPeriod | None:
    """Why the DTI report of ``unit`` for ``period`` would rank no unit, or None: no DTI result
    (published or scored here) of any commune it ranks — its own communes, or a commune's
    district's. A period that is not a year, or a unit of the other unit list, is refused by the
    build with its own message."""
    if period.kind != "year" or unit.era != era_for_year(period.year):
        return None
    scope = ranking_scope(unit, "commune")
    communes = scope_units(scope, "commune", unit.era, period.year)
    if Result.objects.filter(unit__in=communes, year=period.year).exists():
        return None
    return EmptyPeriod(
        f"Chưa có kết quả DTI năm {period.year} của các xã thuộc {scope.name}: hãy nhập kết quả đã "
        "công bố hoặc chấm điểm DTI của năm này trước khi tạo báo cáo.",
        f"No DTI results for {period.year} for the communes of {scope.name}: import the published "
        "results or score the year before building the report.",
    )
