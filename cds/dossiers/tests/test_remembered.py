"""The /dvc/unit/ page's counts are kept per process while nothing they come from changes
(``services.remembered_many``): asked again, no Parquet is read; any import, a unit reload, another
unit, period, breakdown or store asks the counts again."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import override_settings

from cds.dossiers import services
from cds.dossiers.importer import import_file
from cds.lib.periods import Period, parse_period
from cds.units.models import bump_reference_version

from .helpers import dossier, write_export

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh() -> None:
    services.forget_remembered()


def _page_periods(code: str = "2023Q1") -> list[Period]:
    period = parse_period(code)
    return [period, period.previous(), period.same_period_last_year()]


def _import(store, tmp_path, name: str, rows: list[dict]) -> None:
    import_file(write_export(tmp_path / name, rows), store=store)


def _ask(unit, store, periods=None, by="procedure"):
    return services.remembered_many(unit, periods or _page_periods(), by=by, store=store)


def _total(answer: dict, code: str = "2023Q1") -> int:
    return sum(r.counts["dvc.dossiers_total"] for r in answer[code])


def test_the_same_question_asked_again_is_answered_without_computing_while_nothing_changed(
    tree, store, tmp_path
):
    _import(store, tmp_path, "a.csv", [dossier("D1", "T99901"), dossier("D2", "T99902", channel="Trực tiếp")])
    first = _ask(tree["province"], store)
    with mock.patch.object(services, "compute_many", side_effect=AssertionError("computed again")):
        again = _ask(tree["province"], store)
    assert again is first
    assert first == services.compute_many(tree["province"], _page_periods(), by="procedure", store=store)
    assert _total(first) == 2


def test_any_import_into_the_store_makes_the_next_question_count_again(tree, store, tmp_path):
    _import(store, tmp_path, "a.csv", [dossier("D1", "T99901")])
    assert _total(_ask(tree["province"], store)) == 1
    _import(store, tmp_path, "b.csv", [dossier("D2", "T99901"), dossier("D3", "T99902")])  # new dossiers
    assert _total(_ask(tree["province"], store)) == 3
    # a re-import that changes one dossier (same codes, another channel): the counts change too
    _import(store, tmp_path, "c.csv", [dossier("D2", "T99901", channel="Trực tiếp"), dossier("D3", "T99902")])
    answer = _ask(tree["province"], store)
    online = sum(r.counts["dvc.dossiers_online"] for r in answer["2023Q1"])
    assert _total(answer) == 3 and online == 2
    assert answer == services.compute_many(tree["province"], _page_periods(), by="procedure", store=store)


def test_an_import_of_another_year_changes_only_the_questions_that_read_it(tree, store, tmp_path):
    _import(store, tmp_path, "a.csv", [dossier("D1", "T99901")])
    first = _ask(tree["province"], store)
    later = [dossier("L1", "T99901", received_at="10/03/2024 08:00")]
    _import(store, tmp_path, "b.csv", later)  # 2024's partition: a 2023 question does not read it
    assert _ask(tree["province"], store) is first
    assert _total(_ask(tree["province"], store, _page_periods("2024Q1")), "2024Q1") == 1


def test_a_units_reload_makes_the_next_question_count_again(tree, store, tmp_path):
    _import(store, tmp_path, "a.csv", [dossier("D1", "T99901")])
    first = _ask(tree["province"], store)
    bump_reference_version("units")
    again = _ask(tree["province"], store)
    assert again is not first and again == first


def test_answers_are_kept_apart_by_unit_period_breakdown_and_store(tree, store, tmp_path):
    from cds.dossiers.store import DossierStore

    _import(
        store, tmp_path, "a.csv", [dossier("D1", "T99901"), dossier("D2", "T99902"), dossier("D3", "T99902")]
    )
    province, a, b = (_ask(tree[k], store) for k in ("province", "a", "b"))
    assert (_total(province), _total(a), _total(b)) == (3, 1, 2)
    assert _ask(tree["province"], store, _page_periods("2023Q2")) != province
    assert len(_ask(tree["province"], store, by=None)["2023Q1"]) == 1
    other = DossierStore(tmp_path / "other-store")
    assert _ask(tree["province"], other)["2023Q1"] == []


def test_the_page_shows_an_import_made_after_it_was_first_opened(admin_client, tree, store, tmp_path):
    url = f"/dvc/unit/{tree['province'].pk}/?period=2023Q1"
    rows = [dossier(f"D{i}", "T99901", channel="Trực tiếp") for i in range(3)] + [dossier("O1", "T99901")]
    _import(store, tmp_path, "a.csv", rows)
    with override_settings(CDS_DOSSIER_STORE=str(store.root)):
        assert "25%" in admin_client.get(url).content.decode()
        assert "25%" in admin_client.get(url).content.decode()  # kept
        _import(store, tmp_path, "b.csv", [dossier(f"N{i}", "T99901") for i in range(4)])
        text = admin_client.get(url).content.decode()
    assert "62,5%" in text and "25%" not in text


def test_with_a_shared_cache_a_process_that_never_asked_takes_the_answer_another_computed(
    tree, store, tmp_path, settings
):
    from django.core.cache import caches

    settings.CDS_DOSSIER_SHARED_CACHE = True
    caches["default"].clear()
    _import(store, tmp_path, "a.csv", [dossier("D1", "T99901"), dossier("D2", "T99902")])
    first = _ask(tree["province"], store)
    services.forget_remembered()  # another process: nothing of its own yet
    with mock.patch.object(services, "compute_many", side_effect=AssertionError("computed again")):
        again = _ask(tree["province"], store)
    assert again == first and again is not first  # through the cache's pickle
    _import(store, tmp_path, "b.csv", [dossier("D3", "T99901")])
    services.forget_remembered()
    assert _total(_ask(tree["province"], store)) == 3  # the import made a new key: counted again


def test_a_shared_cache_that_fails_leaves_the_page_counting(tree, store, tmp_path, settings):
    from django.core.cache import caches

    settings.CDS_DOSSIER_SHARED_CACHE = True
    _import(store, tmp_path, "a.csv", [dossier("D1", "T99901")])
    cache = caches["default"]
    with (
        mock.patch.object(cache, "get", side_effect=ConnectionError("redis down")),
        mock.patch.object(cache, "set", side_effect=ConnectionError("redis down")),
    ):
        assert _total(_ask(tree["province"], store)) == 1


def test_the_kept_answers_are_bounded_by_their_rows_not_only_their_number(tree, store, tmp_path, monkeypatch):
    """Found in review: 500 province pages by procedure could keep gigabytes a process. Past the
    row budget the least recently asked questions leave; an answer larger than the whole budget is
    not kept."""
    from cachetools import LRUCache

    _import(store, tmp_path, "a.csv", [dossier("D1", "T99901"), dossier("D2", "T99902")])
    rows = sum(len(r) for r in _ask(tree["province"], store).values())
    sized = services._remembered.getsizeof
    monkeypatch.setattr(services, "_remembered", LRUCache(maxsize=rows, getsizeof=sized))  # room for one
    _ask(tree["province"], store)
    _ask(tree["province"], store, periods=_page_periods("2023Q2"))  # pushes the first one out
    assert services._remembered.currsize <= rows and len(services._remembered) == 1
    with mock.patch.object(services, "compute_many", wraps=services.compute_many) as computed:
        _ask(tree["province"], store)
    assert computed.call_count == 1  # asked again: it had left
    monkeypatch.setattr(services, "_remembered", LRUCache(maxsize=rows - 1, getsizeof=sized))  # no room
    _ask(tree["province"], store)
    assert len(services._remembered) == 0 and services._remembered.currsize == 0
