"""A tiny framework and unit tree for DTI tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cds.lib.periods import parse_period
from cds.units.models import UnitLineage
from cds.units.testing import make_unit, small_tree
from cds.values.services import Actor, ValueInput, record_values

FRAMEWORK = """
code: test-xa
version: "{version}"
title: "Khung thử nghiệm"
level: commune
years: [2024, 2025]
self_assessment: required
deadline: "14/12"
total: 100
pillars:
  - code: chinh_quyen_so
    name_vi: "Chính quyền số"
    max_points: 100
    items:
      - code: A
        name_vi: "Tỷ lệ hồ sơ trực tuyến"
        max_points: 60
        rule: {{type: proportional, indicator: dvc.online_dossier_rate, full_at: {full_at}}}
      - code: M
        name_vi: "Kế hoạch chuyển đổi số"
        max_points: 40
        rule: {{type: manual}}
"""


def write_framework(folder: Path, version: str = "2024.1", full_at: int = 50) -> Path:
    path = folder / f"test-xa-{version}.yaml"
    path.write_text(FRAMEWORK.format(version=version, full_at=full_at), encoding="utf-8")
    return path


def on_time(year: int) -> dt.datetime:
    return dt.datetime(year, 12, 10, tzinfo=dt.UTC)


def late(year: int) -> dt.datetime:
    return dt.datetime(year, 12, 20, tzinfo=dt.UTC)


def merger_tree() -> dict:
    """small_tree (An + Bình → An Bình) plus Xã Cũ, which stays itself as Xã Cũ Mới."""
    tree = small_tree()
    tree["c"] = make_unit("Xã Cũ", "commune", "T99903", tree["district"])
    tree["c2"] = make_unit("Xã Cũ Mới", "commune", "T99951", tree["new_province"], era="current")
    UnitLineage.objects.create(old=tree["c"], new=tree["c2"], kind="same", share=1)
    return tree


def record_online(unit, period: str, online: int, total: int) -> None:
    p = parse_period(period)
    record_values(
        [
            ValueInput(unit=unit, indicator_code="dvc.dossiers_online", period=p, raw=online),
            ValueInput(unit=unit, indicator_code="dvc.dossiers_total", period=p, raw=total),
        ],
        Actor("tester", "demo"),
    )
