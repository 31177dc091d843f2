from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cds.accounts"
    label = "accounts"
