"""No stored value or period breaks anything: random extreme values and periods, written through the
domain operations (``record_values``, the ``cds data import`` pipeline) and, as data stored before the
bounds existed would be, straight into the table with SQL; then every page, export, report and API
answer about the commune, its district and its province is rendered, and none may fail.

A refusal is fine (a bilingual ``InputError`` / ``ValueWriteError``, a 4xx page, a ``CommandError``
from the command); a 5xx or any other exception is a defect. Every kind of indicator the catalog
has (count, amount, rate, number, boolean) gets values; the shipped catalog has no text indicator,
so free text goes where every value carries it: the note, and the raw text of a stored row.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cds.accounts.models import Role, RoleAssignment
from cds.accounts.tokens import create_token
from cds.catalog.models import Indicator
from cds.lib.errors import InputError
from cds.lib.periods import Period, parse_period
from cds.lib.tabular import write_table
from cds.reports.kinds import KINDS, ReportOptions, build_report
from cds.units.testing import small_tree
from cds.values.io import import_values
from cds.values.models import DataValue
from cds.values.services import Actor, ValueInput, ValueWriteError, record_values

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# One indicator of every kind in the shipped catalog (a rate that is typed, not computed, too).
BY_KIND = {
    "count": "dvc.dossiers_total",
    "count_part": "dvc.dossiers_online",
    "amount": "budget.digital_government",
    "rate": "infra.internet_user_rate",
    "number": "awareness.radio_slots_per_week",
    "boolean": "steering.committee_established",
}
SHOWN = parse_period("2024Q3")  # the period the pages are opened for, besides each stored one
EXAMPLES = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is reproducible from CI's log
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Numbers at and far beyond every bound, tiny and with many decimals, negative, as text and as numbers.
huge_ints = st.integers(min_value=-(10**30), max_value=10**30)
edge_ints = st.sampled_from([0, 1, -1, 10**12, 10**12 + 1, 10**15, 10**15 + 1, 10**18, 10**27 - 1, -(10**18)])
decimals = st.decimals(
    min_value=Decimal("-1e20"), max_value=Decimal("1e20"), allow_nan=False, allow_infinity=False, places=8
)
typed = st.sampled_from(
    [
        "999999999999999999999999999",
        "1.463",
        "1.000.000.000.000.000",
        "27,8%",
        "164%",
        "16400%",
        "-5",
        "0,0000001",
        "250,5 triệu đồng",
        "1e400",
        "NaN",
        "Infinity",
        "khoảng 4000",
        "có",
        "không",
        '\x01=HYPERLINK("http://x")',
        "",
    ]
)
raw_values = st.one_of(huge_ints, edge_ints, decimals, typed, st.text(max_size=12))
# Periods: good ones, and codes no data can have (years 0001 and 9999, before 2000, after next year).
period_codes = st.sampled_from(
    ["2024", "2024Q3", "2024-07", "2023", "2000", "1999", "0001", "0001Q1", "9999", "9999-12", "2099Q4"]
)
notes = st.text(max_size=40) | st.sampled_from(["=1+1", '\x02=HYPERLINK("http://x","y")', "@SUM(A1)", ""])
writes = st.lists(
    st.tuples(st.sampled_from(sorted(BY_KIND)), st.sampled_from(["a", "b"]), raw_values, period_codes, notes),
    min_size=1,
    max_size=6,
)
# Rows as old code stored them, past every check: number, period code, raw text. SQLite stores any
# number; PostgreSQL's NUMERIC(24, 6) holds up to 10^18, still far beyond every bound.
TOO_BIG = [Decimal("999999999999999999999999999"), Decimal("1E+30")]
if connection.vendor != "sqlite":
    TOO_BIG = [Decimal("999999999999999999"), Decimal("1E+17")]
stored_numbers = st.sampled_from(
    [
        *TOO_BIG,
        Decimal("-999999999999999999"),
        Decimal("-1"),
        Decimal("0.123456789012345678"),
        Decimal("123456789.987654321"),
        None,
    ]
)
stored_rows = st.lists(
    st.tuples(st.sampled_from(sorted(BY_KIND)), st.sampled_from(["a", "b"]), stored_numbers, period_codes),
    max_size=3,
)


def _period(code: str) -> Period:
    return parse_period(code)


def store_raw(unit: Any, code: str, number: Decimal | None, period: Period, text: str = "") -> None:
    """A row written before the bounds existed (replacing what the unit has there)."""
    indicator = Indicator.objects.get(code=code)
    DataValue.objects.filter(unit=unit, indicator=indicator, period=period.code).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO values_datavalue (unit_id, indicator_id, period, period_start, period_end, number, "
            "text, qualifier, raw, note, status, version, source_kind, source_ref, updated_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, '', %s, '', 'draft', 1, 'manual', '', CURRENT_TIMESTAMP)",
            [unit.pk, indicator.pk, period.code, period.start, period.end, number, text, str(number)],
        )


def write_through_the_domain(tree: dict[str, Any], rows: list[tuple], tmp: Path) -> None:
    """Each row through ``record_values``, and all of them again as one ``cds data import`` file."""
    for kind, who, raw, code, note in rows:
        try:
            record_values(
                [ValueInput(tree[who], BY_KIND[kind], _period(code), raw, note=note)], Actor("fuzz")
            )
        except (ValueWriteError, InputError) as refused:  # a clear refusal is an answer
            assert str(refused)
    table = [
        [tree[who].code, code, BY_KIND[kind], raw if isinstance(raw, str) else str(raw), note]
        for kind, who, raw, code, note in rows
    ]
    path = tmp / "values.csv"
    write_table(str(path), ["unit", "period", "indicator", "value", "note"], table, "values")
    try:
        report = import_values(path, Actor("fuzz", "import"))
    except InputError as refused:
        assert str(refused)
    else:
        assert report.ok or all(e.as_dict()["message_vi"] for e in report.errors)


def pages(tree: dict[str, Any], period_codes: set[str]) -> list[str]:
    """Every page, export and API read about the commune and the units above it."""
    out = []
    for unit in (tree["a"], tree["district"], tree["province"]):
        u = unit.pk
        for p in sorted(period_codes | {SHOWN.code}):
            out += [
                f"/units/{u}/?period={p}",
                f"/units/{u}/entry/?period={p}",
                f"/units/{u}/history/?period={p}",
                f"/units/{u}/dashboard/?period={p}",
                f"/units/{u}/dashboard/?period={p}&format=csv",
                f"/board/?in={u}&period={p}",
                f"/board/late/?in={u}&period={p}&format=csv",
                f"/compare/?in={u}&period={p}",
                f"/compare/?in={u}&period={p}&format=csv",
                f"/excel/template/?unit={u}&period={p}",
                f"/reports/{u}/{p}/",
                f"/api/values?unit={u}&period={p}",
                f"/api/validation?unit={u}&period={p}",
                f"/api/targets?unit={u}&period={p}",
                f"/api/completeness?unit={u}&period={p}",
            ]
            for code in BY_KIND.values():
                out += [
                    f"/rollup/?unit={u}&period={p}&indicator={code}",
                    f"/api/rollups?unit={u}&period={p}&indicator={code}",
                ]
            out += [f"/rollup/?unit={u}&period={p}&format=xlsx", f"/rollup/?unit={u}&period={p}&format=csv"]
        out += [f"/units/{u}/", f"/units/{u}/dashboard/", f"/dvc/unit/{u}/?period=2024", f"/api/units/{u}"]
        out += [f"/api/units/{u}/children", f"/api/units/{u}/lineage"]
    out += [f"/api/values/{pk}" for pk in DataValue.objects.values_list("pk", flat=True)]
    out += [f"/api/values/{pk}/history" for pk in DataValue.objects.values_list("pk", flat=True)]
    return out


@pytest.fixture
def world(tmp_path: Path, settings: Any) -> dict[str, Any]:
    settings.VAR_DIR = tmp_path / "var"
    tree = small_tree()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("so.thunghiem", password="x")
    RoleAssignment.objects.create(user=user, role=Role.SUPERVISOR, unit=tree["province"])
    web = Client(raise_request_exception=False)
    web.force_login(user, backend="cds.accounts.lockout.LockoutBackend")
    api = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {create_token(user, 'fuzz')[1]}")
    return {"tree": tree, "web": web, "api": api, "tmp": tmp_path}


def render_everything(world: dict[str, Any], every_stored_period: bool = True) -> None:
    """Every page and export for the period shown and the year (and, unless told otherwise, for
    each stored period code too), every report type of each unit, and ``cds data export``."""
    tree = world["tree"]
    stored = set(DataValue.objects.values_list("period", flat=True)) if every_stored_period else set()
    failed = []
    for url in pages(tree, stored | {"2024"}):
        client = world["api"] if url.startswith("/api/") else world["web"]
        status = client.get(url).status_code
        if status >= 500:
            failed.append((status, url))
    assert failed == [], failed
    for code in sorted(stored | {SHOWN.code}):
        period = _period(code)
        for kind in KINDS:
            for unit in (tree["a"], tree["district"], tree["province"]):
                try:
                    built = build_report(kind, unit, period, ReportOptions(charts=False))
                except InputError as refused:  # e.g. no DTI framework, or no data for the period
                    assert str(refused)
                    continue
                assert built.document.to_bytes()
    for options in (
        [],
        ["--unit", tree["province"].code],
        ["--unit", tree["a"].code, "--period", SHOWN.code],
    ):
        for ext in ("csv", "xlsx"):
            try:
                call_command(
                    "data", "export", str(world["tmp"] / f"export.{ext}"), *options, stderr=io.StringIO()
                )
            except CommandError as refused:
                assert str(refused)


@EXAMPLES
@given(rows=writes, old_rows=stored_rows)
def test_no_stored_value_or_period_breaks_a_page_export_or_report(
    world: dict[str, Any], rows: list[tuple], old_rows: list[tuple]
) -> None:
    from cds.web import cache

    tree = world["tree"]
    with transaction.atomic():
        cache.clear()
        write_through_the_domain(tree, rows, world["tmp"])
        for kind, who, number, code in old_rows:
            store_raw(tree[who], BY_KIND[kind], number, _period(code), text="\x03=HYPERLINK(1)")
        render_everything(world, every_stored_period=False)  # the stored codes: in the test below
        transaction.set_rollback(True)  # the next example starts from the same empty tree
    cache.clear()


def test_the_extremes_are_stored_where_the_rules_allow_and_refused_where_not(world: dict[str, Any]) -> None:
    """The fuzzed writes do reach the database: in-range values are stored, out-of-range ones refused."""
    tree = world["tree"]
    rows = [
        ("count", "a", "1.000.000.000.000", "2024Q3", ""),  # 10^12: the count's bound, kept
        ("amount", "a", "1.000.000.000.000.000", "2024", ""),  # 10^15 đồng: kept
        ("count", "b", "999999999999999999999999999", "2024Q3", ""),  # refused
        ("rate", "a", "27,8%", "9999", ""),  # refused: no data in 9999
    ]
    write_through_the_domain(tree, rows, world["tmp"])
    stored = set(DataValue.objects.values_list("unit__code", "indicator__code", "period"))
    assert stored == {
        (tree["a"].code, "dvc.dossiers_total", "2024Q3"),
        (tree["a"].code, "budget.digital_government", "2024"),
    }
    store_raw(tree["a"], "dvc.dossiers_online", TOO_BIG[-1], _period("0001Q1"))
    store_raw(tree["b"], "dvc.dossiers_total", Decimal("-1"), _period("9999"))
    render_everything(world)
    page = world["web"].get(f"/units/{tree['a'].pk}/?period={SHOWN.code}").content.decode()
    assert "1.000.000.000.000" in page  # the count at its bound, shown in full
