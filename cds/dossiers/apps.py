from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class DossiersConfig(AppConfig):
    name = "cds.dossiers"
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Hồ sơ thủ tục hành chính")
    label = "dossiers"
