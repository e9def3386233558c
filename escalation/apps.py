from django.apps import AppConfig

from providers.evidence import on_evidence_changed


class EscalationConfig(AppConfig):
    name = "escalation"

    def ready(self):
        # Imported here, not at the top: an app's models and services may only be imported
        # once the app registry is ready (Django's rule for ready()), not to dodge a cycle.
        from escalation.services import risk_mark_for_recalculation
        from escalation.timeline import register_escalation_sources

        register_escalation_sources()
        # Evidence recorded by quality marks the risk score out of date (ADR 0013).
        on_evidence_changed(risk_mark_for_recalculation)
