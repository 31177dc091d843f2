from typing import Any

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


def _drop_cached_catalogs(**_: Any) -> None:
    from .services import invalidate_cache

    invalidate_cache()


def _load_shipped(**kwargs: Any) -> None:
    from .loader import load_after_migrate

    load_after_migrate(**kwargs)


class CatalogConfig(AppConfig):
    name = "cds.catalog"
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Danh mục chỉ tiêu")
    label = "catalog"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from . import models
        from .models import CatalogVersion
        from .rankings_file import ranking_name

        models.name_ranking = ranking_name  # a published rank is named as every page names it

        # The in-memory catalog must never outlive a change to the versions it was built from.
        post_save.connect(_drop_cached_catalogs, sender=CatalogVersion, dispatch_uid="catalog-cache-save")
        post_delete.connect(_drop_cached_catalogs, sender=CatalogVersion, dispatch_uid="catalog-cache-delete")
        # The shipped catalogs are data, not schema: loaded after every ``migrate`` (once: this
        # app's signal), not by a data migration per change of the files.
        post_migrate.connect(_load_shipped, sender=self, dispatch_uid="catalog-load-shipped")
