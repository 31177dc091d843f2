from django.apps import AppConfig


class ValuesConfig(AppConfig):
    name = "cds.values"
    label = "values"
