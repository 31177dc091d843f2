from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class JobsConfig(AppConfig):
    name = "cds.jobs"
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Việc chạy nền")
