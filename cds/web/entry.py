"""The data-entry form of one unit and period: fields, last period's values, saving, the workflow.

Values are written only through ``record_values``, and submitted or reviewed only through
``cds.values.workflow`` (where the submission rules live); this module turns a posted form into
``ValueInput``s, and the foundation's answers (parse errors, conflicts, validation violations)
back into messages beside the fields they concern.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cds.catalog.core import core
from cds.catalog.formatting import format_value
from cds.catalog.services import Definition, get_catalog
from cds.catalog.spec_types import LEVELS as DATA_SET_LEVELS
from cds.lib.errors import InputError, Location
from cds.lib.periods import Period
from cds.lib.text import fold
from cds.units.models import Unit
from cds.units.services import units_below
from cds.values.conditions import hidden_by, rules
from cds.values.models import DataValue, Status
from cds.values.services import (
    FALSE_WORDS,
    TRUE_WORDS,
    Actor,
    ConflictError,
    ValueInput,
    ValueWriteError,
    record_values,
)
from cds.values.validation import check_values

EDITABLE = {Status.DRAFT, Status.RETURNED, Status.SUBMITTED}


@dataclass
class EntryField:
    definition: Definition
    stored: DataValue | None
    previous: str
    typed: str
    note: str
    version: int
    computed: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conflict: str = ""

    label: str = ""
    unit_label: str = ""
    hidden_by: str = ""  # the question whose answer makes this field moot (``values.conditions``)
    hide_when: str = ""  # on a question: the answer («có»/«không») that hides ``hides``
    hides: str = ""  # the codes it hides, space-separated (the page's script reads both)

    @property
    def code(self) -> str:
        return self.definition.code

    def __post_init__(self) -> None:
        # read many times per field while the 200-field page renders: computed once
        self.is_computed = not self.definition.is_typed  # a rate, or a count of units from the registry
        self.locked = self.stored is not None and self.stored.status == Status.APPROVED
        self.scale_text = str(self.definition.scale)

    @property
    def original(self) -> str:
        return self.stored.raw if self.stored else ""


@dataclass
class Pillar:
    code: str
    name: str
    fields: list[EntryField]

    @property
    def filled(self) -> int:
        return sum(1 for f in self.fields if not f.is_computed and not f.hidden_by and f.stored is not None)

    @property
    def typed_count(self) -> int:
        return sum(1 for f in self.fields if not f.is_computed and not f.hidden_by)

    @property
    def problems(self) -> int:
        return sum(bool(f.errors or f.conflict) for f in self.fields)

    @property
    def holds_anything(self) -> bool:
        """Any field holds a value, a typed text or a message (a folded group opens then)."""
        return any(
            f.stored is not None or f.typed or f.errors or f.warnings or f.conflict for f in self.fields
        )


class EntryForm:
    """Build with ``EntryForm(unit, period)``; ``data`` is the POST mapping when saving."""

    def __init__(
        self,
        unit: Unit,
        period: Period,
        data: Mapping[str, Any] | None = None,
        lang: str = "vi",
        only: Iterable[str] | None = None,
    ):
        """``only`` restricts the form to those indicator codes: a save loads, checks and writes
        just the fields that were sent changed, not the whole catalog (nothing is displayed)."""
        self.unit, self.period, self.data, self.lang = unit, period, data, lang
        self.catalog = get_catalog(period.start)
        definitions = self.catalog.definitions()
        stored = DataValue.objects.filter(unit=unit, period=period.code).select_related(
            "indicator", "updated_by"
        )
        previous = period.previous()
        self.previous_period = previous
        if only is not None:
            wanted = set(only)
            definitions = [d for d in definitions if d.code in wanted]
            stored = stored.filter(indicator__code__in=[d.code for d in definitions])
            self.previous: dict[str, DataValue] = {}
        else:
            self.previous = {
                v.indicator.code: v
                for v in DataValue.objects.filter(unit=unit, period=previous.code).select_related("indicator")
            }
        self.stored = {v.indicator.code: v for v in stored}
        # the data set's core (what the level's official forms ask) comes first; the rest is folded
        self.core = core(self.catalog, unit.level) if unit.level in DATA_SET_LEVELS else {}
        if only is None:  # the unit's data set, and anything it already stored outside it
            definitions = [d for d in definitions if self._in_set(d) or d.code in self.stored]
        self.messages: list[str] = []
        self.write_errors: list[InputError] = []
        self.fields: dict[str, EntryField] = {}
        self.registry: dict[str, Decimal] = {}
        for definition in definitions:
            value = self.stored.get(definition.code)
            before = self.previous.get(definition.code)
            typed = value.raw if value else ""
            note = value.note if value else ""
            version = value.version if value else 0
            if data is not None and not (value and value.status == Status.APPROVED):
                typed = str(data.get(f"v:{definition.code}", typed)).strip()
                note = str(data.get(f"n:{definition.code}", note)).strip()
                version = _int(data.get(f"ver:{definition.code}"), version)
            self.fields[definition.code] = EntryField(
                definition,
                value,
                format_value(definition, before.number, before.qualifier, lang=lang)
                if before and before.number is not None
                else "",
                typed,
                note,
                version,
                label=definition.name_en if lang == "en" else definition.name_vi,
                unit_label=(definition.unit_en if lang == "en" else definition.unit_vi)
                if definition.unit_vi
                else "",
            )
        if only is None:
            self.registry = self._registry_counts()
            self._compute_rates({**self.stored_numbers(), **self.registry})
            self._hide_moot_fields()

    def _hide_moot_fields(self) -> None:
        """Fields an answer makes moot are hidden (on the server: the page works without a script),
        by the answer as typed on this page, else as stored; each question names what it hides."""
        answers = {}
        for rule in rules():
            question = self.fields.get(rule.question)
            if question is None:
                continue
            answer = yes_or_no(question.typed)
            answers[rule.question] = None if answer is None else Decimal(int(answer))
            question.hide_when, question.hides = ("có" if rule.answer else "không"), " ".join(rule.hides)
        for code, rule in hidden_by(answers).items():
            if code in self.fields:
                self.fields[code].hidden_by = rule.question

    def _in_set(self, definition: Definition) -> bool:
        """A commune sees the commune data set, a district (before 1/7/2025) the district set, a
        province the province set (catalog ``levels``); any other unit sees every indicator."""
        return definition.fills(self.unit.level) if self.unit.level in DATA_SET_LEVELS else True

    def _registry_counts(self) -> dict[str, Decimal]:
        """Counts of units (``counts_units``) on the form: the registry's figure, shown, never typed."""
        out: dict[str, Decimal] = {}
        for f in self.fields.values():
            level = f.definition.counts_units
            if level:
                counted = units_below(self.unit.path, self.unit.era, level, self.period.end)
                if level == "village" and not counted.get(self.unit.pk):
                    continue  # no thôn list imported: «—», unknown, not «0 thôn»
                out[f.code] = Decimal(counted.get(self.unit.pk, 0))
                f.computed = format_value(f.definition, out[f.code], lang=self.lang)
        return out

    @classmethod
    def for_save(cls, unit: Unit, period: Period, data: Mapping[str, Any], lang: str = "vi") -> EntryForm:
        """A form of only the fields this post may change (see ``sent_codes``)."""
        return cls(unit, period, data, lang=lang, only=sent_codes(data))

    # --- reading -------------------------------------------------------------------------------

    @property
    def pillars(self) -> list[Pillar]:
        """Every field by pillar, in catalog order."""
        return self._group(self.fields.values())

    @property
    def core_pillars(self) -> list[Pillar]:
        """The fields of the data set's core by pillar (every field when the level has no core)."""
        return self._group(f for f in self.fields.values() if self.is_core(f))

    @property
    def first_to_fill(self) -> str:
        """The first pillar of the core with a field to type: open when nothing is filled yet
        (a province's first pillar may hold only a count of units, computed from the registry)."""
        return next((p.code for p in self.core_pillars if p.typed_count), "")

    @property
    def other_pillars(self) -> list[Pillar]:
        """The rest of the data set (and anything stored outside it), by pillar: shown folded."""
        return self._group(f for f in self.fields.values() if not self.is_core(f))

    @property
    def others_open(self) -> bool:
        """The folded section opens when any of its fields holds a value, a typed text or a message."""
        return any(pillar.holds_anything for pillar in self.other_pillars)

    def is_core(self, f: EntryField) -> bool:
        return not self.core or f.code in self.core

    def _group(self, fields: Iterable[EntryField]) -> list[Pillar]:
        groups: dict[str, Pillar] = {}
        for f in fields:
            d = f.definition
            name = d.pillar_name_vi if self.lang == "vi" else d.pillar_name_en
            groups.setdefault(d.pillar, Pillar(d.pillar, name, [])).fields.append(f)
        return list(groups.values())

    def stored_numbers(self) -> dict[str, Decimal]:
        return {code: v.number for code, v in self.stored.items() if v.number is not None}

    def statuses(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for v in self.stored.values():
            out[v.status] = out.get(v.status, 0) + 1
        return out

    def _compute_rates(self, numbers: dict[str, Decimal]) -> None:
        for f in self.fields.values():
            d = f.definition
            if d.kind != "rate" or not d.numerator or not d.denominator:
                continue
            num, den = numbers.get(d.numerator), numbers.get(d.denominator)
            if num is not None and den:
                f.computed = format_value(d, num / den * d.scale, lang=self.lang)
            elif num is not None and den == 0:
                f.computed = "N/A"

    # --- writing -------------------------------------------------------------------------------

    def changed_inputs(self) -> list[ValueInput]:
        """Only what this person changed: a field left as loaded is not sent (no needless conflicts)."""
        assert self.data is not None
        inputs = []
        for f in self.fields.values():
            if f.is_computed or f.locked or not f.typed:
                continue
            loaded = str(self.data.get(f"o:{f.code}", f.original)).strip()
            if f.typed == loaded and (f.stored is None or f.note == (f.stored.note or "")):
                continue
            inputs.append(
                ValueInput(
                    self.unit,
                    f.code,
                    self.period,
                    f.typed,
                    note=f.note,
                    source_ref="biểu mẫu web",
                    expected_version=f.version,
                    where=Location(column=f.code, value=f.typed),
                )
            )
        return inputs

    def save(self, actor: Actor, refresh: bool = True) -> bool:
        """Write the changed fields; on any problem write nothing and attach messages to fields
        (kept in ``write_errors`` too, to show them on a full form). ``refresh=False`` when the
        page redirects anyway: the form is not read again."""
        inputs = self.changed_inputs()
        if not inputs:
            return True
        try:
            record_values(inputs, actor, reason="nhập trên biểu mẫu")
        except ValueWriteError as err:
            self.write_errors = list(err.errors)
            self.attach(err.errors)
            return False
        if refresh:
            self.refresh()
        return True

    def attach(self, errors: list[InputError]) -> None:
        for error in errors:
            target = self.fields.get(error.where.column or "")
            text = error.vi if self.lang == "vi" else error.en
            if target is None:
                self.messages.append(error.message(self.lang))
                continue
            if isinstance(error, ConflictError):
                current = self.stored.get(target.code)
                target.conflict = text
                if current is not None:  # a deliberate second save now overwrites what they saw
                    target.version = current.version
            else:
                target.errors.append(text)

    def refresh(self) -> None:
        fresh = EntryForm(self.unit, self.period, lang=self.lang)
        if self.data is not None:  # explanations typed now count even when the value did not change
            fresh.take_notes(self.data)
        self.stored, self.fields, self.previous = fresh.stored, fresh.fields, fresh.previous

    def take_notes(self, data: Mapping[str, Any]) -> None:
        for code, f in self.fields.items():
            f.note = str(data.get(f"n:{code}", f.note)).strip()

    def check(self) -> tuple[int, int]:
        """Validation of what is stored; messages go beside their fields. Returns (errors, warnings)."""
        numbers = {**self.stored_numbers(), **self.registry}
        previous = {c: v.number for c, v in self.previous.items() if v.number is not None}
        errors = warnings = 0
        for violation in check_values(numbers, self.catalog, previous):
            target = self.fields.get(violation.indicator)
            if target is None:
                continue
            if target.is_computed and target.definition.numerator in self.fields:
                target = self.fields[target.definition.numerator]
            text = violation.message_vi if self.lang == "vi" else violation.message_en
            if violation.severity == "error":
                target.errors.append(text)
                errors += 1
            else:
                target.warnings.append(text)
                warnings += 1
        return errors, warnings

    def seen(self) -> str:
        """The versions shown, for the review buttons to send back ("code:version,…")."""
        return ",".join(f"{code}:{value.version}" for code, value in sorted(self.stored.items()))


def yes_or_no(typed: str) -> bool | None:
    """A yes/no field as typed («có», «Không», «x», «chưa»…: the words ``record_values`` reads)."""
    key = " ".join(fold(word) for word in typed.split())
    return True if key in TRUE_WORDS else False if key in FALSE_WORDS else None


def sent_codes(data: Mapping[str, Any]) -> set[str]:
    """Codes a post may change: values sent different from how they were loaded (``o:``, absent
    for clients that send only what they write), and every explanation or note sent."""
    codes = set()
    for key in data:
        if key.startswith("v:"):
            code = key[2:]
            loaded = data.get(f"o:{code}")
            if loaded is None or str(data.get(key, "")).strip() != str(loaded).strip():
                codes.add(code)
        elif key.startswith("n:"):
            codes.add(key[2:])
    return codes


def _int(raw: Any, default: int) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return default
