from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cds.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (connects the login signal receivers)
