"""Small catalog files built explicitly in each test, so every case shows exactly what it checks."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml


def count(code: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name_vi": f"Số {code}",
        "name_en": f"Count {code}",
        "pillar": "thu_nghiem",
        "kind": "count",
        "scope": "territory",
        "aggregate_units": "sum",
        "aggregate_periods": "sum",
        "source": "test",
        **extra,
    }


def rate(code: str, numerator: str, denominator: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name_vi": f"Tỷ lệ {code}",
        "name_en": f"Rate {code}",
        "pillar": "thu_nghiem",
        "kind": "rate",
        "numerator": numerator,
        "denominator": denominator,
        "scope": "territory",
        "aggregate_units": "recompute",
        "aggregate_periods": "recompute",
        "source": "test",
        **extra,
    }


def small_catalog(version: str = "9000.1", effective_from: str = "2030-01-01") -> dict[str, Any]:
    """Three counts, a total of two of them, and a rate: enough to break in every way."""
    return {
        "version": version,
        "title": "Danh mục thử nghiệm",
        "effective_from": effective_from,
        "pillars": [{"code": "thu_nghiem", "name_vi": "Thử nghiệm", "name_en": "Testing"}],
        "indicators": [
            count("t.online"),
            count("t.offline"),
            count("t.total", parts=["t.online", "t.offline"]),
            rate("t.online_rate", "t.online", "t.total"),
        ],
    }


def write_catalog(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    path = folder / (name or f"catalog-{data['version']}.yaml")
    text = yaml.safe_dump(copy.deepcopy(data), allow_unicode=True, sort_keys=False)
    # The format requires quoted version codes; safe_dump quotes "9000.1" already.
    path.write_text(text, encoding="utf-8")
    return path


def indicator(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(i for i in data["indicators"] if i["code"] == code)
