from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "cds.dossiers"
    label = "dossiers"
