"""Golden DOCX text of every report type at every level it applies to, on the demo data.

The demo is loaded once (pinned to ``DEMO_TODAY``, so its data are the same on every machine),
every report of ``MATRIX`` is built as `cds report build` builds it (charts off: pictures have no
text), read back with python-docx (``golden_text.docx_text``) and compared with
``golden/matrix/<name>.txt``; each is also checked as `cds report check --unit --period` checks a
file. Regenerate the files after an intended change of wording, data or layout — one command:

    CDS_UPDATE_GOLDEN=1 python -m pytest -q cds/reports/tests/test_golden_matrix.py

and read the diff (``git diff cds/reports/tests/golden/matrix``) before committing it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from cds.lib.periods import parse_period
from cds.reports.check import check_docx, expected_values
from cds.reports.kinds import ReportOptions, build_report
from cds.units.services import resolve_unit

from .golden_text import docx_text

DEMO_TODAY = "2026-12-05"
GOLDEN = Path(__file__).parent / "golden" / "matrix"

SON_NHAM = "xã Sơn Nham, huyện Sơn Hà"
TINH_CHAU = "xã Tịnh Châu, thành phố Quảng Ngãi"
SON_HA_DISTRICT = "huyện Sơn Hà, tỉnh Quảng Ngãi"
TP_QUANG_NGAI = "thành phố Quảng Ngãi, tỉnh Quảng Ngãi"
SON_HA_COMMUNE = "xã Sơn Hạ, tỉnh Quảng Ngãi"  # after 1/7/2025
PROVINCE = "tỉnh Quảng Ngãi"

# (file name, type, unit, period): every type of KINDS at every level it applies to
# (availability.KINDS_BY_LEVEL), before 1/7/2025 (communes, a district, the province of 63) and after
# (a new commune, the province of 34); the three sample units among them.
MATRIX = [
    ("son-nham-periodic-2024", "periodic", SON_NHAM, "2024"),
    ("tinh-chau-periodic-2023Q3", "periodic", TINH_CHAU, "2023Q3"),
    ("tinh-chau-training-2023Q3", "training", TINH_CHAU, "2023Q3"),
    ("son-nham-dti-2024", "dti", SON_NHAM, "2024"),
    ("huyen-son-ha-periodic-2024", "periodic", SON_HA_DISTRICT, "2024"),
    ("huyen-son-ha-training-2024", "training", SON_HA_DISTRICT, "2024"),
    ("huyen-son-ha-consolidated-2024", "consolidated", SON_HA_DISTRICT, "2024"),
    ("huyen-son-ha-dti-2024", "dti", SON_HA_DISTRICT, "2024"),
    ("tp-quang-ngai-consolidated-2022", "consolidated", TP_QUANG_NGAI, "2022"),
    ("tinh-quang-ngai-periodic-2024", "periodic", PROVINCE, "2024"),
    ("tinh-quang-ngai-consolidated-2024", "consolidated", PROVINCE, "2024"),
    ("tinh-quang-ngai-dti-2024", "dti", PROVINCE, "2024"),
    ("xa-son-ha-periodic-2025", "periodic", SON_HA_COMMUNE, "2025"),
    ("xa-son-ha-training-2025", "training", SON_HA_COMMUNE, "2025"),
    ("xa-son-ha-dti-2025", "dti", SON_HA_COMMUNE, "2025"),
    ("tinh-quang-ngai-periodic-2025", "periodic", PROVINCE, "2025"),
    ("tinh-quang-ngai-consolidated-2025", "consolidated", PROVINCE, "2025"),
    ("tinh-quang-ngai-dti-2025", "dti", PROVINCE, "2025"),
]


def build_text(kind: str, unit_text: str, period_code: str) -> tuple[str, list[str]]:
    """The report's text as read back, and what `cds report check --unit --period` finds wrong."""
    period = parse_period(period_code)
    unit = resolve_unit(unit_text, as_of=period.end)
    built = build_report(kind, unit, period, ReportOptions(charts=False))  # the build checks itself
    content = built.to_bytes()
    data = built.data
    result = check_docx(content, data.catalog if data else None, expected_values(data) if data else None)
    return docx_text(content), [str(p) for p in result.problems]


@pytest.mark.slow
@pytest.mark.django_db
def test_every_demo_report_reads_as_its_golden_text_and_passes_its_check(units, settings, capsys, tmp_path):
    settings.CDS_DEMO_TODAY = DEMO_TODAY
    # a fresh dossier store: one left in CDS_VAR_DIR by an earlier run makes the demo's dossier
    # import "unchanged", so no KPI is computed in the test database (and every DTI score drops)
    settings.CDS_DOSSIER_STORE = str(tmp_path / "dossiers")
    call_command("demo", "--no-serve")
    capsys.readouterr()
    update = bool(os.environ.get("CDS_UPDATE_GOLDEN"))
    GOLDEN.mkdir(parents=True, exist_ok=True)
    differences, problems = [], []
    for name, kind, unit_text, period_code in MATRIX:
        text, found = build_text(kind, unit_text, period_code)
        problems += [f"{name}: {p}" for p in found]
        path = GOLDEN / f"{name}.txt"
        if update:
            path.write_text(text, encoding="utf-8")
            continue
        expected = path.read_text(encoding="utf-8") if path.exists() else ""
        if text != expected:
            diff = difflib.unified_diff(
                expected.splitlines(), text.splitlines(), f"golden/{name}", "built", lineterm="", n=1
            )
            differences.append("\n".join(list(diff)[:40]))
    assert not problems, "\n".join(problems)
    assert not differences, "\n\n".join(differences)
    if not update:
        assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(m[0] for m in MATRIX)
