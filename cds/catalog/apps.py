from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _drop_cached_catalogs(**_: Any) -> None:
    from .services import invalidate_cache

    invalidate_cache()


class CatalogConfig(AppConfig):
    name = "cds.catalog"
    verbose_name = _("Danh mục chỉ tiêu")
    label = "catalog"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import CatalogVersion

        # The in-memory catalog must never outlive a change to the versions it was built from.
        post_save.connect(_drop_cached_catalogs, sender=CatalogVersion, dispatch_uid="catalog-cache-save")
        post_delete.connect(_drop_cached_catalogs, sender=CatalogVersion, dispatch_uid="catalog-cache-delete")
