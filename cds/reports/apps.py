from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ReportsConfig(AppConfig):
    name = "cds.reports"
    label = "reports"
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Báo cáo")
