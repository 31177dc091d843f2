from django.apps import AppConfig


class DtiConfig(AppConfig):
    name = "cds.dti"
    label = "dti"
