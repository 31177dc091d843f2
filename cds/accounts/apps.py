from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cds.accounts"
    label = "accounts"

    def ready(self) -> None:
        from cds import deploy  # noqa: F401  (registers the deployment check of the secret key)
        from cds.units.models import install_scope_rule

        from . import signals  # noqa: F401  (connects the login signal receivers)
        from .scope import scope_q

        install_scope_rule(scope_q)  # Model.objects.for_user(user, action) everywhere
