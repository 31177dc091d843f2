from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "cds.units"
    verbose_name = _("Đơn vị hành chính")
    label = "units"
