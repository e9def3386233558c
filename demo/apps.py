from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional demo council: its accounts, market, evidence, levels, panels and a failure
    incident, and the commands that seed them (never in production). It sits above every other
    app and may import any of them; no app imports it."""

    name = "demo"
