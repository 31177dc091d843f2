"""CSV exports read like the pages: Vietnamese headers (English when chosen), figures as the page
rounds them (never «66.66666666666666666666666667»), states and sources in words, periods as
«quý III/2024»."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cds.units.models import Unit

from .conftest import PERIOD

pytestmark = pytest.mark.django_db
RATE = "dvc.online_dossier_rate"


def _csv(client: Client, name: str, **query: Any) -> list[list[str]]:
    response = client.get(reverse(name), {"format": "csv", **query})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _exports(tree: dict[str, Unit]) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("web:rollup", {"unit": tree["district"].pk, "period": PERIOD.code, "indicator": RATE}),
        ("web:compare", {"in": tree["district"].pk, "period": PERIOD.code, "indicator": RATE}),
    ]


def test_export_headers_are_vietnamese_and_figures_are_rounded_as_shown(as_supervisor, two_of_three):
    for name, query in _exports(two_of_three):
        rows = _csv(as_supervisor, name, **query)
        header, body = rows[0], rows[1:]
        assert not any(re.fullmatch(r"[a-z_]+", h) for h in header), (name, header)
        assert "Đơn vị" in header, (name, header)
        cells = [c for row in body for c in row]
        assert not any(re.fullmatch(r"-?\d+[.,]\d{3,}", c) for c in cells), (name, cells)
        assert "66.67" in cells or "66,67" in cells, (name, cells)
        assert not {"own", "children", "recomputed", "True", "False"} & set(cells), (name, cells)


def test_the_dashboard_export_names_periods_and_states_in_words(as_supervisor, two_of_three):
    url = reverse("web:dashboard", args=[two_of_three["a"].pk])
    response = as_supervisor.get(url, {"period": PERIOD.code, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "Kỳ" in rows[0] and "Chỉ tiêu" in rows[0]
    cells = [c for row in rows[1:] for c in row]
    assert "quý III/2024" in cells and PERIOD.code not in cells
    assert not any(re.fullmatch(r"-?\d+[.,]\d{3,}", c) for c in cells)


def test_export_headers_are_english_when_english_was_chosen(as_supervisor, two_of_three):
    as_supervisor.cookies["django_language"] = "en"
    for name, query in _exports(two_of_three):
        header = _csv(as_supervisor, name, **query)[0]
        assert "Unit" in header and not any(re.search("[ạảãàáâậầấẩẫăắằặẳẵđ]", h) for h in header), (
            name,
            header,
        )
