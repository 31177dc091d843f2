from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AccountsConfig(AppConfig):
    # an app's name, not its model's ("app" context: the English is plural)
    verbose_name = pgettext_lazy("app", "Tài khoản và phân quyền")
    name = "cds.accounts"
    label = "accounts"

    def ready(self) -> None:
        from cds import deploy  # noqa: F401  (registers the deployment check of the secret key)
        from cds.units.models import install_scope_rule  # models only once the app registry is ready

        from . import signals  # noqa: F401  (connects the login signal receivers)
        from .scope import scope_q

        install_scope_rule(scope_q)  # Model.objects.for_user(user, action) everywhere
