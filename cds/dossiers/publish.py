"""Writing dossier KPIs into the catalog's data values, so targets, checks and reports use them.

Only the counts (numerators and denominators) are written: the catalog's rates have parts and are
recomputed from them by the roll-up rules. Counts are written for every unit of the province on
the map in force at each period's end (communes, districts, the province) and for quarters,
halves and years, because the distinct (unit, procedure) pairs are never summed over periods.

Provenance: actor "dvc import #N", source kind ``computed``, source_ref naming the import; a
re-computation after a new import updates values through the normal history, and withdraws
(``withdraw_values``: unknown again, history kept) a count it wrote before and cannot give now. A (unit, period)
whose dossier figures were imported or typed by people is left alone, and approved values are
skipped (the values layer would refuse them until reopened).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import DatabaseError
from django.db.models import F
from django.utils import timezone

from cds.lib.errors import InputError, Location
from cds.lib.periods import Period
from cds.units.models import Level, Unit
from cds.units.services import era_on
from cds.values.models import DataValue, SourceKind, Status
from cds.values.services import (
    Actor,
    ValueInput,
    ValueRef,
    ValueWriteError,
    WriteResult,
    record_values,
    withdraw_values,
)

from .kpi import COUNTS, month_buckets, rollup_counts
from .models import DossierImport, DossierRefresh
from .services import stage_one
from .store import DossierStore, connect
from .unitmatch import covered_units

PROTECTED_SOURCES = (SourceKind.IMPORT, SourceKind.MANUAL, SourceKind.API)


@dataclass
class PublishReport:
    written: WriteResult | None = None
    values: int = 0
    skipped_protected: list[str] = field(default_factory=list)  # "unit/period" with people's figures
    skipped_approved: int = 0
    withdrawn: int = 0  # computed counts this computation finds unknown (no dossiers, no column)
    withdraw_skipped_approved: int = 0  # … left in place because approved (reopen to withdraw)


ALL_KINDS = ("quarter", "half", "year")


def periods_of_year(year: int, kinds: tuple[str, ...] = ALL_KINDS) -> list[Period]:
    counts = {"month": 12, "quarter": 4, "half": 2, "year": 1}
    return [Period.of(k, year, i if k != "year" else 0) for k in kinds for i in range(1, counts[k] + 1)]


def _province(code: str, era: str) -> Unit | None:
    return Unit.objects.filter(code=code, era=era, level=Level.PROVINCE).first()


def kpi_inputs(
    province: Unit, periods: list[Period], source_ref: str, store: DossierStore, engine: str = "counts"
) -> list[ValueInput]:
    """Value inputs for every unit of ``province``'s tree (one era) and period with dossiers."""
    unit_map = covered_units(province)
    units = {u.pk: u for u in Unit.objects.filter(path__startswith=province.path, era=province.era)}
    groups: dict[int, list[int]] = {}
    for counted in sorted(set(unit_map.values())):
        for ancestor in (int(p) for p in units[counted].path.strip("/").split("/")):
            if ancestor in units:
                groups.setdefault(ancestor, []).append(counted)
    con = connect()
    try:
        stage, source = stage_one(engine, store, periods)
        stage(con, source, unit_map, min(p.start for p in periods), max(p.end for p in periods), labels=False)
        rows = rollup_counts(con, groups, {p.code: month_buckets(p) for p in periods})
    finally:
        con.close()
    by_code = {p.code: p for p in periods}
    inputs = []
    for row in rows.values():
        closing = row.known["dvc.dossiers_resolved"] + row.missing["dvc.dossiers_resolved"]
        if row.counts["dvc.dossiers_total"] == 0 and closing == 0:
            continue  # no dossiers at all: no data, not zero
        unit, period = units[int(row.key["unit_id"])], by_code[str(row.key["period"])]
        for code in COUNTS:
            # a count some dossier's file could not give (no such column) is unknown: not written,
            # so the catalog's rate is N/A rather than a rate over part of the dossiers
            if row.is_complete(code):
                inputs.append(ValueInput(unit, code, period, row.counts[code], source_ref=source_ref))
    return inputs


def publish(
    province_code: str,
    years: list[int],
    import_id: int,
    store: DossierStore | None = None,
    dry_run: bool = False,
    kinds: tuple[str, ...] = ALL_KINDS,
    engine: str = "counts",
) -> PublishReport:
    """Compute and record the KPI counts of one province for the quarters, halves and years given."""
    store = store or DossierStore()
    report = PublishReport()
    source_ref = f"tính từ lần nhập hồ sơ #{import_id} / computed from dossier import #{import_id}"
    inputs: list[ValueInput] = []
    by_era: dict[str, list[Period]] = {}
    for year in years:
        for period in periods_of_year(year, kinds):
            by_era.setdefault(era_on(period.end), []).append(period)
    provinces: list[tuple[Unit, list[Period]]] = []
    for era, periods in by_era.items():
        province = _province(province_code, era)
        if province is not None:
            provinces.append((province, periods))
            inputs += kpi_inputs(province, periods, source_ref, store, engine)
    stale = _stale_computed(provinces, inputs, report)
    inputs = _without_protected(inputs, report)
    report.values = len(inputs)
    actor = Actor(label=f"dvc import #{import_id}", source_kind=SourceKind.COMPUTED)
    if inputs:
        report.written = record_values(
            inputs, actor, reason=f"Tính lại chỉ số DVC từ lần nhập hồ sơ #{import_id}", dry_run=dry_run
        )
    if stale:
        reason = (
            f"Lần nhập hồ sơ #{import_id}: không còn tính được chỉ số này (không có hồ sơ, hoặc tệp thiếu cột "
            f"cần thiết) — rút giá trị đã tính trước đó / import #{import_id}: this count is now unknown"
        )
        report.withdrawn = len(withdraw_values(stale, actor, reason, dry_run=dry_run).withdrawn)
    return report


def _stale_computed(
    provinces: list[tuple[Unit, list[Period]]], inputs: list[ValueInput], report: PublishReport
) -> list[ValueRef]:
    """Counts an earlier computation wrote that this one cannot give any more — the unit has no
    dossiers in the period now, or a file lacks the column the count needs: they become unknown
    (``withdraw_values``), never a stale number beside fresh ones. A (unit, period) with people's
    dossier figures is left alone, like the writes; an approved count is kept and counted in
    ``withdraw_skipped_approved`` (it has to be reopened first, like any change to it)."""
    fresh = {(i.unit.pk, i.period.code, i.indicator_code) for i in inputs}
    refs: list[ValueRef] = []
    for province, periods in provinces:
        by_code = {p.code: p for p in periods}
        rows = DataValue.objects.filter(
            unit__path__startswith=province.path,
            unit__era=province.era,
            period__in=by_code,
            indicator__code__startswith="dvc.",
        ).values_list("unit_id", "period", "indicator__code", "source_kind", "status")
        protected = {(u, p) for u, p, _, kind, _ in rows if kind in PROTECTED_SOURCES}
        stale = [
            (u, p, code, status)
            for u, p, code, kind, status in rows
            if kind == SourceKind.COMPUTED
            and code in COUNTS
            and (u, p) not in protected
            and (u, p, code) not in fresh
        ]
        units = Unit.objects.in_bulk({u for u, *_ in stale})
        for unit_id, period, code, status in stale:
            if status == Status.APPROVED:
                report.withdraw_skipped_approved += 1
                continue
            refs.append(ValueRef(units[unit_id], code, by_code[period]))
    return refs


def _without_protected(inputs: list[ValueInput], report: PublishReport) -> list[ValueInput]:
    if not inputs:
        return inputs
    existing = DataValue.objects.filter(
        indicator__code__startswith="dvc.",
        unit_id__in={i.unit.pk for i in inputs},
        period__in={i.period.code for i in inputs},
    ).values_list("unit_id", "period", "indicator__code", "source_kind", "status")
    protected: set[tuple[int, str]] = set()
    approved: set[tuple[int, str, str]] = set()
    for unit_id, period, code, source_kind, status in existing:
        if source_kind in PROTECTED_SOURCES:
            protected.add((unit_id, period))
        if status == Status.APPROVED:
            approved.add((unit_id, period, code))
    kept = []
    for item in inputs:
        if (item.unit.pk, item.period.code) in protected:
            label = f"{item.unit.name}/{item.period.code}"
            if label not in report.skipped_protected:
                report.skipped_protected.append(label)
            continue
        if (item.unit.pk, item.period.code, item.indicator_code) in approved:
            report.skipped_approved += 1
            continue
        kept.append(item)
    return kept


@dataclass
class RefreshResult:
    refresh: DossierRefresh
    report: PublishReport | None = None
    error: str = ""

    def words(self) -> tuple[str, str]:
        """What the refresh did (or why it did not), in Vietnamese and in English: the one wording
        of ``cds dvc import`` / ``recompute`` and of the import job's outcome."""
        province = self.refresh.province
        if self.error:
            return (
                f"Chưa tính lại được chỉ số tỉnh {province} (sẽ thử lại lần sau): {self.error}",
                f"KPIs of province {province} not recomputed yet (retried next run): {self.error}",
            )
        written = self.report.written if self.report else None
        created, updated = (written.created, written.updated) if written else (0, 0)
        kept = len(self.report.skipped_protected) if self.report else 0
        years = self.refresh.years
        return (
            f"Chỉ số tỉnh {province} ({years}): {created} mới, {updated} cập nhật; "
            f"giữ nguyên {kept} số liệu do người nhập",
            f"KPIs of province {province} ({years}): {created} new, {updated} updated; kept {kept} people's figures",
        )


def finish_pending(
    store: DossierStore | None = None,
    kinds: tuple[str, ...] = ALL_KINDS,
    province: str | None = None,
    engine: str = "counts",
) -> list[RefreshResult]:
    """Recompute the KPI values every pending refresh owes (oldest first) and mark each one done.

    Called after every import and at the start of the next one, so an import killed (or refused
    by a locked database) between writing the store and recording the values is completed then.
    A refresh that fails stays pending with its error and is retried next time.
    """
    from .importer import recover_staging  # the importer writes refreshes: imported late

    store = store or DossierStore()
    if store.root.exists():
        with store.locked():  # the files of a killed import first, so no KPI reads a half-moved store
            recover_staging(store)
    results = []
    pending = DossierRefresh.objects.filter(done_at__isnull=True).select_related("dossier_import")
    if province is not None:
        pending = pending.filter(province=province)
    for refresh in pending:
        import_id = refresh.dossier_import_id or _latest_import(refresh.province)
        DossierRefresh.objects.filter(pk=refresh.pk).update(attempts=F("attempts") + 1)
        try:
            report = publish(
                refresh.province, refresh.year_list, import_id or 0, store=store, kinds=kinds, engine=engine
            )
        except (DatabaseError, ValueWriteError) as error:
            DossierRefresh.objects.filter(pk=refresh.pk).update(last_error=str(error)[:2000])
            results.append(RefreshResult(refresh, None, str(error)))
            continue
        DossierRefresh.objects.filter(pk=refresh.pk).update(done_at=timezone.now(), last_error="")
        results.append(RefreshResult(refresh, report))
    return results


def _latest_import(province: str) -> int | None:
    for record in DossierImport.objects.all():  # newest first
        if province in record.provinces.split(","):
            return record.pk
    return None


def recompute(
    province: str,
    years: list[int],
    store: DossierStore | None = None,
    kinds: tuple[str, ...] = ALL_KINDS,
    engine: str = "counts",
) -> RefreshResult:
    """``cds dvc recompute``: recompute one province's KPI values for some years, whatever is pending.

    Written as a refresh of its own (so a kill during it leaves it pending too); pending refreshes
    of that province whose years it covers are marked done with it.
    """
    import_id = _latest_import(province)
    if import_id is None:
        raise InputError(
            f"Chưa có lần nhập hồ sơ nào của tỉnh mã «{province}».",
            f"No dossier import for the province with code '{province}'.",
            Location(value=province),
        )
    refresh = DossierRefresh.objects.create(
        dossier_import_id=import_id, province=province, years=",".join(map(str, sorted(set(years))))
    )
    results = finish_pending(store, kinds, province=province, engine=engine)
    mine = next(r for r in results if r.refresh.pk == refresh.pk)
    if not mine.error:
        wanted = set(years)
        for other in DossierRefresh.objects.filter(province=province, done_at__isnull=True):
            if set(other.year_list) <= wanted:
                other.done_at = timezone.now()
                other.save(update_fields=["done_at"])
    return mine
