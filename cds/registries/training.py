"""The Phụ lục II table (activity × group, with totals) and the training indicators.

Missing is not zero: a course with no attendance entered at all is *unknown* (``None``, shown
"chưa có số liệu"), never "0 lượt người tham gia"; a group left out of a course whose other groups
were entered counts 0. A total over an unknown row is unknown, and the participation indicators
that would need it are left out (the catalog's figure is then "chưa có số liệu" too).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from cds.lib.periods import Period
from cds.units.models import Unit

from .models import Course, CourseKind, ParticipantGroup, Participation

GROUPS = [g.value for g in ParticipantGroup]
# Phụ lục II rows that have catalog indicators: kind → indicator prefix.
ROW_INDICATORS = {
    CourseKind.GUIDANCE: "training.guidance",
    CourseKind.LOCAL: "training.local_course",
    CourseKind.PROVINCIAL: "training.provincial_programme",
}
GROUP_SUFFIX = {"officials": "officials", "team_members": "team_members", "residents": "residents"}


@dataclass
class AppendixRow:
    number: int
    name: str
    kind: str
    counts: dict[str, int | None]  # None: the course's attendance was never entered
    note: str = ""

    @property
    def total(self) -> int | None:
        return _sum(self.counts.values())


@dataclass
class AppendixTable:
    """SỐ LƯỢNG NGƯỜI THAM GIA CÁC HOẠT ĐỘNG TẬP HUẤN, HƯỚNG DẪN VỀ CHUYỂN ĐỔI SỐ."""

    unit: Unit
    period: Period
    rows: list[AppendixRow] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int | None]:
        return {g: _sum(r.counts[g] for r in self.rows) for g in GROUPS}

    def as_rows(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = [
            {"stt": r.number, "hoat_dong": r.name, **r.counts, "ghi_chu": r.note} for r in self.rows
        ]
        out.append({"stt": "", "hoat_dong": "Tổng Cộng", **self.totals, "ghi_chu": ""})
        return out


def courses_in(unit: Unit, period: Period) -> QuerySet[Course]:
    """The unit's own courses that started in the period."""
    return (
        Course.objects.filter(unit=unit, starts_on__gte=period.start, starts_on__lte=period.end)
        .prefetch_related("participations")
        .order_by("starts_on", "pk")
    )


def appendix(unit: Unit, period: Period) -> AppendixTable:
    """Phụ lục II: one row per guidance, local and provincial-programme course, in date order."""
    table = AppendixTable(unit, period)
    for course in courses_in(unit, period).filter(kind__in=list(ROW_INDICATORS)):
        entered = list(course.participations.all())
        counts: dict[str, int | None] = {g: (0 if entered else None) for g in GROUPS}
        for p in entered:
            counts[p.group] = (counts[p.group] or 0) + p.participants
        table.rows.append(AppendixRow(len(table.rows) + 1, course.name, course.kind, counts, course.note))
    return table


def training_counts(unit: Unit, period: Period) -> dict[str, int]:
    """Training indicators from the courses; a kind with no course in the period is left out."""
    courses = list(courses_in(unit, period))
    if not courses:
        return {}
    counts: dict[str, int] = {}
    table = appendix(unit, period)
    for kind, prefix in ROW_INDICATORS.items():
        rows = [r for r in table.rows if r.kind == kind]
        if not rows:
            continue
        for group, suffix in GROUP_SUFFIX.items():
            _put(counts, f"{prefix}_{suffix}", _sum(r.counts[group] for r in rows))
        _put(counts, f"{prefix}_total", _sum(r.total for r in rows))
    if table.rows:
        for group, suffix in GROUP_SUFFIX.items():
            _put(counts, f"training.participants_{suffix}", table.totals[group])
        _put(counts, "training.participants_total", _sum(table.totals.values()))
    local = [c for c in courses if c.kind == CourseKind.LOCAL]
    if local:
        counts["training.local_classes"] = sum(c.sessions for c in local)
    external = [c for c in courses if c.kind == CourseKind.EXTERNAL]
    if external:
        counts["training.external_classes_attended"] = sum(c.sessions for c in external)
        counts["training.external_classes_online"] = sum(c.sessions for c in external if c.mode == "online")
        counts["training.external_classes_in_person"] = sum(
            c.sessions for c in external if c.mode != "online"
        )
        _put(counts, "training.external_class_participations", _participants(external))
    online = [c for c in courses if c.kind == CourseKind.ONLINE]
    if online:
        counts["training.online_courses"] = len(online)
        _put(counts, "training.online_course_participations", _participants(online))
        counts["training.online_courses_certified"] = sum(
            1 for c in online if any(p.certified for p in c.participations.all())
        )
    completed = list(
        Participation.objects.filter(
            course__unit=unit,
            course__starts_on__lte=period.end,
            group=ParticipantGroup.OFFICIALS,
            completed__gt=0,
        ).values_list("completed", flat=True)
    )
    if completed:
        # Cumulative people, not attendances: group counts cannot tell repeat participants apart,
        # so the largest cohort that completed one course by the period's end is what is known.
        counts["training.officials_completed"] = max(completed)
    return counts


def _participants(courses: list[Course]) -> int | None:
    """People over the courses; None when some course has no attendance entered."""
    if any(not c.participations.all() for c in courses):
        return None
    return sum(p.participants for c in courses for p in c.participations.all())


def _sum(values: Iterable[int | None]) -> int | None:
    """A sum that is unknown as soon as one part is."""
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


def _put(counts: dict[str, int], code: str, value: int | None) -> None:
    if value is not None:  # unknown: left out, never written as 0
        counts[code] = value
