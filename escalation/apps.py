from django.apps import AppConfig


class EscalationConfig(AppConfig):
    name = "escalation"

    def ready(self):
        from escalation.timeline import register_escalation_sources

        register_escalation_sources()

        from escalation.letters import register_letter_source

        register_letter_source()
