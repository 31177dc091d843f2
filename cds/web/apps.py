from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cds.web"
    label = "web"
