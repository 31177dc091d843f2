"""The queue's own rows (django-tasks' ``DBTaskResult``) are not an admin page of ours: its list and
form name their columns in English only (``task_name``, ``args_kwargs``…), which a Vietnamese
administrator must never be shown, and every job a person starts is on the jobs pages with who
started it, its progress and its outcome in both languages (``cds.jobs.views``)."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
