"""Frameworks are versioned data: checked on load, never edited once loaded."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cds.catalog.testing import PILLARS
from cds.dti.framework import builtin_frameworks, read_framework
from cds.dti.rules import Measure, score
from cds.dti.services import find_framework, framework_of, load_builtin_frameworks, load_framework
from cds.lib.errors import InputError

from .helpers import write_framework

pytestmark = pytest.mark.django_db


def test_the_shipped_frameworks_are_templates_with_the_eight_pillars_and_1000_points():
    for path in builtin_frameworks():
        framework = read_framework(path)
        assert framework.template
        assert framework.total == 1000
        assert [p.code for p in framework.pillars] == list(PILLARS)


def test_each_year_gets_the_version_in_force_and_the_rules_differ():
    load_builtin_frameworks()
    old, new = find_framework("dti-xa", 2024), find_framework("dti-xa", 2025)
    assert (old.version, new.version) == ("2023.1", "2025.1")
    measure = Measure(value=Decimal(60))
    old_item, new_item = framework_of(old).item("CQ1"), framework_of(new).item("CQ1")
    assert score(old_item.rule, old_item.max_points, measure).points == 50  # full at 50%
    assert score(new_item.rule, new_item.max_points, measure).points == Decimal("37.50")  # full at 80%


def test_loading_the_same_file_twice_changes_nothing(tmp_path):
    path = write_framework(tmp_path)
    assert load_framework(path)[1] is True
    assert load_framework(path)[1] is False


def test_a_changed_file_under_a_loaded_version_is_refused(tmp_path):
    load_framework(write_framework(tmp_path))
    (tmp_path / "edited").mkdir()
    changed = write_framework(tmp_path / "edited", full_at=70)
    with pytest.raises(InputError, match="phiên bản mới"):
        load_framework(changed)


def test_points_that_do_not_add_up_are_refused_with_the_line(tmp_path):
    path = write_framework(tmp_path)
    path.write_text(path.read_text().replace("max_points: 40", "max_points: 45"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_framework(path)
    assert err.value.where.file == path.name and err.value.where.row
    assert "tổng điểm các tiêu chí" in err.value.vi and "sum of its items" in err.value.en


def test_an_unknown_rule_type_is_refused(tmp_path):
    path = write_framework(tmp_path)
    path.write_text(path.read_text().replace("type: manual", "type: guess"), encoding="utf-8")
    with pytest.raises(InputError, match="loại quy tắc"):
        read_framework(path)


def test_an_indicator_missing_from_the_catalog_is_refused_on_load(tmp_path):
    path = write_framework(tmp_path)
    path.write_text(path.read_text().replace("dvc.online_dossier_rate", "dvc.no_such_rate"), encoding="utf-8")
    with pytest.raises(InputError, match=r"dvc\.no_such_rate"):
        load_framework(path)
