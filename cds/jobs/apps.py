from typing import cast

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy
from django_tasks_db.apps import TasksAppConfig


class JobsConfig(AppConfig):
    default = True  # the module holds a second config (the queue's, below)
    name = "cds.jobs"
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Việc chạy nền")


class TaskQueueConfig(TasksAppConfig):
    """django-tasks' database queue under a name of ours: its own is "Tasks Database Backend", in
    English only (the permissions list of the admin's groups shows it)."""

    # the library types its name as a plain str; a lazy translation is one when shown
    verbose_name = cast(str, pgettext_lazy("app", "Hàng đợi việc chạy nền"))
