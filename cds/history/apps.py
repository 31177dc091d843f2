from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class HistoryConfig(AppConfig):
    name = "cds.history"
    label = "history"
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Lịch sử thay đổi")
