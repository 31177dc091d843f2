"""Issue 14, item 1: "Khó khăn, hạn chế" lists the offline hot spots with their counts — only when
the report's own dossier counts are the dossier store's (never beside typed counts they contradict)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import cast

import pytest

from cds.dossiers import services
from cds.dossiers.services import Hotspot, hotspot_text
from cds.lib.periods import parse_period
from cds.reports import known
from cds.units.models import Unit

NO_UNIT = cast(Unit, None)  # the dossier store is faked below: no unit is read


def _spots() -> list[Hotspot]:
    return [
        Hotspot("P1", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", 21, 7, 14),
        Hotspot("P2", "Đăng ký khai tử", "Hộ tịch", 2, 0, 2),
    ]


def test_a_procedure_with_no_online_dossier_says_none_not_only_zero():
    assert hotspot_text(_spots()[1]) == "tổng 2 hồ sơ, không có hồ sơ nào tiếp nhận trực tuyến"
    assert hotspot_text(_spots()[0]) == "tổng 21 hồ sơ, chỉ có 7 hồ sơ tiếp nhận trực tuyến"


@pytest.fixture
def store_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dossier store of the window: 117 dossiers, 50 online, and the two hot spots."""
    row = SimpleNamespace(counts={"dvc.dossiers_total": 117, "dvc.dossiers_online": 50})
    monkeypatch.setattr(services, "hotspots_with_total", lambda unit, window, limit: (row, _spots()))
    monkeypatch.setattr("cds.dossiers.store.DossierStore.files", lambda self: ["data.parquet"])


def _figures(total: int, online: int) -> dict[str, object]:
    return {"dvc.dossiers_total": SimpleNamespace(value=Decimal(total)), "dvc.dossiers_online": SimpleNamespace(value=Decimal(online))}  # fmt: skip  # noqa: E501


def test_hot_spots_are_listed_with_their_counts_when_the_report_counts_the_same_dossiers(store_says):
    lines = known.hotspot_lines(NO_UNIT, parse_period("2024"), _figures(117, 50))
    assert lines == [
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản: tổng 21 hồ sơ, chỉ có 7 hồ sơ tiếp nhận trực tuyến",
        "Đăng ký khai tử: tổng 2 hồ sơ, không có hồ sơ nào tiếp nhận trực tuyến",
    ]


def test_no_hot_spot_beside_typed_counts_the_store_does_not_give(store_says):
    # Sơn Nham typed 1.463 hồ sơ, all online: the store's in-person dossiers would contradict it
    assert known.hotspot_lines(NO_UNIT, parse_period("2024"), _figures(1463, 1463)) == []
    assert known.hotspot_lines(NO_UNIT, parse_period("2024"), {}) == []
