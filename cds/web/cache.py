"""Roll-up figures kept between requests until a value under them changes.

A unit's dashboard rolls up eight quarters (eight ``Rollup`` engines, two queries each); the
figures change only when a value of the unit's subtree in those quarters is written. So the
figures are kept per process with a *stamp* of those values — how many there are, the sum of
their versions (``record_values`` and ``change_status`` bump the version on every change), the
highest id and the last update time — and reused while the stamp is the same. The stamp is one
indexed range query for the subtree's ids (plus the 2025 lineage for today's units, whose
figures carry their predecessors' values) and one aggregate, a few milliseconds.

Units and lineage edges are reference data loaded by ``cds units``; the stamp includes their
reference version (bumped in the database by every reload that changes them), so a reload shows
in the figures of every process at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.db.models import Count, Max, Sum

from cds.lib.periods import Period
from cds.units.models import Era, Unit, UnitLineage, reference_version
from cds.units.services import subtree_ids
from cds.values.models import DataValue

T = TypeVar("T")
MAX_ENTRIES = 2000

_lock = threading.Lock()
_entries: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()


def values_stamp(unit: Unit, first: Period, last: Period) -> Hashable:
    """What changes whenever a value that a roll-up of ``unit`` over ``first``…``last`` reads does."""
    ids = subtree_ids(unit)
    if unit.era == Era.CURRENT:
        ids += list(
            UnitLineage.objects.filter(new_id__in=ids, old__level__in=["commune", "village"])
            .order_by()
            .values_list("old_id", flat=True)
        )
    stamp = DataValue.objects.filter(
        unit_id__in=ids, period_start__gte=first.start, period_end__lte=last.end
    ).aggregate(n=Count("id"), versions=Sum("version"), top=Max("id"), at=Max("updated_at"))
    return (reference_version("units"), len(ids), stamp["n"], stamp["versions"], stamp["top"], stamp["at"])


def remembered(key: Hashable, stamp: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned last time for ``key`` if ``stamp`` is unchanged."""
    with _lock:
        entry = _entries.get(key)
        if entry is not None and entry[0] == stamp:
            _entries.move_to_end(key)
            return entry[1]
    value = compute()
    with _lock:
        _entries[key] = (stamp, value)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
