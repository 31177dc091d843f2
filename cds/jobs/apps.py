from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "cds.jobs"
    verbose_name = "Việc chạy nền / background jobs"
