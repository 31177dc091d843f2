from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ValuesConfig(AppConfig):
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Số liệu báo cáo")
    name = "cds.values"
    label = "values"
