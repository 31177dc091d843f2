from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "cds.catalog"
    label = "catalog"
