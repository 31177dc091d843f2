from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class DemoConfig(AppConfig):
    name = "cds.demo"
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Dữ liệu mẫu")
    label = "demo"
