from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class DtiConfig(AppConfig):
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Chỉ số DTI")
    name = "cds.dti"
    label = "dti"
