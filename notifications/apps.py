from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Telling the people concerned: in the app, and by email through GOV.UK Notify."""

    name = "notifications"
