"""Administrators manage role assignments, API keys and lockouts in /admin/ as well as with ``cds accounts``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cds.values.services import Actor

from .models import ApiToken, LoginFailure, Role, RoleAssignment
from .services import grant, revoke


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Roles are granted and revoked through ``services.grant`` / ``revoke`` (with their change
    record), never saved directly; a grant is not edited in place: revoke it and grant another."""

    list_display = ("user", "role", "unit", "granted_at", "granted_by")
    list_filter = ("role", "unit__era", "unit__level")
    search_fields = ("user__username", "unit__name", "unit__code")
    autocomplete_fields = ("user",)
    raw_id_fields = ("unit",)
    readonly_fields = ("granted_at", "granted_by")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.pk:
            return ("user", "role", "unit", "granted_at", "granted_by")
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        if change:
            return  # nothing of a grant is editable (see get_readonly_fields)
        saved = grant(obj.user, Role(obj.role), obj.unit, Actor.for_user(request.user)).assignment
        obj.pk, obj.granted_at, obj.granted_by = saved.pk, saved.granted_at, saved.granted_by

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        revoke(obj.user, Role(obj.role), obj.unit, Actor.for_user(request.user))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset.select_related("user", "unit"):
            self.delete_model(request, obj)


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

    @admin.action(description=_("Thu hồi khoá đã chọn"))
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
