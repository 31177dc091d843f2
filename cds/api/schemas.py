"""Typed shapes of the API's requests and answers (the OpenAPI schema is generated from these)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema


class Message(Schema):
    message_vi: str
    message_en: str
    field: str | None = None
    value: str | int | float | bool | None = None


class ErrorList(Message):
    errors: list[Message] = []


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    unit_type: str
    level: str
    era: str
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class UnitMatch(Schema):
    unit: UnitOut
    score: float
    parents: list[str]


class UnitSearchOut(Schema):
    query: str
    ambiguous: bool
    best: UnitOut | None
    candidates: list[UnitMatch]


class LineageOut(Schema):
    direction: str = Field(
        description="predecessor (old unit it came from) or successor (new unit it went into)"
    )
    unit: UnitOut
    kind: str
    share: float
    is_primary: bool
    parents: list[str]


class UnitDetail(UnitOut):
    parents: list[UnitOut]
    children: int


class PeriodOut(Schema):
    code: str
    kind: str
    year: int
    index: int
    start: dt.date
    end: dt.date
    label_vi: str
    label_en: str


class PeriodInfo(PeriodOut):
    previous: PeriodOut
    same_period_last_year: PeriodOut
    reporting_window: PeriodOut


class CatalogVersionOut(Schema):
    code: str
    title: str
    effective_from: dt.date


class IndicatorOut(Schema):
    code: str
    name_vi: str
    name_en: str
    pillar: str
    pillar_name_vi: str
    pillar_name_en: str
    unit_vi: str
    unit_en: str
    kind: str
    numerator: str | None
    denominator: str | None
    scale: int
    aggregate_units: str
    aggregate_periods: str
    direction: str
    decimals: int
    parts: list[str]
    version: str
    levels: list[str] = Field(description="the levels whose units fill it (its data sets)")
    counts_units: str | None = Field(
        description="a unit level: its value is the number of such units under the unit, from the registry"
    )
    problem_vi: str | None = Field(
        None,
        description="set when the stored definition is unusable (e.g. a rate without its denominator): "
        "what is wrong; the indicator is then never computed (its figures are null with this note)",
    )
    problem_en: str | None = Field(None, description="the same in English")


class CitationOut(Schema):
    doc: str = Field(description="the legal text: number, date, issuing body")
    part: str = Field(description="article, appendix or item of it")
    url: str = Field(description="a public page with the text, or empty")


class IndicatorDetail(IndicatorOut):
    description: str
    source: str
    basis: list[CitationOut] = Field(description="legal texts that define or require the indicator")
    basis_none: str = Field(description="why no legal text is cited, when basis is empty")
    basis_text: str = Field(description="«Căn cứ: …» as shown under the indicator")
    rates_using: list[str]


class ValueOut(Schema):
    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    indicator: str
    period: str
    period_start: dt.date
    period_end: dt.date
    number: float | None
    text: str
    qualifier: str
    raw: str
    display: str = Field(description="the value written the Vietnamese way, e.g. 1.463 or 27,8%")
    note: str
    status: str
    version: int
    source_kind: str
    updated_at: dt.datetime
    updated_by: str | None


class ValueChangeOut(Schema):
    changed_at: dt.datetime
    changed_by: str | None
    actor: str
    action: str
    old_raw: str
    new_raw: str
    old_status: str
    new_status: str
    reason: str
    source_kind: str


class ValueItemIn(Schema):
    indicator: str = Field(max_length=64)
    value: str = Field(max_length=255, description="as people write it: 1.463, 27,8%, 08/09, khoảng 4000, có")
    note: str = Field("", max_length=2000)
    expected_version: int | None = Field(
        None, ge=1, description="the version you read; a newer stored version is a 409 conflict"
    )


class ValuesWriteIn(Schema):
    unit: int
    period: str = Field(max_length=64)
    reason: str = Field("", max_length=2000)
    values: list[ValueItemIn] = Field(min_length=1, max_length=1000)


class WriteOut(Schema):
    created: int
    updated: int
    unchanged: int
    values: list[ValueOut]


class StatusChangeIn(Schema):
    unit: int
    period: str = Field(max_length=64)
    indicators: list[str] | None = Field(
        None, max_length=1000, description="default: every value it applies to"
    )
    reason: str = Field("", max_length=2000, description="required to return or reopen")


class SubmitIn(StatusChangeIn):
    reason: str = Field("", max_length=2000, description="kept in the history, before the explanations")
    explanations: dict[str, str] = Field(
        default_factory=dict,
        description="indicator code → why a warned value is right; every warning needs one to submit",
    )
    confirm_incomplete: bool | None = Field(
        None,
        description="true: send it although fields of the unit's data set are missing; false: refuse "
        "(400 listing them); absent: accepted, the gap written into the history reason",
    )


class ReviewIn(StatusChangeIn):
    versions: dict[str, int] = Field(
        description="indicator code → the version of each value you reviewed (``version`` in /api/values); "
        "a value changed since, or not among them, is a 409 naming old → new, who and when",
    )


class RemindIn(Schema):
    period: str = Field(max_length=64)
    units: list[int] = Field(
        min_length=1, max_length=500, description="units you review; the late ones are reminded"
    )


class RemindOut(Schema):
    reminded: list[int]
    people: int
    without_officer: list[int]


class ReopenIn(StatusChangeIn):
    versions: dict[str, int] | None = Field(None, description="as for approve; optional to reopen")


class WithdrawIn(Schema):
    unit: int
    period: str = Field(max_length=64)
    indicators: list[str] = Field(min_length=1, max_length=1000)
    reason: str = Field("", max_length=2000, description="required: why the values are no longer known")
    versions: dict[str, int] | None = Field(
        None, description="indicator → the version you saw; a value changed since is a conflict (409)"
    )


class WithdrawOut(Schema):
    withdrawn: int
    absent: int = Field(description="indicators with no value recorded: nothing to withdraw")


class DeadlineIn(Schema):
    unit: int | None = Field(
        None, description="the unit whose subtree it covers; none: everywhere (administrators)"
    )
    period: str = Field(max_length=64)
    due: dt.date
    reason: str = Field("", max_length=2000)


class DeadlineOut(Schema):
    unit: UnitOut | None = Field(description="whose deadline applies (none: nationwide or the default)")
    period: PeriodOut
    due: dt.date
    default: bool = Field(description="no deadline was set: 15 days after the period ends")
    set_by: str | None
    set_at: dt.datetime | None
    reason: str


class StatusChangeOut(Schema):
    action: str
    changed: int
    values: list[ValueOut]


class ViolationOut(Schema):
    rule: str
    severity: str
    indicator: str
    message_vi: str
    message_en: str


class CoverageOut(Schema):
    expected: int = Field(description="N: reporting units of the subtree (1 for a unit's own figure)")
    reported: int = Field(description="n: of them, units whose data is in the figure")
    approved: int = Field(description="m: of those, units whose every value behind the figure is approved")
    level: str = Field(description="level of the reporting units (commune…), empty when mixed")
    complete: bool
    text_vi: str
    text_en: str


class TargetLineOut(Schema):
    indicator: str
    name_vi: str
    value: float | None
    comparator: str
    target: float
    met: bool | None
    gap: float | None
    text_vi: str
    text_en: str
    coverage: CoverageOut | None = Field(None, description="how much of the area the judged value covers")
    share: float | None = Field(
        None,
        description="the share of a quota reached, in per cent (value ÷ target × 100: «đạt 5,3% so với chỉ "
        "tiêu giao»); null for a rate's target (compared in points), a ceiling, a yes/no, a zero quota or no value",
    )


class ValidationOut(Schema):
    unit: UnitOut
    period: PeriodOut
    errors: list[ViolationOut]
    warnings: list[ViolationOut]
    targets: list[TargetLineOut]


class TargetsOut(Schema):
    unit: UnitOut
    period: PeriodOut
    targets: list[TargetLineOut]


class AggregateOut(Schema):
    value: float | None
    display: str
    numerator: float | None
    denominator: float | None
    approximate: bool
    contributors: int
    source: str
    notes: list[str]
    scope: str = Field(description="own: the unit's own figure, never summed; territory: the area's")
    coverage: CoverageOut
    approved: bool = Field(description="every value behind the figure is approved")
    own_value: float | None = Field(description="the value typed for the unit itself, if any")
    children_value: float | None = Field(description="the sum over the units below (territory only)")
    children_coverage: CoverageOut | None


class RollupChild(Schema):
    unit: UnitOut
    result: AggregateOut


class RollupOut(Schema):
    indicator: str
    unit: UnitOut
    period: PeriodOut
    result: AggregateOut
    children: list[RollupChild]


class UnitCompleteness(Schema):
    unit: UnitOut
    status: str = Field(description="not_started, draft, submitted, returned, approved or late")
    workflow_status: str = Field(description="the status from the values alone (without the deadline)")
    late: bool
    deadline: dt.date | None = Field(description="when this unit's report is due (its scope's deadline)")
    values: dict[str, int]
    last_change: dt.datetime | None


class CompletenessOut(Schema):
    scope: UnitOut
    period: PeriodOut
    deadline: dt.date | None
    counts: dict[str, int]
    units: list[UnitCompleteness]


class TeamOut(Schema):
    id: int
    unit: UnitOut
    name: str
    level: str
    area: str
    established_on: dt.date
    dissolved_on: dt.date | None
    members: int = Field(description="members at the period's end")


class CourseIn(Schema):
    unit: int
    kind: str = Field(description="guidance, local, provincial, external, online")
    name: str = Field(max_length=300)
    starts_on: dt.date
    ends_on: dt.date | None = None
    mode: str = "in_person"
    sessions: int = Field(1, ge=1, le=100_000)
    organiser: str = Field("", max_length=200)
    note: str = ""
    participants: dict[str, Annotated[int, Field(ge=0, le=100_000_000)]] = Field(
        default_factory=dict,
        description="participants by group (officials, team_members, residents); a group left out is not known",
    )
    reason: str = ""


class CourseOut(Schema):
    id: int
    unit: UnitOut
    kind: str
    name: str
    starts_on: dt.date
    ends_on: dt.date | None
    mode: str
    sessions: int
    organiser: str
    note: str
    participants: dict[str, int]


class CourseWriteOut(Schema):
    course: CourseOut
    outcome: str = Field(description="create, update or unchanged")


class MemberIn(Schema):
    full_name: str = Field(min_length=1, max_length=120)
    joined_on: dt.date
    role: str = Field("member", description="leader, deputy, member")
    organisation: str = Field("", max_length=120)
    position: str = Field("", max_length=120)
    left_on: dt.date | None = None
    reason: str = ""


class ActivityIn(Schema):
    held_on: dt.date
    kind: str = Field("guidance", description="guidance, campaign, training, meeting")
    place: str = Field("", max_length=200)
    people_guided: int = Field(0, ge=0, le=100_000_000)
    platforms: list[str] = Field(
        default_factory=list, description="dvc, vneid, payment, ecommerce, safety, local"
    )
    note: str = ""
    reason: str = ""


class RegistryWriteOut(Schema):
    id: int
    team: int
    outcome: str = Field(description="create, update or unchanged")


class TeamIn(Schema):
    unit: int
    name: str = Field(min_length=1, max_length=200)
    level: str = Field(description="province, district, commune, village")
    established_on: dt.date
    dissolved_on: dt.date | None = None
    area: str = Field("", max_length=120, description="a village team's thôn / tổ dân phố, as text")
    note: str = ""
    reason: str = ""
