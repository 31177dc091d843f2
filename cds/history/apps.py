from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "cds.history"
    label = "history"
    verbose_name = "Lịch sử thay đổi / change history"
