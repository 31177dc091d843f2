from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class IngestConfig(AppConfig):
    name = "cds.ingest"
    label = "ingest"
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Đọc báo cáo cũ")
