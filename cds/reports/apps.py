from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cds.reports"
    label = "reports"
    verbose_name = "Báo cáo"
