from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class NotificationsConfig(AppConfig):
    name = "cds.notifications"
    label = "notifications"
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Thông báo")
