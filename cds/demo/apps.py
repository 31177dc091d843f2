from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "cds.demo"
    verbose_name = _("Dữ liệu mẫu")
    label = "demo"
