from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistriesConfig(AppConfig):
    name = "cds.registries"
    verbose_name = _("Sổ theo dõi")
    label = "registries"
