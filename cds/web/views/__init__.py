"""Pages, one module per kind: units (home, figures), entry (form, workflow, history), board
(completeness, roll-ups), dashboards (charts), excel (template download, upload with preview),
mappings (a source's column mapping for the upload), catalog (the indicator catalog, searchable,
with CSV/XLSX/JSON downloads)."""

from .board import board, late_export, remind_late, rollup_view
from .catalog import catalog_page
from .dashboards import compare, dashboard
from .entry import entry, history
from .excel import excel, excel_template
from .mappings import mappings
from .people import password, people
from .signing import report_signed
from .targets import targets
from .units import home, unit_detail

__all__ = [
    "board",
    "catalog_page",
    "compare",
    "dashboard",
    "entry",
    "excel",
    "excel_template",
    "history",
    "home",
    "late_export",
    "mappings",
    "password",
    "people",
    "remind_late",
    "report_signed",
    "rollup_view",
    "targets",
    "unit_detail",
]
