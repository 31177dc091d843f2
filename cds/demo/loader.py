"""Build the demo database: real units, the sample reports' real figures, synthetic neighbours.

Idempotent: running it again changes nothing (values go through ``record_values``, which leaves
equal values alone), so ``make demo`` can be run as often as people like.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import importlib.util
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import QuerySet

from cds.catalog.models import Indicator
from cds.catalog.targets import load_targets_file
from cds.lib.errors import InputError
from cds.lib.periods import Period, parse_period
from cds.units.loader import load_units
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.io import import_values
from cds.values.models import DataValue, Status
from cds.values.services import Actor, ValueWriteError, change_status, record_values
from cds.values.workflow import BlockingError, review_reports, submit_reports

from . import calendar, synthetic

DATA = Path(__file__).parent / "data"
SAMPLE_FIGURES = Path(__file__).resolve().parent.parent / "demo_data" / "sample_reports.csv"
log = logging.getLogger(__name__)
TARGETS = Path(__file__).resolve().parent.parent / "catalog" / "data" / "targets-quang-ngai.yaml"
DEMO_PROVINCE = "Quảng Ngãi"
# Apps that add their own demo data: each may have a ``demo.py`` with ``load_demo() -> list[str]``
# (idempotent; returns summary lines), run in this order after units, catalog and values.
DEMO_APPS = ("accounts", "registries", "dossiers", "dti", "reports")

# Demo logins. Shown by `make demo`; the roles that limit what each sees come with the
# accounts issue — until then every login is a plain user and only the admin can use /admin.
DEMO_USERS = [
    ("admin", "cds-Admin-2025", True, "Quản trị hệ thống / administrator"),
    ("sokhcn.quangngai", "cds-Tinh-2025", False, "Sở KH&CN Quảng Ngãi (giám sát / supervisor)"),
    ("xa.tinhchau", "cds-TinhChau-2023", False, "Xã Tịnh Châu (cán bộ xã / commune officer)"),
    ("xa.sonnham", "cds-SonNham-2024", False, "Xã Sơn Nham (cán bộ xã / commune officer)"),
]


@dataclass
class DemoSummary:
    units: dict[str, int] = field(default_factory=dict)
    sample_rows: int = 0
    sample_created: int = 0
    synthetic_created: int = 0
    values_total: int = 0
    users: list[tuple[str, str, str]] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # one line per step added by another app
    reviewed: int = 0


def demo_communes() -> list[Unit]:
    legacy = resolve_unit(f"tỉnh {DEMO_PROVINCE}", era="legacy")
    current = resolve_unit(f"tỉnh {DEMO_PROVINCE}", era="current")
    return [
        # the communes of the demo's years (units.history: one that ceased in 2022–2025 has its
        # figures up to its end; one an arrangement formed, from its start — synthetic.generate)
        *Unit.objects.subtree(legacy).filter(
            level="commune", valid_to__gt=dt.date(calendar.FIRST_YEAR, 1, 1)
        ),
        *Unit.objects.subtree(current).filter(level="commune"),
    ]


def load_demo(progress: bool = False, seed: str = "cds-demo") -> DemoSummary:
    summary = DemoSummary()
    summary.units = load_units(progress=progress).counts
    load_targets_file(TARGETS)
    report = import_values(SAMPLE_FIGURES, Actor("demo: báo cáo mẫu", "demo"))
    if not report.ok:
        raise ValueWriteError(report.errors)
    summary.sample_rows, summary.sample_created = report.rows, report.created
    # Units with real figures keep only those: synthetic numbers beside them would contradict the reports.
    real_units = set(DataValue.objects.filter(source_kind="import").values_list("unit_id", flat=True))
    today = calendar.demo_today()
    communes = [u for u in demo_communes() if u.pk not in real_units]
    inputs = list(synthetic.generate(communes, seed=seed, today=today))
    with transaction.atomic():
        result = record_values(
            inputs, Actor("demo: dữ liệu mô phỏng", "demo"), reason="dữ liệu mô phỏng (demo)"
        )
    summary.synthetic_created = result.created
    summary.users = ensure_demo_users()
    for app in DEMO_APPS:
        module = f"cds.{app}.demo"
        if importlib.util.find_spec(module) is not None:
            summary.extra += importlib.import_module(module).load_demo()
    summary.reviewed = review_demo_history(calendar.current_quarter(today).code)
    summary.values_total = DataValue.objects.count()
    if connection.vendor == "postgresql":
        # Statistics for the planner after a bulk load (autovacuum would get to it later, and never
        # inside a transaction): without them a history query joined by nested sequential scans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return summary


def review_demo_history(latest: str | None = None) -> int:
    """Give the demo a realistic workflow state: the past approved, the latest quarter mixed.

    ``latest`` is the demo's current quarter (default: the quarter of ``calendar.demo_today()``).
    Periods that ended before it were submitted and approved long ago — including a quarter that
    was the latest when the demo was built on an earlier day; in the latest quarter each unit
    is, by a stable hash of its code, approved (4 in 10), submitted (3 in 10), returned (1 in 10)
    or still a draft (2 in 10), so the completeness board has something to show. Periods still
    running beyond the quarter (the current year) stay drafts. Idempotent: on the same day, a
    second run moves nothing. Reports move through the domain operations' bulk forms
    (``submit_reports``: errors block, warnings need an explanation; ``review_reports``: the
    versions seen), with the same history as the pages; a synthetic report the rules refuse
    stays a draft, a sample report refused for its own errors is recorded as issued
    (``record_issued_with_errors``).
    """
    latest = latest or calendar.current_quarter().code
    officer, supervisor = Actor("demo: cán bộ đơn vị", "demo"), Actor("demo: Sở KH&CN", "demo")
    cutoff = parse_period(latest).start
    past = DataValue.objects.filter(period_end__lt=cutoff)
    submit(_reports(past.filter(status__in=[Status.DRAFT, Status.RETURNED])), officer, SIMULATED)
    sent = _reports(past.filter(status=Status.SUBMITTED))
    moved = len(review(sent, "approve", supervisor))
    buckets: dict[str, list[tuple[Unit, Period]]] = {"approve": [], "submit": [], "return": []}
    for unit, period in _reports(DataValue.objects.filter(status=Status.DRAFT, period=latest)):
        bucket = int(hashlib.sha256(unit.code.encode()).hexdigest(), 16) % 10
        action = "approve" if bucket < 4 else "submit" if bucket < 7 else "return" if bucket == 7 else None
        if action:
            buckets[action].append((unit, period))
    for action, reports in buckets.items():
        submitted = _reports_of(submit(reports, officer, RUNNING))
        if action == "approve":
            moved += len(review(submitted, "approve", supervisor))
        elif action == "return":
            reason = "Đề nghị kiểm tra lại số hồ sơ trực tuyến (demo)"
            moved += len(review(submitted, "return", supervisor, reason))
        else:
            moved += sum(1 for _ in submitted)
    return moved


# The demo officers' explanation of a warning (a jump between periods): the truth about the data.
SIMULATED = "Số liệu mô phỏng (demo): chênh lệch giữa các kỳ là ngẫu nhiên."
RUNNING = "Quý chưa kết thúc: số liệu mô phỏng (demo) tính đến hôm nay."
# The sample reports' explanation of a warning: their figures are the signed report's, as written.
AS_ISSUED = "Số liệu theo báo cáo gốc đã ký ban hành (báo cáo mẫu, demo)."


def submit(reports: list[tuple[Unit, Period]], officer: Actor, explanation: str) -> list[DataValue]:
    """Submit reports by the submission rules (errors block; a warning is explained by the value's
    note, else by the demo's ``explanation`` — for a sample report, ``AS_ISSUED``).

    A synthetic report the rules refuse stays a draft (logged). A sample report the rules refuse
    for its own blocking errors goes through ``record_issued_with_errors``, the demo's one
    documented exception.
    """
    sample = set(DataValue.objects.filter(source_kind="import").values_list("unit_id", "period"))
    issued = [(u, p) for u, p in reports if (u.pk, p.code) in sample]
    simulated = [(u, p) for u, p in reports if (u.pk, p.code) not in sample]
    moved: list[DataValue] = []
    for group, text in ((simulated, explanation), (issued, AS_ISSUED)):
        if not group:
            continue
        outcome = submit_reports(group, officer, explanation=text)
        moved += outcome.moved
        for (unit, period), problems in outcome.refused.items():
            if (unit.pk, period.code) in sample:
                moved += record_issued_with_errors(unit, period, problems, officer)
            else:
                objections = "; ".join(p.vi for p in problems)
                log.warning("demo: %s %s not submitted: %s", unit.code, period.code, objections)
    return moved


def record_issued_with_errors(
    unit: Unit, period: Period, problems: list[InputError], officer: Actor
) -> list[DataValue]:
    """The demo's one bypass of the submission rules: a sample report signed and issued with errors.

    The three sample reports are real reports with their own arithmetic mistakes (Sơn Nham's
    «164%» for 14/23, parts that do not add up to the total written). They were sent as they are,
    so the demo records them as submitted rather than pretending they never were — but only for
    blocking errors the report itself made (every warning was explained by ``AS_ISSUED`` or the
    value's note; an unexplained warning here is a bug and raises), and with the errors, word for
    word, as the reason in every value's history, and logged. ``cds check`` and the report check
    still flag each figure. Nothing outside the demo loader calls this.
    """
    if any(not isinstance(p, BlockingError) for p in problems):
        raise ValueWriteError(problems)
    pending = list(
        DataValue.objects.filter(unit=unit, period=period.code, status__in=[Status.DRAFT, Status.RETURNED])
    )
    objections = "; ".join(p.vi for p in problems)
    reason = (
        f"Báo cáo mẫu đã ký ban hành với các lỗi này, ghi nhận là đã gửi như bản gốc (demo, "
        f"ngoại lệ duy nhất của quy tắc gửi báo cáo): {objections}"
    )
    if pending:
        change_status(pending, "submit", officer, reason)
    log.warning(
        "demo: báo cáo mẫu của %s, %s ghi nhận là đã gửi như bản đã ban hành dù có lỗi / "
        "the sample report is recorded as submitted as issued, despite: %s",
        unit.name,
        period.label_vi,
        objections,
    )
    return pending


def review(
    reports: list[tuple[Unit, Period]], action: str, supervisor: Actor, reason: str = ""
) -> list[DataValue]:
    """Approve or return reports as the supervisor sees them now (the versions just read)."""
    codes = dict(Indicator.objects.values_list("pk", "code"))
    units_by_period: dict[str, list[int]] = {}
    for unit, period in reports:
        units_by_period.setdefault(period.code, []).append(unit.pk)
    stored: dict[tuple[int, str], dict[str, int]] = {}
    for period_code, unit_ids in units_by_period.items():
        for start in range(0, len(unit_ids), 2000):
            rows = DataValue.objects.filter(period=period_code, unit_id__in=unit_ids[start : start + 2000])
            for unit_id, indicator_id, version in rows.values_list("unit_id", "indicator_id", "version"):
                stored.setdefault((unit_id, period_code), {})[codes[indicator_id]] = version
    seen = [(unit, period, stored.get((unit.pk, period.code), {})) for unit, period in reports]
    return review_reports(seen, action, supervisor, reason) if seen else []


def _reports(values: QuerySet[DataValue]) -> list[tuple[Unit, Period]]:
    """The (unit, period) reports the values belong to."""
    pairs = sorted(set(values.values_list("unit_id", "period")))
    units = Unit.objects.in_bulk({unit_id for unit_id, _code in pairs})
    periods = {code: parse_period(code) for code in {code for _unit_id, code in pairs}}
    return [(units[unit_id], periods[code]) for unit_id, code in pairs]


def _reports_of(values: list[DataValue]) -> list[tuple[Unit, Period]]:
    """The (unit, period) reports of values just moved (read without their units)."""
    pairs = sorted({(v.unit_id, v.period) for v in values})
    units = Unit.objects.in_bulk({unit_id for unit_id, _code in pairs})
    return [(units[unit_id], parse_period(code)) for unit_id, code in pairs]


def ensure_demo_users() -> list[tuple[str, str, str]]:
    User = get_user_model()
    out = []
    for username, password, is_admin, role in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(password)
            user.is_staff = user.is_superuser = is_admin
            user.save()
        out.append((username, password, role))
    return out
