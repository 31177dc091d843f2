"""Read an old report into proposals, decide on them, import the accepted ones (issue 19).

``ingest`` reads a file for a unit (the person must be able to edit it; a report whose header
names another unit is refused) and stores one ``IngestedReport`` with its proposals — the same
file again for the same unit is the same report, nothing proposed twice. ``decide`` records a
person's accept / edit / reject with who, when and why. ``import_accepted`` writes the accepted
figures through the one writer of values (``values.services.record_values``, source = the report
and the paragraph) and the accepted citations through the documents register — all or nothing,
idempotent, with a dry run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from cds.accounts.scope import can
from cds.accounts.targets import set_target, target_units
from cds.catalog.models import Target
from cds.catalog.services import get_catalog
from cds.catalog.target_files import read_target
from cds.lib.errors import InputError, Location
from cds.lib.periods import Period, parse_period
from cds.lib.tabular.safety import Source, load_bytes
from cds.lib.text import fold_words
from cds.lib.vn_dates import format_date, parse_date
from cds.registries import documents as registry_documents
from cds.registries.citations import Citation
from cds.registries.models import Team, TeamDecision
from cds.registries.operations import save_team
from cds.units.models import Unit
from cds.values.services import Actor, ValueInput, record_values

from .finding import Figure, Findings, find_facts
from .models import IngestedReport, Proposal
from .reading import read_document


@dataclass
class ImportResult:
    values_created: int = 0
    values_updated: int = 0
    values_unchanged: int = 0
    documents_created: int = 0
    teams_created: int = 0
    teams_reformed: int = 0  # «kiện toàn» decisions linked to a team already in the register
    targets_set: int = 0  # goals set (or changed) in the targets register
    proposals_imported: int = 0
    dry_run: bool = False


def _check_issuer(findings: Findings, unit: Unit) -> None:
    """A report whose header names another unit is not this unit's report."""
    if not findings.issuer:
        return
    issuer = fold_words(findings.issuer)
    name = fold_words(unit.short_name or unit.name)
    if name and not f" {issuer}".endswith(f" {name}"):
        raise InputError(
            f"Báo cáo do «{findings.issuer}» ban hành, không phải của {unit.name}: hãy chọn đúng đơn vị.",
            f"The report was issued by «{findings.issuer}», not by {unit.name}: choose the right unit.",
            Location(file=findings.file_name),
        )


def _parsed(figure: Figure) -> str:
    if isinstance(figure.value, dt.date):
        return figure.value.isoformat()
    return str(figure.value) + (f"/{figure.denominator}" if figure.denominator is not None else "")


def _proposal(report: IngestedReport, figure: Figure, kind: str) -> Proposal:
    return Proposal(
        report=report, kind=kind, indicator_code=figure.indicator, period_code=figure.period,
        value_text=figure.value_text[:100], parsed=_parsed(figure)[:60], confidence=figure.confidence,
        unit_text=figure.unit_text[:120], sentence=figure.sentence, where_vi=figure.where_vi[:80],
        where_en=figure.where_en[:80], target=figure.target,
    )  # fmt: skip


def ingest(
    source: Source,
    file_name: str,
    unit: Unit,
    user: Any = None,
    period: Period | None = None,
    published: dt.date | None = None,
) -> IngestedReport:
    """Read ``source`` as ``unit``'s old report and store its proposals (or return the stored one);
    ``published`` is the day the text speaks from when it does not say (a news item's date): it
    dates «đến nay», «hiện có» and days written without their year."""

    from .reading import MAX_BYTES

    if user is not None and not can(user, "edit", unit):
        raise InputError(
            f"Bạn không có quyền nhập số liệu cho {unit.name}.",
            f"You may not enter data for {unit.name}.",
        )
    data = load_bytes(source, MAX_BYTES)
    sha = hashlib.sha256(data).hexdigest()
    existing = IngestedReport.objects.filter(unit=unit, sha256=sha).first()
    if existing is not None:
        return existing
    document = read_document(data, file_name)
    findings = find_facts(document, period, published)
    _check_issuer(findings, unit)
    with transaction.atomic():
        report = IngestedReport.objects.create(
            unit=unit, file_name=file_name[:255], sha256=sha, file_format=document.format,
            issuer_text=findings.issuer[:255], period_code=findings.period,
            blocks=[{"text": b.text, "where_vi": b.where_vi, "where_en": b.where_en} for b in document.blocks],
            matched=len(findings.figures),
            numeric=len(findings.figures) + len(findings.unmatched) + len(findings.unsure),
            uploaded_by=user if getattr(user, "pk", None) else None,
        )  # fmt: skip
        rows = [_proposal(report, f, Proposal.Kind.VALUE) for f in findings.figures]
        rows += [_proposal(report, f, Proposal.Kind.UNMATCHED) for f in findings.unmatched]
        # «chưa hiểu»: listed for a person with the indicator it may be as a suggestion (nothing is
        # accepted in bulk: every proposal is one person's decision, see ``decide``)
        rows += [_proposal(report, f, Proposal.Kind.UNMATCHED) for f in findings.unsure]
        rows += [_proposal(report, f, Proposal.Kind.RANK) for f in findings.ranks]
        rows += [_proposal(report, f, Proposal.Kind.TARGET) for f in findings.targets]
        for t in findings.teams:
            rows.append(
                Proposal(
                    report=report, kind=Proposal.Kind.TEAM, value_text=t.name[:100], parsed=t.founded_on.isoformat(),
                    period_code=findings.period, sentence=t.sentence, where_vi=t.where_vi[:80], where_en=t.where_en[:80],
                    citation=t.decision.as_dict(), confidence=0.9,
                    team={"name": t.name, "level": t.level, "founded_on": t.founded_on.isoformat(), "members": t.members,
                          "role": t.role},
                )
            )  # fmt: skip
        seen: set[tuple[object, ...]] = set()
        for citation, sentence, where_vi, where_en in findings.citations:
            if citation.key in seen:
                continue
            seen.add(citation.key)
            rows.append(
                Proposal(
                    report=report, kind=Proposal.Kind.DOCUMENT, value_text=citation.short()[:100],
                    parsed=citation.date.isoformat() if citation.date else "", period_code=findings.period,
                    sentence=sentence, where_vi=where_vi[:80], where_en=where_en[:80],
                    citation=citation.as_dict(), confidence=0.9,
                )
            )  # fmt: skip
        Proposal.objects.bulk_create(rows)
    return report


def read_published(text: str) -> dt.date:
    """The day a text speaks from, as the person gives it: a day («14/1/2026»), or a month only
    («tháng 5/2023», «2023-05»: a page that shows its month, not its day) read as its last day."""
    try:
        return parse_date(text)
    except InputError as error:
        try:
            month = parse_period(text)
        except InputError:
            raise error from None
        if month.kind != "month":
            raise error from None
        return month.end


def decide(
    proposal: Proposal,
    action: str,
    user: Any = None,
    reason: str = "",
    *,
    indicator: str | None = None,
    value_text: str | None = None,
    period: str | None = None,
) -> Proposal:
    """Accept, edit (a corrected indicator, value or period: also accepted) or reject one proposal."""
    if proposal.status == Proposal.Status.IMPORTED:
        raise InputError("Đề xuất này đã được nhập.", "This proposal was already imported.")
    if proposal.kind == Proposal.Kind.RANK and action != "reject":
        raise InputError(
            "Thứ hạng (DTI) không nhập từ báo cáo: thứ hạng do bộ chỉ số DTI tính và công bố.",
            "A rank (DTI) is not imported from a report: ranks are computed and published with the DTI.",
        )
    if proposal.kind == Proposal.Kind.TARGET and action == "edit":
        _check_may_set_target(proposal, user, complete=False)  # corrected by who may set it
    if proposal.kind == Proposal.Kind.TARGET and action == "accept":
        _check_may_set_target(proposal, user)
    if proposal.kind == Proposal.Kind.TEAM and action == "edit":
        raise InputError(
            "Đề xuất tổ công nghệ số cộng đồng chỉ chấp nhận hoặc từ chối; sửa tổ trong sổ tổ sau khi nhập.",
            "A team proposal is accepted or rejected; edit the team in the teams register after importing.",
        )
    if action == "accept":
        if proposal.kind == Proposal.Kind.TEAM:
            _reformed_team(proposal)
        if proposal.kind == Proposal.Kind.UNMATCHED and not proposal.indicator_code:
            raise InputError(
                "Câu này chưa gắn chỉ tiêu: hãy chọn chỉ tiêu (sửa) trước khi chấp nhận.",
                "This sentence has no indicator yet: choose one (edit) before accepting.",
            )
        if proposal.kind == Proposal.Kind.UNMATCHED:  # «chưa hiểu»: the person takes the indicator it may be
            proposal.kind = Proposal.Kind.VALUE
        proposal.status = Proposal.Status.ACCEPTED
    elif action == "reject":
        proposal.status = Proposal.Status.REJECTED
    elif action == "edit":
        if indicator is not None:
            if indicator not in get_catalog():
                raise InputError(f"Không có chỉ tiêu «{indicator}».", f"No indicator «{indicator}».")
            proposal.indicator_code = indicator
            if proposal.kind != Proposal.Kind.TARGET:  # a goal corrected is still a goal
                proposal.kind = Proposal.Kind.VALUE
        if value_text is not None and value_text.strip():
            proposal.value_text = value_text.strip()[:100]
        if period is not None and period.strip():
            proposal.period_code = parse_period(period).code
        if proposal.kind == Proposal.Kind.TARGET:  # read now by the targets register's own rules
            _check_may_set_target(proposal, user)
            _check_target_reads(proposal)
        proposal.status = Proposal.Status.EDITED
    else:
        raise InputError(
            f"Thao tác «{action}» không có (accept, edit, reject).",
            f"No action «{action}» (accept, edit, reject).",
        )
    proposal.decided_by = user if getattr(user, "pk", None) else None
    proposal.decided_at = timezone.now()
    proposal.reason = reason[:255]
    proposal.save()
    return proposal


def source_ref(report: IngestedReport, proposal: Proposal) -> str:
    """The provenance a value keeps: «báo cáo <file>, đoạn 12»."""
    return f"báo cáo {report.file_name}, {proposal.where_vi}"[:255]


def import_accepted(report: IngestedReport, actor: Actor, dry_run: bool = False) -> ImportResult:
    """Write the accepted and edited proposals: values through ``record_values`` (source = the
    report and paragraph, note = the sentence), citations into the documents register. All or
    nothing; imported proposals are marked and never written twice."""
    ready = list(
        report.proposals.filter(status__in=[Proposal.Status.ACCEPTED, Proposal.Status.EDITED]).order_by("id")
    )
    values = [p for p in ready if p.kind == Proposal.Kind.VALUE]
    cited = [p for p in ready if p.kind == Proposal.Kind.DOCUMENT]
    teams = [p for p in ready if p.kind == Proposal.Kind.TEAM]
    goals = [p for p in ready if p.kind == Proposal.Kind.TARGET]
    result = ImportResult(dry_run=dry_run)
    inputs = []
    for p in values:
        if not p.period_code:
            raise InputError(
                f"Chưa biết kỳ của số liệu «{p.value_text}» ({p.where_vi}): hãy sửa đề xuất, ghi kỳ.",
                f"The period of «{p.value_text}» ({p.where_en}) is unknown: edit the proposal and give it.",
            )
        inputs.append(
            ValueInput(
                report.unit, p.indicator_code, parse_period(p.period_code), _raw(p), note=p.sentence[:500],
                source_ref=source_ref(report, p), where=Location(file=report.file_name, row=p.id),
            )
        )  # fmt: skip
    with transaction.atomic():
        if inputs:
            written = record_values(inputs, actor, reason=f"báo cáo cũ {report.file_name}", dry_run=dry_run)
            result.values_created, result.values_updated = written.created, written.updated
            result.values_unchanged = written.unchanged
        if cited:
            proposals = registry_documents.preview(report.unit, [_citation(p) for p in cited])
            done = registry_documents.register(report.unit, proposals, actor, dry_run=dry_run)
            result.documents_created = len(done.created)
        for p in teams:
            if (p.team or {}).get("role") == "reforming":
                result.teams_reformed += _reform_team(report, p, actor, dry_run)
            else:
                result.teams_created += _register_team(report, p, actor, dry_run)
        for p in goals:
            result.targets_set += _set_target(report, p, actor, dry_run)
        if not dry_run:
            now = timezone.now()
            Proposal.objects.filter(pk__in=[p.pk for p in ready]).update(
                status=Proposal.Status.IMPORTED, decided_at=now
            )
            result.proposals_imported = len(ready)
    return result


def _register_team(report: IngestedReport, p: Proposal, actor: Actor, dry_run: bool) -> int:
    """A team proposal → a ``Team`` of the register (its founding decision registered and linked);
    none when the unit already has a team of that name. The members the report counts are noted,
    not invented: the register needs each member's name."""

    data = p.team or {}
    if Team.objects.filter(unit=report.unit, name=data.get("name", "")).exists():
        return 0
    founded = dt.date.fromisoformat(data["founded_on"])
    members = data.get("members")
    team = Team(
        unit=report.unit, level=data["level"], name=data["name"][:200], established_on=founded,
        note=(f"{members} thành viên theo " if members else "Theo ") + source_ref(report, p),
    )  # fmt: skip
    proposals = registry_documents.preview(report.unit, [_citation(p)])
    done = registry_documents.register(report.unit, proposals, actor, dry_run=dry_run)
    if dry_run:
        return 1
    save_team(team, actor, f"báo cáo cũ {report.file_name}")
    document = (done.created or done.updated or done.unchanged)[0]
    TeamDecision.objects.get_or_create(
        team=team, document=document, defaults={"role": TeamDecision.Role.FOUNDING}
    )
    return 1


def _check_target_reads(p: Proposal) -> None:
    """A corrected goal must read as a target of its indicator (``read_target``: «≥ 85%», «trên
    80%», the catalog's target rules) before it is kept; refused in words otherwise."""

    report = p.report
    read_target({"indicator": p.indicator_code, "period": p.period_code, "target": p.value_text,
                 "source": source_ref(report, p)}, report.unit)  # fmt: skip


def _check_may_set_target(p: Proposal, user: Any, complete: bool = True) -> None:
    """A unit's targets are set by who supervises it (``cds.accounts.targets``): anyone else may
    only reject a goal the report states. With ``complete``, the goal must have its indicator and
    period (a goal being corrected may still lack them)."""

    unit = p.report.unit
    if user is None or not target_units(user).filter(pk=unit.pk).exists():
        raise InputError(
            f"Đây là chỉ tiêu phấn đấu, không phải số liệu đã đạt. Chỉ tiêu của {unit.name} do người giám "
            "sát đơn vị đặt vào sổ chỉ tiêu: bạn không giám sát đơn vị này, chỉ có thể từ chối đề xuất.",
            f"This is a target, not a result. {unit.name}'s targets are set in the targets register by "
            "whoever supervises the unit: you do not supervise it, so you may only reject this proposal.",
            Location(file=p.report.file_name, row=p.pk),
        )
    if complete and (not p.indicator_code or not p.period_code):
        raise InputError(
            "Chỉ tiêu phấn đấu này chưa rõ chỉ tiêu hoặc kỳ: không đặt được; hãy sửa (ghi chỉ tiêu, kỳ) "
            "hoặc từ chối.",
            "This target has no indicator or period: it cannot be set; edit it (give them) or reject it.",
            Location(file=p.report.file_name, row=p.pk),
        )


def _set_target(report: IngestedReport, p: Proposal, actor: Actor, dry_run: bool) -> int:
    """An accepted goal → the unit's target in the targets register, through the one writer
    (``cds.accounts.targets.set_target``: the catalog's target rules, the supervisor's scope, the
    change in the history), the report and paragraph as its source. 1 when set or changed."""

    _check_may_set_target(p, actor.user)
    raw = {"indicator": p.indicator_code, "period": p.period_code, "target": p.value_text,
           "source": source_ref(report, p)}  # fmt: skip
    if dry_run:
        read_target(raw, report.unit)
        return 1
    before = Target.objects.filter(
        indicator__code=p.indicator_code, period=p.period_code, unit=report.unit, level=""
    ).values_list("comparator", "value", "source").first()  # fmt: skip
    after = set_target(actor, actor.user, report.unit, raw)
    return int(before != (after.comparator, after.value, after.source))


def _reformed_team(p: Proposal) -> Any:
    """The register's team a «kiện toàn» (re-forming) proposal speaks of; a re-formed team is not a
    new one, and its founding day is not the re-forming decision's, so a team the register does not
    hold yet is refused in words (add it with its founding day first, or reject the proposal)."""

    data = p.team or {}
    if data.get("role") != "reforming":
        return None
    team = Team.objects.filter(unit=p.report.unit, name=data.get("name", "")).first()
    if team is None:
        name = data.get("name", "")
        raise InputError(
            f"Quyết định kiện toàn «{name}» nói về một tổ chưa có trong sổ tổ công nghệ số cộng đồng: "
            "kiện toàn không phải thành lập, ngày thành lập không biết. Hãy thêm tổ (với ngày thành lập) "
            "vào sổ trước, hoặc từ chối đề xuất này.",
            f"The re-forming decision of «{name}» speaks of a team not in the teams register: re-forming "
            "is not founding, and the founding day is unknown. Add the team (with its founding day) to the "
            "register first, or reject this proposal.",
            Location(file=p.report.file_name, row=p.pk),
        )
    return team


def _reform_team(report: IngestedReport, p: Proposal, actor: Actor, dry_run: bool) -> int:
    """A «kiện toàn» proposal → its decision registered and linked to the register's team as
    re-forming (the team's founding day unchanged; the members counted noted on the team)."""

    team = _reformed_team(p)
    proposals = registry_documents.preview(report.unit, [_citation(p)])
    done = registry_documents.register(report.unit, proposals, actor, dry_run=dry_run)
    if dry_run:
        return 1
    document = (done.created or done.updated or done.unchanged)[0]
    _, created = TeamDecision.objects.get_or_create(
        team=team, document=document, defaults={"role": TeamDecision.Role.REFORMING}
    )
    members = (p.team or {}).get("members")
    if created and members:
        day = format_date(dt.date.fromisoformat((p.team or {})["founded_on"]))
        line = f"Kiện toàn ngày {day}: {members} thành viên theo {source_ref(report, p)}"
        team.note = f"{team.note}\n{line}" if team.note else line
        save_team(team, actor, f"báo cáo cũ {report.file_name}")
    return int(created)


def _raw(p: Proposal) -> str:
    """What the values layer reads: a date as d/m/yyyy, a figure as written («trên 600», «44/44»)."""
    if p.parsed and len(p.parsed) == 10 and p.parsed[4] == "-" and p.value_text.count("/") == 2:
        return format_date(dt.date.fromisoformat(p.parsed))
    return p.value_text


def _citation(p: Proposal) -> Citation:
    c = p.citation or {}
    day = dt.date.fromisoformat(c["date"]) if c.get("date") else None
    return Citation(
        type_code=c["type"], number=c["number"], symbol=c["symbol"], year=c.get("year"), date=day,
        issuer=c.get("issuer", ""), subject=c.get("subject", ""), title=c.get("title", ""),
    )  # fmt: skip


def rows(proposals: Iterable[Proposal] | Sequence[Proposal]) -> list[dict[str, object]]:
    """Proposals as output rows (CLI, JSON)."""
    return [
        {"id": p.id, "kind": p.kind, "indicator": p.indicator_code, "period": p.period_code,
         "value": p.value_text, "parsed": p.parsed, "confidence": p.confidence, "status": p.status,
         "where": p.where_vi, "sentence": p.sentence}
        for p in proposals
    ]  # fmt: skip
