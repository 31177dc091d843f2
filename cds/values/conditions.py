"""Fields hidden by answers: a yes/no question whose answer makes other indicators moot.

The rules are data (``data/hidden_fields.yaml``). ``hidden_by(answers)`` says which indicators an
answer hides; the completeness check of a submission (``workflow.report_completeness``) does not
count them missing and the entry form hides them (on the server, so it works without a script;
``static/web/entry.js`` hides them as the person changes the answer).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from cds.lib.errors import InputError, Location
from cds.lib.text import fold

RULES_FILE = Path(__file__).resolve().parent / "data" / "hidden_fields.yaml"
ANSWERS = {"co": Decimal(1), "khong": Decimal(0)}


@dataclass(frozen=True)
class HideRule:
    question: str
    answer: Decimal  # the stored number of the answer that hides: 1 «có», 0 «không»
    hides: tuple[str, ...]


def read_rules(path: Path = RULES_FILE) -> tuple[HideRule, ...]:
    """The rules of ``path``; a malformed rule is an ``InputError`` naming the file and the rule."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rules = []
    for number, entry in enumerate(data.get("rules") or [], start=1):
        where = Location(file=path.name)
        if not isinstance(entry, dict) or not {"question", "answer", "hides"} <= set(entry):
            raise InputError(
                f"Quy tắc thứ {number} cần đủ question, answer và hides.",
                f"Rule {number} needs question, answer and hides.",
                where,
            )
        answer = ANSWERS.get(fold(str(entry["answer"])))
        hides = entry["hides"]
        if answer is None or not isinstance(hides, list) or not hides:
            raise InputError(
                f"Quy tắc thứ {number}: câu trả lời phải là «có» hoặc «không» và hides là một danh sách chỉ tiêu.",
                f"Rule {number}: the answer must be «có» or «không» and hides a list of indicators.",
                where,
            )
        rules.append(HideRule(str(entry["question"]), answer, tuple(str(code) for code in hides)))
    return tuple(rules)


@cache
def rules() -> tuple[HideRule, ...]:
    return read_rules()


def questions() -> set[str]:
    return {rule.question for rule in rules()}


def hidden_by(answers: Mapping[str, Decimal | None]) -> dict[str, HideRule]:
    """Indicator code → the rule whose answer (``answers``: question code → stored number, None
    when not answered) hides it."""
    hidden: dict[str, HideRule] = {}
    for rule in rules():
        if answers.get(rule.question) == rule.answer:
            hidden.update((code, rule) for code in rule.hides)
    return hidden
