from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cds.api"
    label = "api"
