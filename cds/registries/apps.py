from django.apps import AppConfig


class RegistriesConfig(AppConfig):
    name = "cds.registries"
    label = "registries"
