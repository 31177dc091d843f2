from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cds.demo"
    label = "demo"
