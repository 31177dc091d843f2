"""An import's write transaction is short: rows are staged before it, written set-based inside it.

And every history row of a value or a deadline names the request or command run that wrote it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from cds.history.context import operation
from cds.lib.periods import parse_period
from cds.units.testing import small_tree
from cds.values.deadlines import set_deadline
from cds.values.io import import_values
from cds.values.models import DataValue, DeadlineChange, Status, ValueChange
from cds.values.services import Actor, ValueInput, change_status, record_values

from .test_io import write_csv

Q3 = parse_period("2023Q3")
CODES = ("dvc.dossiers_total", "dvc.dossiers_online", "docs.issued_total", "steering.members")


def _statements_of(run: Callable[[], object]) -> list[tuple[str, int, bool]]:
    """(sql, rows it was sent for, inside a transaction?) of every statement ``run()`` sends."""
    seen: list[tuple[str, int, bool]] = []

    def spy(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        rows = len(params) if many else 1
        seen.append((sql, rows, connection.in_atomic_block))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        run()
    return seen


@pytest.mark.django_db(transaction=True)
def test_an_import_sends_nothing_row_by_row_inside_its_write_transaction(builtin_catalogs, tmp_path) -> None:
    """On SQLite the transaction holds the only write lock: 100.000 rows sent inside it held every
    user's save up for about a minute. The rows go to the staging table before it opens."""
    tree = small_tree()
    record_values([ValueInput(tree["a"], code, Q3, "1") for code in CODES], Actor("setup"))
    change_status(list(DataValue.objects.filter(indicator__code=CODES[0])), "submit", Actor("setup"))
    rows = [[unit, "2023Q3", code, "7", "sổ"] for unit in ("T99901", "T99902") for code in CODES]
    path = write_csv(tmp_path / "q3.csv", rows)
    statements = _statements_of(lambda: import_values(path, Actor("import")))
    inside = [(sql, n) for sql, n, atomic in statements if atomic]
    assert inside and all(n == 1 for _sql, n in inside), [s for s in inside if s[1] > 1]
    assert len(inside) <= 10  # the batch, the re-check, history, update, insert, history
    assert any(n == len(rows) for sql, n, atomic in statements if not atomic and "cds_staged_values" in sql)
    # the same result as the row-by-row write: 4 updated (one of them submitted → draft), 4 created
    values = {
        (v.unit.code, v.indicator.code): v for v in DataValue.objects.select_related("unit", "indicator")
    }
    assert len(values) == 8 and {v.raw for v in values.values()} == {"7"}
    assert values[("T99901", CODES[0])].status == Status.DRAFT
    assert {(v.version, v.note) for k, v in values.items() if k[0] == "T99901"} == {(3, "sổ"), (2, "sổ")}
    changes = ValueChange.objects.filter(action__in=["create", "update"], import_batch__isnull=False)
    assert sorted(changes.values_list("action", flat=True)) == ["create"] * 4 + ["update"] * 4
    updated = changes.get(action="update", value=values[("T99901", CODES[0])])
    assert (updated.old_raw, updated.new_raw, updated.old_note, updated.new_note) == ("1", "7", "", "sổ")
    assert (updated.old_status, updated.new_status, updated.source_kind) == ("", Status.DRAFT, "import")
    assert updated.old_number == 1 and updated.new_number == 7
    created = changes.get(action="create", value=values[("T99902", CODES[1])])
    assert (created.old_raw, created.new_raw, created.new_note, created.new_status) == (
        "",
        "7",
        "sổ",
        "draft",
    )
    assert created.source_ref == "q3.csv dòng 7" and created.reason == "Nhập từ tệp q3.csv"
    assert import_values(path, Actor("import")).unchanged == 8  # and again: nothing changes


@pytest.mark.django_db
def test_every_value_history_row_of_one_operation_carries_its_id(builtin_catalogs, tmp_path) -> None:
    tree = small_tree()
    with operation("req", keep=False) as rid:
        record_values([ValueInput(tree["a"], code, Q3, "3") for code in CODES], Actor("officer"))
        change_status(list(DataValue.objects.all()), "submit", Actor("officer"))
    path = write_csv(tmp_path / "q3.csv", [["T99902", "2023Q3", code, "5", ""] for code in CODES])
    with operation("cli", keep=False) as cli_id:
        import_values(path, Actor("import"))
    ids = list(ValueChange.objects.values_list("request_id", flat=True))
    assert ids.count(rid) == 8 and ids.count(cli_id) == 4 and len(ids) == 12
    record_values([ValueInput(tree["a"], CODES[0], parse_period("2023Q4"), "1")], Actor("shell"))
    assert ValueChange.objects.filter(request_id__startswith="op-").count() == 1  # outside both: its own


@pytest.mark.django_db
def test_a_deadline_change_carries_the_id_of_the_request_that_made_it(builtin_catalogs) -> None:
    tree = small_tree()
    with operation("req", keep=False) as rid:
        set_deadline(tree["province"], Q3, dt.date(2023, 10, 20), Actor("cli"))
    set_deadline(tree["province"], Q3, dt.date(2023, 10, 25), Actor("cli"))
    first, second = DeadlineChange.objects.order_by("pk")
    assert first.request_id == rid and second.request_id.startswith("op-") and second.request_id != rid
