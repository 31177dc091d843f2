"""What the registers know about a unit and a report's window, as context words for the wording.

Every word here is a record's own text (a registered document's citation, a team's name, a member
marked as real); nothing is made up. A word the registers cannot give is left out, so the
sentence that needs it is omitted (the template rule of ``wording.py``):

- ``plan_citation``: the unit's plan of the year ("Kế hoạch số 37/KH-UBND ngày 18/3/2024 của UBND
  xã Sơn Nham về chuyển đổi số xã Sơn Nham năm 2024"), from the plans register;
- ``documents_list``: the other documents about CĐS the unit issued inside the window, in date
  order, "; "-separated (the teams' decisions are cited with the teams; reports, records and
  submissions — báo cáo, biên bản, tờ trình — are not direction documents and are not listed);
- ``own_team``, ``own_team_act`` ("thành lập" / "kiện toàn"), ``own_team_decisions``,
  ``own_team_members``, ``own_team_leader``: the unit's own Tổ công nghệ số cộng đồng standing at
  the end of the window, the decisions that founded or re-formed it, its members then, and its
  leader — only a member not marked synthetic (demo names are never printed as people);
- ``teams_below_decisions``: the founding decisions of the teams below the unit's own, when there
  are at most ``MAX_LISTED`` of them (a district's hundreds of village teams are given as counts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cds.dossiers import services as dossier_services
from cds.dossiers.services import hotspot_text
from cds.dossiers.store import DossierStore
from cds.lib.periods import Period
from cds.registries.citations import format_citation
from cds.registries.models import Document, Member, Plan, Team, TeamDecision
from cds.registries.teams import active_teams
from cds.units.models import Unit

if TYPE_CHECKING:
    from .data import Figure

MAX_LISTED = 12
NOT_DIRECTION = ("BC", "BB", "TTr")


def _cite(document: Document) -> str:
    return format_citation(document.as_citation()).rstrip(" .;")


def _join(texts: list[str]) -> str:
    return "; ".join(dict.fromkeys(t for t in texts if t))


def document_words(unit: Unit, window: Period, year: int) -> dict[str, str]:
    plan = Plan.objects.filter(unit=unit, year=year).select_related("document").first()
    words: dict[str, str] = {}
    if plan is not None:
        words["plan_citation"] = _cite(plan.document)
    team_docs = TeamDecision.objects.values_list("document_id", flat=True)
    plan_document: Any = plan.document_id if plan is not None else None  # pk=None excludes no row
    issued = (
        Document.objects.filter(
            unit=unit,
            issued_by_unit=True,
            is_cds=True,
            issued_on__gte=window.start,
            issued_on__lte=window.end,
        )
        .exclude(pk__in=team_docs)
        .exclude(doc_type__in=NOT_DIRECTION)  # a report (its own number, too), a record, a submission
        .exclude(pk=plan_document)
        .order_by("issued_on", "doc_type", "number")
    )
    listed = _join([_cite(d) for d in issued])
    if listed:
        words["documents_list"] = listed
    return words


def _decisions(team: Team, until: dt.date) -> list[TeamDecision]:
    """The team's founding and re-forming decisions issued by ``until`` (the end of the data
    window: a report of 6 tháng đầu năm 2023 does not cite a decision of 5/9/2023)."""
    return list(
        team.decisions.filter(document__issued_on__lte=until)
        .select_related("document")
        .order_by("document__issued_on")
    )


def team_words(unit: Unit, window: Period) -> dict[str, str]:
    teams = list(active_teams(unit, window).select_related("village"))
    own = next((t for t in teams if t.unit_id == unit.pk and t.level == unit.level), None)
    words: dict[str, str] = {}
    if own is not None:
        decisions = _decisions(own, window.end)
        if decisions:
            roles = {d.role for d in decisions}
            words["own_team"] = own.name
            words["own_team_act"] = (
                "thành lập, kiện toàn"
                if len(roles) > 1
                else "kiện toàn"
                if "reforming" in roles
                else "thành lập"
            )
            words["own_team_decisions"] = _join([_cite(d.document) for d in decisions])
        members = (
            Member.objects.filter(team=own).filter(joined_on__lte=window.end).exclude(left_on__lte=window.end)
        )
        if members.exists():
            words["own_team_members"] = str(members.count())
            leader = members.filter(role=Member.Role.LEADER, synthetic=False).first()
            if leader is not None:
                words["own_team_leader"] = leader.full_name
    below = [t for t in teams if t is not own]
    if 0 < len(below) <= MAX_LISTED:
        cited = [_cite(d.document) for t in below for d in _decisions(t, window.end)]
        if cited:
            words["teams_below_decisions"] = _join(cited)
    return words


def hotspot_lines(unit: Unit, window: Period, figures: Mapping[str, Figure], limit: int = 5) -> list[str]:
    """The offline hot spots of the window (procedures offered online whose dossiers came mostly
    in person), "Chứng thực bản sao …: tổng 21 hồ sơ, chỉ có 7 hồ sơ tiếp nhận trực tuyến", when
    the report's own dossier counts are the dossier store's for the same window — a report that
    states typed counts (Sơn Nham's 1.463 hồ sơ, 100% trực tuyến) is not contradicted by them."""

    total, online = figures.get("dvc.dossiers_total"), figures.get("dvc.dossiers_online")
    if total is None or online is None or not DossierStore().files():
        return []
    row, spots = dossier_services.hotspots_with_total(unit, window, limit)
    if row is None or (row.counts["dvc.dossiers_total"], row.counts["dvc.dossiers_online"]) != (
        total.value,
        online.value,
    ):
        return []
    return [f"{s.procedure_name}: {hotspot_text(s)}" for s in spots]


def known_words(unit: Unit, window: Period, year: int) -> dict[str, str]:
    """Every register word for a report of ``unit`` whose figures come from ``window``."""
    return document_words(unit, window, year) | team_words(unit, window)
