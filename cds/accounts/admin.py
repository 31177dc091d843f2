"""Administrators manage role assignments, API keys and lockouts in /admin/ as well as with ``cds accounts``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ApiToken, LoginFailure, RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "granted_at", "granted_by")
    list_filter = ("role", "unit__era", "unit__level")
    search_fields = ("user__username", "unit__name", "unit__code")
    autocomplete_fields = ("user",)
    raw_id_fields = ("unit",)
    readonly_fields = ("granted_at", "granted_by")

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys are issued with ``cds accounts token create`` (the key is shown once); here they are revoked."""

    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "prefix", "name")
    readonly_fields = ("user", "prefix", "digest", "created_at", "last_used_at")
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Thu hồi khoá đã chọn / revoke selected keys")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        from .tokens import revoke_token

        count = sum(revoke_token(token) for token in queryset)
        self.message_user(request, f"Đã thu hồi {count} khoá / revoked {count} key(s).")


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ("username", "ip", "at", "user_agent")
    search_fields = ("username", "ip")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
