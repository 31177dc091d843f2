from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValuesConfig(AppConfig):
    verbose_name = _("Số liệu báo cáo")
    name = "cds.values"
    label = "values"
