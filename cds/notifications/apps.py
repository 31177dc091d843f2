from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cds.notifications"
    label = "notifications"
    verbose_name = "Thông báo / notifications"
