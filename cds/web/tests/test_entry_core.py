"""The entry form shows the core of the unit's data set first (what its level's official forms ask,
``cds.catalog.core``) and folds the rest under «Chỉ tiêu khác — điền nếu đơn vị có số liệu», open
as soon as any of those fields holds a value or a message. No field is dropped or added."""

import re

import pytest
from django.urls import reverse

from cds.catalog.core import core
from cds.catalog.services import get_catalog
from cds.values.services import Actor, ValueInput, record_values

from .conftest import PERIOD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_catalogs")]
FOLD = '<details class="other-indicators" id="other-indicators"'


def url(unit):
    return f"{reverse('web:entry', args=[unit.pk])}?period={PERIOD.code}"


def a_count_outside_the_core(level: str = "commune") -> str:
    catalog = get_catalog(PERIOD.start)
    chosen = core(catalog, level)
    return next(
        d.code for d in catalog.dataset(level) if d.kind == "count" and d.is_typed and d.code not in chosen
    )


def fields(html: str) -> list[str]:
    return re.findall(r'<div class="field[^"]*" id="f-([^"]+)"', html)


def test_a_commune_sees_its_core_first_and_every_other_field_of_its_set_folded_shut(as_officer, tree):
    page = as_officer.get(url(tree["a"])).content.decode()
    head, fold = page.split(FOLD, 1)
    assert fold.startswith(">")  # shut: nothing in it holds a value
    assert "Chỉ tiêu khác — điền nếu đơn vị có số liệu" in fold
    catalog = get_catalog(PERIOD.start)
    chosen = core(catalog, "commune")
    shown_first, folded = fields(head), fields(fold)
    assert shown_first and set(shown_first) <= set(chosen)
    assert "dvc.dossiers_total" in shown_first  # Biểu 06's first row
    assert folded and not set(folded) & set(chosen)
    every = {d.code for d in catalog.dataset("commune")}
    assert sorted(shown_first + folded) == sorted(every)  # each field of the set, once


def test_the_folded_section_opens_when_one_of_its_fields_holds_a_value(as_officer, tree):
    code = a_count_outside_the_core()
    record_values([ValueInput(tree["a"], code, PERIOD, "4")], Actor("t"))
    page = as_officer.get(url(tree["a"])).content.decode()
    fold = page.split(FOLD, 1)[1]
    assert fold.startswith(" open>") and f'id="f-{code}"' in fold
    group = fold.split(f'id="f-{code}"', 1)[0].rsplit("<details", 1)[1]
    assert group.startswith(' class="pillar" open>')  # and its pillar is open too


def test_the_folded_section_opens_on_an_error_in_one_of_its_fields(as_officer, tree):
    code = a_count_outside_the_core()
    response = as_officer.post(url(tree["a"]), {"action": "save", f"v:{code}": "-3", f"o:{code}": ""})
    assert response.status_code == 422
    fold = response.content.decode().split(FOLD, 1)[1]
    assert fold.startswith(" open>")
    field = fold.split(f'id="f-{code}"', 1)[1].split('<div class="field', 1)[0]
    assert 'class="error"' in field and 'value="-3"' in field


def test_the_folded_section_is_in_english_when_english_is_chosen(as_officer, tree):
    as_officer.cookies["django_language"] = "en"
    page = as_officer.get(url(tree["a"])).content.decode()
    assert "Other indicators — fill in if your unit has the figures" in page.split(FOLD, 1)[1]


def test_on_an_empty_form_the_first_core_pillar_with_a_field_to_type_is_open(as_officer, tree):
    page = as_officer.get(url(tree["a"])).content.decode()
    head = page.split(FOLD, 1)[0]
    first_open = head.split('<details class="pillar" open>', 1)[1].split("</details>", 1)[0]
    assert "<input" in first_open and 'name="v:' in first_open
    assert head.count('<details class="pillar" open>') == 1  # the others wait folded
