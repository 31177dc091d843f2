"""Registry counts into the catalog's indicators, through the one writer of values.

Each registry computes its counts for a unit and period; ``sync`` records them with
``record_values`` as source "computed" and a source_ref naming the registry, so the history
says where a number came from, and re-running with unchanged registers changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import cast

from cds.catalog.services import get_catalog
from cds.lib.periods import Period
from cds.units.models import Unit
from cds.values.services import Actor, ValueInput, WriteResult, record_values

from . import documents, plans, teams, training

REGISTRIES: dict[str, Callable[[Unit, Period], Mapping[str, object]]] = {
    "teams": teams.team_counts,
    "training": training.training_counts,
    "docs": documents.document_counts,
    "plans": plans.plan_counts,
}


def computed(unit: Unit, period: Period, registries: Sequence[str] = tuple(REGISTRIES)) -> list[ValueInput]:
    """The values the registers imply; indicators the period's catalog lacks are left out."""
    catalog = get_catalog(period.start)
    inputs = []
    for name in registries:
        for code, value in REGISTRIES[name](unit, period).items():
            if catalog.get(code) is None:
                continue
            inputs.append(
                ValueInput(
                    unit,
                    code,
                    period,
                    value if isinstance(value, str | Decimal) else int(cast(int, value)),
                    source_ref=f"registry:{name}",
                )
            )
    return inputs


def sync(
    unit: Unit,
    period: Period,
    registries: Sequence[str] = tuple(REGISTRIES),
    actor: Actor | None = None,
    dry_run: bool = False,
) -> WriteResult:
    actor = actor or Actor("registries", "computed")
    if actor.source_kind != "computed":
        actor = Actor(actor.label, "computed", actor.user)
    return record_values(
        computed(unit, period, registries),
        actor,
        reason=f"tính từ sổ đăng ký ({', '.join(registries)})",
        dry_run=dry_run,
    )
