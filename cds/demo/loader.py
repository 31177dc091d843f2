"""Build the demo database: real units, the sample reports' real figures, synthetic neighbours.

Idempotent: running it again changes nothing (values go through ``record_values``, which leaves
equal values alone), so ``make demo`` can be run as often as people like.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from cds.catalog.targets import load_targets_file
from cds.lib.periods import parse_period
from cds.units.loader import load_units
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.io import import_values
from cds.values.models import DataValue, Status
from cds.values.services import Actor, ValueWriteError, change_status, record_values

from . import calendar, synthetic

DATA = Path(__file__).parent / "data"
SAMPLE_FIGURES = Path(__file__).resolve().parent.parent / "demo_data" / "sample_reports.csv"
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
        *Unit.objects.subtree(legacy).filter(level="commune"),
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
    return summary


def review_demo_history(latest: str | None = None) -> int:
    """Give the demo a realistic workflow state: the past approved, the latest quarter mixed.

    ``latest`` is the demo's current quarter (default: the quarter of ``calendar.demo_today()``).
    Periods that ended before it were submitted and approved long ago — including a quarter that
    was the latest when the demo was built on an earlier day; in the latest quarter each unit
    is, by a stable hash of its code, approved (4 in 10), submitted (3 in 10), returned (1 in 10)
    or still a draft (2 in 10), so the completeness board has something to show. Periods still
    running beyond the quarter (the current year) stay drafts. Idempotent: on the same day, a
    second run moves nothing.
    """
    latest = latest or calendar.current_quarter().code
    officer, supervisor = Actor("demo: cán bộ đơn vị", "demo"), Actor("demo: Sở KH&CN", "demo")
    cutoff = parse_period(latest).start
    unsent = list(DataValue.objects.filter(status__in=[Status.DRAFT, Status.RETURNED], period_end__lt=cutoff))
    if unsent:
        change_status(unsent, "submit", officer)
    sent = list(DataValue.objects.filter(status=Status.SUBMITTED, period_end__lt=cutoff))
    if sent:
        change_status(sent, "approve", supervisor)
    moved = len(sent)
    buckets: dict[str, list[DataValue]] = {"approve": [], "submit": [], "return": []}
    for value in DataValue.objects.filter(status=Status.DRAFT, period=latest).select_related("unit"):
        bucket = int(hashlib.sha256(value.unit.code.encode()).hexdigest(), 16) % 10
        action = "approve" if bucket < 4 else "submit" if bucket < 7 else "return" if bucket == 7 else None
        if action:
            buckets[action].append(value)
    for action, values in buckets.items():
        if not values:
            continue
        change_status(values, "submit", officer)
        if action == "approve":
            change_status(values, "approve", supervisor)
        elif action == "return":
            change_status(
                values, "return", supervisor, reason="Đề nghị kiểm tra lại số hồ sơ trực tuyến (demo)"
            )
        moved += len(values)
    return moved


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
