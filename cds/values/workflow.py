"""Submitting a unit's report and reviewing it: the rules live here, web, API and CLI call them.

- ``submit_report``: errors found by validation block a submission; every warning needs an
  explanation (sent with the submission, or already in the value's note); the explanations
  become the reason kept in the history.
- ``review_report``: approve, return and reopen act on exactly what the reviewer saw. The caller
  sends the version of each value it showed (indicator code → version); a value changed since,
  or awaiting review without having been shown, is refused with the difference (old → new,
  who, when), so an approval never passes a number nobody looked at.

- ``recall_report``: the submitter takes a submitted report back to change it — explicitly,
  with history; a change to a submitted report is never a silent withdrawal (the entry page
  refuses it unless the officer asks to recall).
- Completeness: ``report_completeness`` lists the typed indicators of the unit's data set
  (catalog ``levels``) that have no value. A submission of an incomplete report needs
  ``confirm_incomplete=True`` (the entry form's explicit tick, after it listed what is missing);
  ``False`` refuses it with the list; ``None`` (callers that take no position: API clients of
  before, the CLI, the bulk forms) lets it through but writes the gap into the history reason,
  so an incomplete submission is never silent. A late submission says so in the history too.
- ``last_return``: the reason and author of the latest return, shown at the top of the form
  and on the home page.

Both lock the unit's values for the period until their status change commits. ``submit_reports``
and ``review_reports`` are their bulk forms (the demo loader moves thousands of reports): the same
rules per report and the same history, read in bulk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cds.catalog.core import core
from cds.catalog.models import Indicator
from cds.catalog.services import Catalog, Definition, get_catalog
from cds.catalog.spec_types import LEVELS as DATA_SET_LEVELS
from cds.lib.errors import InputError, Location
from cds.lib.periods import Period
from cds.lib.vn_dates import format_date
from cds.notifications.models import Kind
from cds.notifications.services import notify, officers_of
from cds.units.models import Unit

from .conditions import hidden_by, questions
from .deadlines import deadline_for
from .models import DataValue, Status, ValueChange
from .services import ACTION_VI, TRANSITIONS, Actor, ConflictError, ValueWriteError, change_status
from .validation import check_values, own_numbers, registry_counts

REVIEW_ACTIONS = ("approve", "return", "reopen")
NEEDS_VERSIONS = {"approve", "return"}
_ACTION_EN = {
    "submit": "submit",
    "approve": "approve",
    "return": "return",
    "reopen": "reopen",
    "recall": "recall",
}


class BlockingError(InputError):
    """A validation error in the report: it must be corrected before the report is submitted."""


class UnexplainedWarning(InputError):
    """A validation warning without an explanation: submission waits for one."""


class IncompleteReport(InputError):
    """Fields of the unit's data set have no value, and the submitter did not confirm sending it so."""


class SubmittedReport(InputError):
    """A change to a submitted report that did not ask to recall it first."""


@dataclass(frozen=True)
class Completeness:
    """The typed indicators of a unit's data set for a period, and those still without a value."""

    required: tuple[Definition, ...]
    missing: tuple[Definition, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def filled(self) -> int:
        return len(self.required) - len(self.missing)

    def names(self, lang: str = "vi", limit: int = 8) -> str:
        """«A», «B» và 12 chỉ tiêu khác — the missing fields as people read them."""
        shown = [f"«{d.name_en if lang == 'en' else d.name_vi}»" for d in self.missing[:limit]]
        more = len(self.missing) - len(shown)
        if not more:
            return ", ".join(shown)
        tail = f"{more} more" if lang == "en" else f"{more} chỉ tiêu khác"
        return ", ".join(shown) + (" and " if lang == "en" else " và ") + tail

    def gap_vi(self) -> str:
        return f"còn thiếu {len(self.missing)}/{len(self.required)} chỉ tiêu"

    def gap_en(self) -> str:
        return f"{len(self.missing)} of {len(self.required)} indicators missing"


def report_completeness(unit: Unit, period: Period) -> Completeness:
    """Which typed indicators of the unit's data set (its level and the period's catalog) have no value.

    A rate and a count of units are computed, never typed, so never missing; a unit of a level
    without a data set (a village) has nothing required; an indicator hidden by an answer («Không»
    to «Có Trang thông tin điện tử» hides the website's details: ``conditions``) is not required.
    The missing fields list the data set's core first (what the level's official forms ask,
    ``cds.catalog.core``), then the folded rest, each in catalog order: the «report incomplete»
    message names at most eight, and those should be the ones the entry form shows open.
    """
    catalog = get_catalog(period.start)
    stored = dict(
        DataValue.objects.filter(unit=unit, period=period.code).values_list("indicator__code", "number")
    )
    hidden = hidden_by({code: stored.get(code) for code in questions()})
    required = (
        tuple(d for d in catalog.dataset(unit.level) if d.is_typed and d.code not in hidden)
        if unit.level in DATA_SET_LEVELS
        else ()
    )
    first = core(catalog, unit.level) if required else {}
    missing = [d for d in required if d.code not in stored]
    return Completeness(required, tuple(sorted(missing, key=lambda d: d.code not in first)))


def incomplete_error(completeness: Completeness) -> IncompleteReport:
    return IncompleteReport(
        f"Báo cáo {completeness.gap_vi()}: {completeness.names('vi')}. Hãy nhập các chỉ tiêu này, "
        "hoặc đánh dấu «Xác nhận gửi khi còn thiếu» nếu đơn vị chưa có số liệu.",
        f"The report has {completeness.gap_en()}: {completeness.names('en')}. Enter them, or tick "
        "'Confirm sending it incomplete' if the unit has no data for them.",
    )


def days_late(unit: Unit, period: Period, on: dt.date | None = None) -> tuple[int, dt.date]:
    """How many days after the unit's deadline ``on`` (default today) is (0: in time), and the deadline."""
    due = deadline_for(unit, period)
    on = on or timezone.localdate()
    return max(0, (on - due).days), due


def last_return(unit: Unit, period: Period) -> ValueChange | None:
    """The latest return of the unit's report for the period, if it is still returned (its reason, who, when)."""
    if not DataValue.objects.filter(unit=unit, period=period.code, status=Status.RETURNED).exists():
        return None
    return (
        ValueChange.objects.filter(value__unit=unit, value__period=period.code, action="return")
        .select_related("changed_by")
        .order_by("-changed_at", "-id")
        .first()
    )


def recall_report(unit: Unit, period: Period, actor: Actor, reason: str = "") -> list[DataValue]:
    """Take a submitted report back to draft so its submitter can change it (history: «rút lại»).

    Raises ``InputError`` when nothing of the report is submitted (approved needs a reviewer's reopen).
    """
    with transaction.atomic():
        values = [v for v in report_values(unit, period, lock=True) if v.status == Status.SUBMITTED]
        if not values:
            raise nothing_to_do("recall", unit, period)
        change_status(values, "recall", actor, reason.strip() or "Rút lại báo cáo để sửa")
    return values


def refuse_changes_to_submitted(unit: Unit, period: Period, values: Iterable[DataValue]) -> None:
    """Raise ``SubmittedReport`` if any of ``values`` (the stored values a change would touch, as the
    caller read them) is submitted: the submitter recalls the report first."""
    if any(v.status == Status.SUBMITTED for v in values):
        raise SubmittedReport(
            f"Báo cáo {period.label_vi} của {unit.name} đã gửi và đang chờ duyệt. Muốn sửa, hãy rút lại "
            "báo cáo (nút «Rút lại để sửa»): báo cáo trở về nháp và cần gửi lại.",
            f"The {period.label_en} report of {unit.name} was submitted and awaits review. To change it, "
            "recall it first ('Recall to edit'): it goes back to draft and must be submitted again.",
            Location(column="status", value=Status.SUBMITTED),
        )


def report_values(
    unit: Unit, period: Period, indicators: Collection[str] | None = None, lock: bool = False
) -> list[DataValue]:
    """The unit's stored values for the period (only ``indicators`` if given), by indicator code."""
    qs = DataValue.objects.filter(unit=unit, period=period.code)
    if indicators is not None:
        qs = qs.filter(indicator__code__in=list(indicators))
    if lock:
        qs = qs.select_for_update(of=("self",))
    return list(qs.select_related("unit", "indicator", "updated_by").order_by("indicator__code"))


def seen_versions(values: list[DataValue]) -> dict[str, int]:
    """What a reviewer is shown, as ``review_report`` expects it back: indicator code → version."""
    return {v.indicator.code: v.version for v in values}


def submission_problems(
    unit: Unit, period: Period, explanations: Mapping[str, str] | None = None
) -> tuple[list[InputError], list[str]]:
    """Errors and unexplained warnings of the unit's report, and the explanations that count.

    A warning about a computed rate belongs to the rate's numerator (the field people type);
    it is explained by a text sent now for either code, or by the stored note of that field.
    """
    notes = dict(
        DataValue.objects.filter(unit=unit, period=period.code)
        .exclude(note="")
        .values_list("indicator__code", "note")
    )
    catalog = get_catalog(period.start)
    numbers = {**own_numbers(unit, period), **registry_counts(unit, period, catalog)}
    previous = own_numbers(unit, period.previous())
    return report_problems(numbers, previous, notes, catalog, explanations)


def report_problems(
    numbers: Mapping[str, Decimal],
    previous: Mapping[str, Decimal],
    notes: Mapping[str, str],
    catalog: Catalog,
    explanations: Mapping[str, str] | None = None,
    otherwise: str = "",
) -> tuple[list[InputError], list[str]]:
    """``submission_problems`` on numbers already read (code → number, this period and the one
    before); ``otherwise`` explains a warning that nothing else explains (bulk submissions)."""
    explanations = {
        code: text.strip() for code, text in (explanations or {}).items() if text and text.strip()
    }
    problems: list[InputError] = []
    explained: list[str] = []
    for violation in check_values(dict(numbers), catalog, dict(previous)):
        field = _field_of(violation.indicator, catalog)
        name_vi, name_en = _names(field, catalog)
        where = Location(column=field)
        if violation.severity == "error":
            problems.append(
                BlockingError(
                    f"«{name_vi}»: {violation.message_vi}", f"'{name_en}': {violation.message_en}", where
                )
            )
            continue
        text = (
            explanations.get(field)
            or explanations.get(violation.indicator)
            or notes.get(field, "").strip()
            or otherwise.strip()
        )
        if not text:
            problems.append(
                UnexplainedWarning(
                    f"«{name_vi}» cần ghi giải trình: {violation.message_vi}",
                    f"'{name_en}' needs an explanation: {violation.message_en}",
                    where,
                )
            )
        elif f"{name_vi}: {text}" not in explained:
            explained.append(f"{name_vi}: {text}")
    return problems, explained


def _field_of(code: str, catalog: Catalog) -> str:
    definition = catalog.get(code)
    if definition is not None and definition.kind == "rate" and definition.numerator:
        return definition.numerator
    return code


def _names(code: str, catalog: Catalog) -> tuple[str, str]:
    definition = catalog.get(code)
    return (definition.name_vi, definition.name_en) if definition else (code, code)


def submit_report(
    unit: Unit,
    period: Period,
    actor: Actor,
    explanations: Mapping[str, str] | None = None,
    indicators: Collection[str] | None = None,
    reason: str = "",
    confirm_incomplete: bool | None = None,
) -> list[DataValue]:
    """Send the unit's draft and returned values for the period to its supervisor.

    Raises ``ValueWriteError`` listing every blocking error and unexplained warning, and an
    ``IncompleteReport`` when fields of the data set are missing and ``confirm_incomplete`` is
    False (nothing changes), or ``InputError`` when there is nothing to submit. An incomplete or
    late submission that goes through says so in the history reason. Returns the submitted values.
    """
    with transaction.atomic():
        values = report_values(unit, period, indicators, lock=True)
        pending = [v for v in values if v.status in TRANSITIONS["submit"][0]]
        if not pending:
            raise nothing_to_do("submit", unit, period)
        problems, explained = submission_problems(unit, period, explanations)
        completeness = report_completeness(unit, period) if indicators is None else None
        if completeness is not None and not completeness.complete and confirm_incomplete is False:
            problems.append(incomplete_error(completeness))
        if problems:
            raise ValueWriteError(problems)
        notes = []
        if completeness is not None and not completeness.complete:
            confirmed = " (đã xác nhận)" if confirm_incomplete else ""
            notes.append(f"Gửi khi {completeness.gap_vi()}{confirmed}")
        late, due = days_late(unit, period)
        if late:
            notes.append(f"Gửi muộn {late} ngày (hạn nộp {format_date(due)})")
        change_status(
            pending,
            "submit",
            actor,
            _submit_reason(" — ".join(filter(None, [reason.strip(), *notes])), explained),
        )
    return pending


def _submit_reason(reason: str, explained: list[str]) -> str:
    explained_text = "Giải trình: " + "; ".join(explained) if explained else ""
    return " — ".join(filter(None, [reason.strip(), explained_text]))


def review_report(
    unit: Unit,
    period: Period,
    action: str,
    actor: Actor,
    reason: str = "",
    seen: Mapping[str, int] | None = None,
    indicators: Collection[str] | None = None,
) -> list[DataValue]:
    """Approve, return or reopen the unit's values for the period, as the reviewer saw them.

    ``seen`` (indicator code → version read) is required to approve or return. Raises
    ``ValueWriteError`` of ``ConflictError`` (one per value changed since it was seen, naming
    old → new, who and when), or ``InputError``; nothing changes then.
    """
    if action not in REVIEW_ACTIONS:
        raise InputError(
            f"Không có thao tác duyệt «{action}».", f"No review action '{action}'.", Location(value=action)
        )
    if seen is None and action in NEEDS_VERSIONS:
        raise InputError(
            f"Cần gửi kèm phiên bản của các giá trị bạn đã xem trước khi {ACTION_VI[action]}.",
            f"Send the versions of the values you reviewed to {action} them.",
            Location(column="versions"),
        )
    allowed_from = TRANSITIONS[action][0]
    with transaction.atomic():
        values = report_values(unit, period, indicators, lock=True)
        if seen is not None:
            stale = _unseen(values, seen, allowed_from)
            if stale:
                raise ValueWriteError([changed_since(v, seen.get(v.indicator.code), action) for v in stale])
        targets = [v for v in values if v.status in allowed_from]
        if not targets:
            raise nothing_to_do(action, unit, period)
        change_status(targets, action, actor, reason)
    if action in {"approve", "return"}:
        tell_officers(unit, period, action, actor, reason)
    return targets


def entry_link(unit: Unit, period: Period) -> str:
    return f"{reverse('web:entry', args=[unit.pk])}?period={period.code}"


def tell_officers(unit: Unit, period: Period, action: str, actor: Actor, reason: str = "") -> None:
    """Notify the unit's officers that their report was returned (with the reason) or approved."""
    who = actor.label
    if action == "return":
        kind = Kind.RETURNED
        vi = f"Báo cáo {period.label_vi} của {unit.name} bị trả lại ({who}). Lý do: {reason.strip()}"
        en = f"The {period.label_en} report of {unit.name} was returned ({who}). Reason: {reason.strip()}"
    else:
        kind = Kind.APPROVED
        vi = f"Báo cáo {period.label_vi} của {unit.name} đã được duyệt ({who})."
        en = f"The {period.label_en} report of {unit.name} was approved ({who})."
    notify(officers_of(unit), kind, vi, en, unit=unit, period=period.code, link=entry_link(unit, period))


def _unseen(values: list[DataValue], seen: Mapping[str, int], allowed_from: set[str]) -> list[DataValue]:
    """Values changed since the reviewer saw them, or awaiting review without having been shown."""
    return [
        v
        for v in values
        if (v.indicator.code in seen and seen[v.indicator.code] != v.version)
        or (v.indicator.code not in seen and v.status in allowed_from)
    ]


@dataclass
class BulkOutcome:
    """What a bulk submission did: the values moved, and each refused report's problems."""

    moved: list[DataValue] = field(default_factory=list)
    refused: dict[tuple[Unit, Period], list[InputError]] = field(default_factory=dict)


def submit_reports(
    reports: Iterable[tuple[Unit, Period]], actor: Actor, reason: str = "", explanation: str = ""
) -> BulkOutcome:
    """The bulk form of ``submit_report``, for thousands of reports at once (the demo loader).

    Each report by the same rules — errors block, every warning needs an explanation (the stored
    note of its field, else ``explanation``, the submitter's one text for the whole batch; kept in
    the history as for a single report) — and all or nothing; a refused report is left as it was
    and returned with its problems. The values of the reports that pass move in one
    ``change_status`` per distinct reason, with the same history rows. Reads in bulk, in one
    transaction holding the values' locks.
    """
    reports = list(dict.fromkeys(reports))
    outcome = BulkOutcome()
    with transaction.atomic():
        stored = _values_of(reports, lock=True)
        previous = _numbers_of([(unit, period.previous()) for unit, period in reports])
        by_reason: dict[str, list[DataValue]] = {}
        for unit, period in reports:
            values = stored.get((unit.pk, period.code), [])
            pending = [v for v in values if v.status in TRANSITIONS["submit"][0]]
            if not pending:
                continue
            problems, explained = report_problems(
                _numbers(values),
                previous.get((unit.pk, period.previous().code), {}),
                {v.indicator.code: v.note for v in values if v.note},
                get_catalog(period.start),
                otherwise=explanation,
            )
            if problems:
                outcome.refused[(unit, period)] = problems
                continue
            by_reason.setdefault(_submit_reason(reason, explained), []).extend(pending)
        for text, pending in by_reason.items():
            change_status(pending, "submit", actor, text)
            outcome.moved.extend(pending)
    return outcome


def review_reports(
    reviews: Iterable[tuple[Unit, Period, Mapping[str, int]]], action: str, actor: Actor, reason: str = ""
) -> list[DataValue]:
    """The bulk form of ``review_report``: each (unit, period, versions seen) as the reviewer saw it.

    Any value changed since it was seen, or awaiting review unseen, refuses the whole batch
    (``ValueWriteError`` naming each difference; nothing changes). A report with nothing to
    review is passed over. The values move in one ``change_status`` with the same history rows.
    """
    if action not in NEEDS_VERSIONS:
        raise InputError(
            f"Không có thao tác duyệt hàng loạt «{action}».",
            f"No bulk review action '{action}'.",
            Location(value=action),
        )
    reviews = list(reviews)
    allowed_from = TRANSITIONS[action][0]
    with transaction.atomic():
        stored = _values_of([(unit, period) for unit, period, _seen in reviews], lock=True)
        stale: list[InputError] = []
        targets: list[DataValue] = []
        for unit, period, seen in reviews:
            values = stored.get((unit.pk, period.code), [])
            stale += [
                changed_since(v, seen.get(v.indicator.code), action)
                for v in _unseen(values, seen, allowed_from)
            ]
            targets += [v for v in values if v.status in allowed_from]
        if stale:
            raise ValueWriteError(stale)
        if targets:
            change_status(targets, action, actor, reason)
    return targets


def _numbers(values: list[DataValue]) -> dict[str, Decimal]:
    return {v.indicator.code: v.number for v in values if v.number is not None}


def _by_period(reports: list[tuple[Unit, Period]]) -> Iterable[tuple[str, list[int]]]:
    """The reports' unit ids, a period at a time, in chunks (bounded IN lists)."""
    units_by_period: dict[str, list[int]] = {}
    for unit, period in reports:
        units_by_period.setdefault(period.code, []).append(unit.pk)
    for code, unit_ids in units_by_period.items():
        for start in range(0, len(unit_ids), 2000):
            yield code, unit_ids[start : start + 2000]


def _values_of(reports: list[tuple[Unit, Period]], lock: bool) -> dict[tuple[int, str], list[DataValue]]:
    """The stored values of many reports, read a period at a time, each with its indicator.

    The indicators come from one read of the catalog table, not a join per value: building a
    model object per joined row made the bulk forms several times slower than the status change.
    """
    indicators = Indicator.objects.in_bulk()
    cache = DataValue.indicator.field.set_cached_value  # what select_related does for each row
    out: dict[tuple[int, str], list[DataValue]] = {}
    for code, unit_ids in _by_period(reports):
        qs = DataValue.objects.filter(period=code, unit_id__in=unit_ids)
        if lock:
            qs = qs.select_for_update(of=("self",))
        for value in qs:
            cache(value, indicators[value.indicator_id])
            out.setdefault((value.unit_id, code), []).append(value)
    for values in out.values():
        values.sort(key=lambda v: v.indicator.code)
    return out


def _numbers_of(reports: list[tuple[Unit, Period]]) -> dict[tuple[int, str], dict[str, Decimal]]:
    """The stored numbers of many reports (code → number), as ``_numbers`` gives for one."""
    codes = dict(Indicator.objects.values_list("pk", "code"))
    out: dict[tuple[int, str], dict[str, Decimal]] = {}
    for code, unit_ids in _by_period(reports):
        rows = DataValue.objects.filter(period=code, unit_id__in=unit_ids, number__isnull=False)
        for unit_id, indicator_id, number in rows.values_list("unit_id", "indicator_id", "number"):
            if number is not None:  # the filter's promise, for the type checker
                out.setdefault((unit_id, code), {})[codes[indicator_id]] = number
    return out


def changed_since(value: DataValue, seen_version: int | None, action: str) -> ConflictError:
    """The difference between what the reviewer saw and what is stored, as a conflict.

    Every change to a value adds one history row and one version, so the ``n``-th change
    (creation first) is what version ``n`` showed.
    """
    changes = list(ValueChange.objects.filter(value=value).select_related("changed_by").order_by("id"))
    catalog = get_catalog(value.period_start)
    name_vi, name_en = _names(value.indicator.code, catalog)
    if seen_version is not None and 1 <= seen_version <= len(changes):
        before_vi = before_en = f"«{changes[seen_version - 1].new_raw}»"
    elif seen_version is None:
        before_vi, before_en = "(chưa hiển thị)", "(not shown)"
    else:
        before_vi = before_en = f"(phiên bản {seen_version})"
    last = changes[-1] if changes else None
    who = (last.changed_by.get_username() if last.changed_by else last.actor) if last else ""
    when = timezone.localtime(last.changed_at) if last else timezone.localtime(value.updated_at)
    at_vi = f"{when:%H:%M} ngày {when.day}/{when.month}/{when.year}"
    at_en = f"{when:%H:%M} on {when.day}/{when.month}/{when.year}"
    status = value.get_status_display()
    return ConflictError(
        f"«{name_vi}» đã thay đổi sau khi bạn xem: {before_vi} → «{value.raw}» ({status}), "
        f"{who or 'hệ thống'} lúc {at_vi}; hãy tải lại trang và xem lại trước khi {ACTION_VI[action]}.",
        f"'{name_en}' changed after you reviewed it: {before_en} → '{value.raw}' ({value.status}), "
        f"by {who or 'the system'} at {at_en}; reload and review it before you {_ACTION_EN[action]}.",
        Location(column=value.indicator.code, value=value.raw),
    )


_FROM_VI = {"draft": "nháp", "returned": "bị trả lại", "submitted": "đã gửi", "approved": "đã duyệt"}


def nothing_to_do(action: str, unit: Unit, period: Period) -> InputError:
    states = sorted(TRANSITIONS[action][0])
    return InputError(
        f"{unit.name}, {period.label_vi}: không có giá trị nào ở trạng thái "
        f"{' hoặc '.join(_FROM_VI[s] for s in states)} để {ACTION_VI[action]}.",
        f"{unit.name}, {period.label_en}: no values in status {' or '.join(states)} to {_ACTION_EN[action]}.",
        Location(column="period", value=period.code),
    )
