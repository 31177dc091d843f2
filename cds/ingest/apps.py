from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "cds.ingest"
    label = "ingest"
    verbose_name = "Đọc báo cáo cũ / Old reports"
