from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "cds.web"
    verbose_name = _("Trang web")
    label = "web"
