from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "cds.units"
    label = "units"
