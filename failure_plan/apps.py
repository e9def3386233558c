from django.apps import AppConfig


class FailurePlanConfig(AppConfig):
    name = "failure_plan"
