from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared pieces: the base model, the page shell, standard pages and the health check."""

    name = "core"
