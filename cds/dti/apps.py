from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DtiConfig(AppConfig):
    verbose_name = _("Chỉ số DTI")
    name = "cds.dti"
    label = "dti"
