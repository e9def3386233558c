from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, roles, sign-in, two-factor authentication and the access log."""

    name = "accounts"
