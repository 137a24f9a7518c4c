from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vendortrack.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
