"""The change records, read-only, for administrators (they are written only by domain functions)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ChangeRecord


class RecordAdmin(admin.ModelAdmin):
    """A record of what happened (a change record, a deadline's history): read, never added,
    changed or deleted by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ChangeRecord)
class ChangeRecordAdmin(RecordAdmin):
    list_display = ("at", "action", "content_type", "object_repr", "actor", "source_kind", "request_id")
    list_filter = ("action", "content_type", "source_kind")
    search_fields = ("object_repr", "actor", "request_id", "reason")
    date_hierarchy = "at"
    raw_id_fields = ("unit", "user")
