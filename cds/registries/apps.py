from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class RegistriesConfig(AppConfig):
    name = "cds.registries"
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Sổ theo dõi")
    label = "registries"
