"""``cds accounts``: roles on units, API keys, lockouts.

Thin: each subcommand parses, calls one function of ``cds.accounts.services`` / ``tokens`` /
``lockout``, prints with ``cds.lib.output.emit``; input problems become a bilingual CommandError.
"""

from __future__ import annotations

from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cds.lib.errors import InputError
from cds.lib.output import add_format_argument, emit
from cds.units.services import resolve_unit
from cds.values.services import Actor

from ... import lockout, services, tokens
from ...models import ApiToken


class Command(BaseCommand):
    help = "Tài khoản: vai trò trên đơn vị, khoá API, mở khoá đăng nhập / roles, API keys, lockouts"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("grant", "give a role on a unit"), ("revoke", "take a role on a unit away")):
            p = sub.add_parser(name, help=text)
            p.add_argument("user")
            p.add_argument("role", help="admin, supervisor, officer or viewer")
            p.add_argument("unit", nargs="?", help="unit code or name (not for admin)")
            p.add_argument(
                "--era", choices=["legacy", "current"], help="legacy (63 provinces) or current (34)"
            )
            add_format_argument(p)
        listing = sub.add_parser("list", help="role assignments")
        listing.add_argument("--user")
        add_format_argument(listing)

        token = sub.add_parser("token", help="personal API keys")
        token_sub = token.add_subparsers(dest="token_action", required=True)
        create = token_sub.add_parser("create", help="issue a key (printed once, never stored)")
        create.add_argument("user")
        create.add_argument("--name", default="", help="what the key is for")
        add_format_argument(create)
        revoke = token_sub.add_parser("revoke", help="revoke a key by id or prefix")
        revoke.add_argument("token", help="id or prefix shown by `token list`")
        add_format_argument(revoke)
        token_list = token_sub.add_parser(
            "list", help="keys (prefix, owner, state), never the keys themselves"
        )
        token_list.add_argument("--user")
        add_format_argument(token_list)

        unlock = sub.add_parser("unlock", help="forget failed logins of a username (ends a lockout)")
        unlock.add_argument("user")
        add_format_argument(unlock)

    @property
    def _out(self) -> IO[str]:
        return cast(IO[str], self.stdout)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "token":
            action = f"token_{options['token_action']}"
        try:
            getattr(self, f"_{action}")(options)
        except InputError as err:
            raise CommandError(str(err)) from err

    @staticmethod
    def _actor(action: str) -> Actor:
        return Actor(f"cli: cds accounts {action}", "manual")

    def _target(self, options: dict[str, Any]) -> tuple[Any, services.Role, Any]:
        user = services.get_user(options["user"])
        role = services.parse_role(options["role"])
        unit = resolve_unit(options["unit"], era=options["era"]) if options["unit"] else None
        return user, role, unit

    def _grant(self, options: dict[str, Any]) -> None:
        user, role, unit = self._target(options)
        result = services.grant(user, role, unit, self._actor("grant"))
        row = _assignment_row(result.assignment)
        row["changed"] = result.created
        emit(
            row if options["format"] == "json" else [row],
            options["format"],
            self._out,
            columns=[*_COLUMNS, "changed"],
        )

    def _revoke(self, options: dict[str, Any]) -> None:
        user, role, unit = self._target(options)
        removed = services.revoke(user, role, unit, self._actor("revoke"))
        row = {
            "user": user.get_username(),
            "role": role.value,
            "unit": unit.code if unit else "",
            "removed": removed,
        }
        emit(row if options["format"] == "json" else [row], options["format"], self._out)

    def _list(self, options: dict[str, Any]) -> None:
        user = services.get_user(options["user"]) if options["user"] else None
        rows = [_assignment_row(a) for a in services.assignments(user)]
        emit(rows, options["format"], self._out, columns=_COLUMNS, title="role assignments")

    def _token_create(self, options: dict[str, Any]) -> None:
        user = services.get_user(options["user"])
        token, key = tokens.create_token(user, options["name"])
        row = {**_token_row(token), "key": key}
        if options["format"] == "json":
            emit(row, "json", self._out)
            return
        emit([row], options["format"], self._out, columns=["id", "user", "name", "key"])
        if options["format"] == "table":
            self.stderr.write(
                "Khoá chỉ hiển thị một lần; hãy lưu lại ngay. / The key is shown only once; store it now."
            )

    def _token_revoke(self, options: dict[str, Any]) -> None:
        token = tokens.find_token(options["token"])
        changed = tokens.revoke_token(token)
        row = {**_token_row(token), "changed": changed}
        emit(row if options["format"] == "json" else [row], options["format"], self._out)

    def _token_list(self, options: dict[str, Any]) -> None:
        qs = ApiToken.objects.select_related("user")
        if options["user"]:
            qs = qs.filter(user=services.get_user(options["user"]))
        emit(
            [_token_row(t) for t in qs],
            options["format"],
            self._out,
            columns=_TOKEN_COLUMNS,
            title="API keys",
        )

    def _unlock(self, options: dict[str, Any]) -> None:
        removed = lockout.clear(options["user"])
        row = {"user": lockout.normalise(options["user"]), "failures_cleared": removed}
        emit(row if options["format"] == "json" else [row], options["format"], self._out)


_COLUMNS = ["user", "role", "unit", "unit_name", "era"]
_TOKEN_COLUMNS = ["id", "prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]


def _assignment_row(a: Any) -> dict[str, Any]:
    return {
        "user": a.user.get_username(),
        "role": a.role,
        "unit": a.unit.code if a.unit else "",
        "unit_name": a.unit.name if a.unit else "toàn hệ thống / everything",
        "era": a.unit.era if a.unit else "",
    }


def _token_row(t: ApiToken) -> dict[str, Any]:
    return {
        "id": t.pk,
        "prefix": t.prefix,
        "user": t.user.get_username(),
        "name": t.name,
        "created_at": t.created_at,
        "last_used_at": t.last_used_at,
        "revoked_at": t.revoked_at,
    }
