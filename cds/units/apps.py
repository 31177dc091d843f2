from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class UnitsConfig(AppConfig):
    name = "cds.units"
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Đơn vị hành chính")
    label = "units"
