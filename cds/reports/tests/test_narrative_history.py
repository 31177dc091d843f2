"""The report texts a unit writes (thuận lợi, khó khăn …) are saved through one operation that
keeps a change record, like every other write (found by the attack rerun: they had none)."""

from __future__ import annotations

import pytest
from django.test import Client

from cds.accounts.models import Role
from cds.accounts.testing import client_of
from cds.history.models import ChangeRecord
from cds.reports.models import NarrativeSection
from cds.units.models import Unit
from cds.units.testing import small_tree

pytestmark = pytest.mark.django_db
PERIOD = "2024Q3"


def _officer_of(unit: Unit) -> Client:
    return client_of("can.bo.an", Role.OFFICER, unit)


def test_each_change_of_a_report_text_is_recorded_with_who_old_and_new() -> None:
    unit = small_tree()["a"]
    client = _officer_of(unit)
    url = f"/reports/{unit.pk}/{PERIOD}/"
    assert client.post(url, {"text_kho_khan": "Thiếu máy tính."}).status_code == 302
    assert client.post(url, {"text_kho_khan": "Thiếu máy tính."}).status_code == 302  # unchanged
    assert client.post(url, {"text_kho_khan": "Thiếu máy tính và mạng."}).status_code == 302
    section = NarrativeSection.objects.get(unit=unit, period=PERIOD, kind="kho_khan")
    records = list(ChangeRecord.objects.filter(object_id=str(section.pk)).order_by("pk"))
    assert [r.action for r in records] == ["create", "update"]
    assert [r.actor for r in records] == ["can.bo.an", "can.bo.an"]
    assert records[0].unit_id == unit.pk and records[0].request_id
    assert (
        records[1].before["text"] == "Thiếu máy tính."
        and records[1].after["text"] == "Thiếu máy tính và mạng."
    )
