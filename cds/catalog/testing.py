"""Test support: the shipped catalogs as ``migrate`` stores them, without reading the files for
every test.

``load_builtin_catalogs()`` on a migrated database changes nothing (``migrate`` loads the files
the tests see), yet it parses three YAML files and compares 900 definitions: ≈ 0,7 s of CPU, paid
by every test of the modules that ask for the shipped catalogs. ``ensure_shipped_catalogs`` loads
them once per process and again only when the database no longer looks like it did then.
"""

from __future__ import annotations

from django.db.models import Max

from cds.catalog.loader import load_builtin_catalogs
from cds.catalog.models import CatalogAmendment, CatalogVersion, IndicatorDefinition
from cds.catalog.services import invalidate_cache

# The eight pillars of chuyển đổi số, in the order the shipped catalogs and DTI frameworks use them.
PILLARS = (
    "nhan_thuc_so",
    "the_che_so",
    "ha_tang_so",
    "nhan_luc_so",
    "attt",
    "chinh_quyen_so",
    "kinh_te_so",
    "xa_hoi_so",
)

# What the database looked like when a load of the shipped files last found nothing to change.
_unchanged_at: tuple[object, ...] | None = None


def _fingerprint() -> tuple[object, ...]:
    """The loaded versions with their file hashes, and how many definitions and amendments there are:
    a rolled-back test leaves them as they were; a flushed database, a version loaded and kept, or a
    definition added or removed changes them."""
    definitions = IndicatorDefinition.objects.aggregate(last=Max("id"))
    return (
        tuple(CatalogVersion.objects.order_by("code").values_list("code", "sha256")),
        IndicatorDefinition.objects.count(),
        definitions["last"],
        CatalogAmendment.objects.count(),
    )


def ensure_shipped_catalogs(*, keep_cache: bool = False) -> None:
    """The shipped files with every field stored (``load_builtin_catalogs``), and the in-memory
    catalogs forgotten: four small queries while the database is as the last no-op load found it.
    ``keep_cache``: the in-memory catalogs are known to be what the database holds (the root
    conftest's ``catalog_cache``): forgotten only if the files had to be loaded."""
    global _unchanged_at
    if not keep_cache:
        invalidate_cache()
    before = _fingerprint()
    if before != _unchanged_at:
        invalidate_cache()
        outcomes = load_builtin_catalogs()
        changed = any(o.created or o.amended for o in outcomes)
        _unchanged_at = None if changed else before
        invalidate_cache()
    elif not keep_cache:
        invalidate_cache()
